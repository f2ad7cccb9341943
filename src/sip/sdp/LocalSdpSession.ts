import { randomInt } from 'node:crypto';
import { buildSdp } from './buildSdp.js';
import type { LocalDescription } from './LocalDescription.js';

/** A fresh `o=` session id: random, so two keyline restarts never reuse one (RFC 4566 §5.2). */
export function newSessionId(): string {
  return String(randomInt(1, 2 ** 47));
}

/**
 * keyline's side of one SDP session (one call leg): a fixed session id and a version that goes
 * up by one with every new offer or answer that differs from the previous one. RFC 3264 §8
 * requires the increment for a changed description and the same version for an unchanged one
 * (a session-refresh re-INVITE answered with the same SDP).
 */
export class LocalSdpSession {
  private current = 1;
  private previousBody: string | undefined;

  constructor(readonly sessionId: string = newSessionId()) {
    if (!/^\d{1,19}$/.test(sessionId)) throw new RangeError(`sessionId must be 1-19 digits, got "${sessionId}"`);
  }

  get version(): number {
    return this.current;
  }

  /** The SDP text for `desc`, versioned against the previous rendering (the first is version 1). */
  render(desc: LocalDescription): string {
    const unversioned = buildSdp(desc, { sessionId: this.sessionId, version: 0 });
    if (this.previousBody !== undefined && this.previousBody !== unversioned) this.current += 1;
    this.previousBody = unversioned;
    return buildSdp(desc, { sessionId: this.sessionId, version: this.current });
  }
}
