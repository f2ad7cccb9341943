/** A transport address. */
export interface UdpSource {
  address: string;
  port: number;
}

export type LatchDecision = 'latched' | 'accepted' | 'relatched' | 'foreign';

/**
 * Symmetric RTP (RFC 4961; "comedia"): keyline sends where the peer's RTP comes from, which a NAT
 * between them makes the only address that works. Pure; the leg feeds it every valid packet
 * (right version, negotiated payload type) after the first `setRemote()`.
 *
 * - Until a packet latches, keyline sends to the SDP address. The first valid packet latches.
 * - Packets from the latched source are accepted (a new SSRC from it is just a new stream).
 * - From another source: the latch moves there when that source has a new SSRC and is the SDP
 *   address (a re-INVITE moved the media, a transfer), or when the latched source has been quiet
 *   for `quietMs` (the peer's NAT binding changed). Otherwise the packet is foreign: ignored.
 * - `remoteChanged()` (a setRemote with another address or port) forgets the latch.
 */
export class SymmetricLatch {
  private latched: (UdpSource & { ssrc: number; lastMs: number }) | null = null;
  private sdpAddress = '';

  constructor(private readonly quietMs: number) {}

  /** Where RTP goes now: the latched source, or null for the SDP address. */
  get target(): UdpSource | null {
    const c = this.latched;
    return c === null ? null : { address: c.address, port: c.port };
  }

  /** `target` without the copy, for the per-packet send path: read it, never keep or change it. */
  get current(): Readonly<UdpSource> | null {
    return this.latched;
  }

  /** A setRemote(): the SDP address, and whether the destination changed (then the latch is forgotten). */
  remote(sdp: UdpSource, changed: boolean): void {
    this.sdpAddress = sdp.address;
    if (changed) this.latched = null;
  }

  /** Whether a source is latched and has sent nothing for the quiet time (its socket may let others in again). */
  quiet(nowMs: number): boolean {
    return this.latched !== null && nowMs - this.latched.lastMs >= this.quietMs;
  }

  /** A valid packet from `address:port` (passed apart, so the per-packet path builds no object). */
  offer(address: string, port: number, ssrc: number, nowMs: number): LatchDecision {
    const c = this.latched;
    if (c === null) {
      this.latched = { address, port, ssrc, lastMs: nowMs };
      return 'latched';
    }
    if (c.address === address && c.port === port) {
      c.ssrc = ssrc;
      c.lastMs = nowMs;
      return 'accepted';
    }
    const newStreamFromSdp = ssrc !== c.ssrc && address === this.sdpAddress;
    if (newStreamFromSdp || nowMs - c.lastMs >= this.quietMs) {
      this.latched = { address, port, ssrc, lastMs: nowMs };
      return 'relatched';
    }
    return 'foreign';
  }
}
