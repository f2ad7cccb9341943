import type { AlertInfo } from '../../core/effects.js';
import { callerIdentity, nameAddr } from './callerIdentity.js';

/**
 * The extra headers of an alert INVITE to a phone (issue: "ringing a phone"): the caller in
 * P-Asserted-Identity (the From carries the same identity), and an Alert-Info naming the line so
 * that phones can ring each line differently (Yealink, Polycom and Snom match on `info=`). A
 * recall rings as `keyline-recall`.
 */
export function alertHeaders(a: AlertInfo, domain: string): string[] {
  const id = callerIdentity(a.callerId, { id: a.line, label: a.label }, domain);
  const info = a.kind === 'recall' ? 'keyline-recall' : `keyline-${a.line}`;
  return [`P-Asserted-Identity: ${nameAddr(id)}`, `Alert-Info: <urn:x-keyline:line:${a.line}>;info=${info}`];
}

/**
 * Auto-answer headers for a call keyline places to a phone because its bound key panel pressed a
 * line key (issue: "panels bound to SIP stations"): RFC 5373-style `answer-after=0` that Snom,
 * Grandstream and Cisco honour, and the Alert-Info variants Yealink and Polycom accept.
 */
export function autoAnswerHeaders(domain: string): string[] {
  return [`Call-Info: <sip:${domain}>;answer-after=0`, 'Alert-Info: info=alert-autoanswer;delay=0, <http://127.0.0.1>;info=Auto Answer'];
}
