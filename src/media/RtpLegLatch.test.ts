import { describe, expect, it } from 'vitest';
import { SymmetricLatch } from './RtpLegLatch.js';
import type { LatchDecision, UdpSource } from './RtpLegLatch.js';

const A = { address: '192.0.2.10', port: 4000 };
const NAT = { address: '203.0.113.5', port: 61000 };
const OTHER = { address: '198.51.100.9', port: 5000 };
/** A packet from `from` offered to the latch. */
const offer = (l: SymmetricLatch, from: UdpSource, ssrc: number, nowMs: number): LatchDecision => l.offer(from.address, from.port, ssrc, nowMs);

describe('SymmetricLatch (RFC 4961)', () => {
  it('sends to the SDP address until the first packet latches, then where packets come from', () => {
    const l = new SymmetricLatch(500);
    l.remote(A, true);
    expect(l.target).toBeNull();
    expect(offer(l, NAT, 1, 0)).toBe('latched');
    expect(l.target).toEqual(NAT);
    expect(offer(l, NAT, 1, 20)).toBe('accepted');
    expect(offer(l, NAT, 2, 40)).toBe('accepted'); // a new SSRC from the same source is just a new stream
  });

  it('ignores another source while the latched one talks, whatever its SSRC, unless it is the SDP address with a new SSRC', () => {
    const l = new SymmetricLatch(500);
    l.remote(A, true);
    offer(l, NAT, 1, 0);
    expect(offer(l, OTHER, 1, 20)).toBe('foreign');
    expect(offer(l, OTHER, 9, 40)).toBe('foreign');
    expect(offer(l, { ...A, port: 4010 }, 1, 60)).toBe('foreign'); // SDP address, same SSRC
    expect(l.target).toEqual(NAT);
    expect(offer(l, { ...A, port: 4010 }, 7, 80)).toBe('relatched'); // SDP address, new SSRC: media moved
    expect(l.target).toEqual({ ...A, port: 4010 });
  });

  it('moves to another source once the latched one has been quiet for quietMs (a NAT rebinding)', () => {
    const l = new SymmetricLatch(500);
    l.remote(A, true);
    offer(l, NAT, 1, 0);
    expect(offer(l, { ...NAT, port: 61002 }, 1, 499)).toBe('foreign');
    expect(offer(l, { ...NAT, port: 61002 }, 1, 500)).toBe('relatched');
  });

  it('a setRemote with a new destination forgets the latch; the same one keeps it', () => {
    const l = new SymmetricLatch(500);
    l.remote(A, true);
    offer(l, NAT, 1, 0);
    l.remote(A, false);
    expect(l.target).toEqual(NAT);
    l.remote(OTHER, true);
    expect(l.target).toBeNull();
    expect(offer(l, OTHER, 3, 10)).toBe('latched');
  });
});
