import type { SystemStatus } from '../control/messages.js';
import { renderTable } from './renderTable.js';

/** The SIP part of a status, present when the configuration has a `sip:` section. */
export type SipView = NonNullable<SystemStatus['sip']>;

/** `keyline status`'s SIP sections, in order; `now` is the status's `t` (expiries are on its clock). */
export function formatSipSections(sip: SipView, now: number): string[] {
  return [
    `REGISTRATIONS\n${formatRegistrations(sip, now)}`,
    `SUBSCRIPTIONS\n${formatSubscriptions(sip)}`,
    `CALL LEGS\n${formatLegs(sip)}`,
    `BLOCKED ADDRESSES\n${formatBlocked(sip, now)}`,
  ];
}

/** One row per registered contact: a phone may register several. */
export function formatRegistrations(sip: SipView, now: number): string {
  if (sip.registrations.length === 0) return 'no registrations\n';
  const rows = [...sip.registrations]
    .sort((a, b) => a.station.localeCompare(b.station) || a.contact.localeCompare(b.contact))
    .map((r) => [r.station, r.contact, `${r.flow.proto} ${hostPort(r.flow.address, r.flow.port)}`, seconds(r.expiresAt - now), r.userAgent ?? '-']);
  return renderTable(['STATION', 'CONTACT', 'TRANSPORT', 'EXPIRES IN', 'USER AGENT'], rows);
}

/** BLF subscriptions: who watches whose view (a station's, or the outsider view) of which line. */
export function formatSubscriptions(sip: SipView): string {
  if (sip.subscriptions.length === 0) return 'no subscriptions\n';
  const rows = [...sip.subscriptions]
    .sort((a, b) => (a.subscriber ?? '').localeCompare(b.subscriber ?? '') || a.line.localeCompare(b.line))
    .map((s) => [
      s.subscriber ?? 'unknown',
      s.viewer ?? 'outsider',
      s.line,
      seconds(s.expiresIn * 1000),
      s.version === null ? '-' : String(s.version),
      s.state,
    ]);
  return renderTable(['SUBSCRIBER', 'VIEW', 'LINE', 'EXPIRES IN', 'VERSION', 'STATE'], rows);
}

/** The phones' call legs (alerts, answered calls, holds). */
export function formatLegs(sip: SipView): string {
  if (sip.legs.length === 0) return 'no call legs\n';
  const rows = [...sip.legs]
    .sort((a, b) => a.station.localeCompare(b.station) || (a.line ?? '').localeCompare(b.line ?? ''))
    .map((l) => [l.station, l.line ?? '-', l.kind, l.state, l.held ? 'yes' : 'no']);
  return renderTable(['STATION', 'LINE', 'KIND', 'STATE', 'HELD'], rows);
}

/** Source addresses refused after failed digest authentication, until their block ends. */
export function formatBlocked(sip: SipView, now: number): string {
  if (sip.blocked.length === 0) return 'no blocked addresses\n';
  return renderTable(['ADDRESS', 'UNBLOCKED IN'], sip.blocked.map((b) => [b.address, seconds(b.until - now)]));
}

/** `keyline watch`'s SIP caption: where SIP listens, how many phones are registered, how many subscriptions. */
export function sipCaption(sip: SipView): string {
  const phones = new Set(sip.registrations.map((r) => r.station)).size;
  const subscriptions = sip.subscriptions.length;
  return `SIP ${sip.listen}  ${count(phones, 'phone')} registered · ${count(subscriptions, 'subscription')}`;
}

function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** A duration in ms as whole seconds, never negative (an expiry already passed shows 0 s). */
function seconds(ms: number): string {
  return `${Math.max(0, Math.round(ms / 1000))} s`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
