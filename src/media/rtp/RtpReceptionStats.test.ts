import { describe, expect, it } from 'vitest';
import { RtpReceptionStats } from './RtpReceptionStats.js';

const pkt = (ssrc: number, sequence: number, timestamp: number): { ssrc: number; sequence: number; timestamp: number } => ({ ssrc, sequence, timestamp });

describe('RtpReceptionStats (RFC 3550 §6.4.1)', () => {
  it('no report block before the source is valid', () => {
    const r = new RtpReceptionStats();
    expect(r.reportBlock(0)).toBeUndefined();
    r.receive(pkt(5, 1, 0), 0);
    expect(r.reportBlock(0)).toBeUndefined();
    expect(r.ssrc).toBe(5);
  });

  it('a block with loss, jitter in timestamp units, and LSR/DLSR from the last SR', () => {
    const r = new RtpReceptionStats();
    // 20 ms packets, every other one 5 ms late (40 timestamp units); sequence 3 lost.
    const arrivals: [number, number][] = [[1, 0], [2, 25], [4, 60], [5, 85], [6, 100]];
    for (const [seq, at] of arrivals) r.receive(pkt(9, seq, seq * 160), at);
    r.senderReport({ ssrc: 9, ntp: { seconds: 0x00011234, fraction: 0x56780000 } }, 1000);
    r.senderReport({ ssrc: 8, ntp: { seconds: 0, fraction: 0 } }, 1200); // another source: ignored
    const block = r.reportBlock(1500);
    expect(block).toMatchObject({ ssrc: 9, cumulativeLost: 1, extendedHighestSequence: 6, lastSenderReport: 0x12345678, delaySinceLastSenderReport: 32768 });
    expect(block?.fractionLost).toBe(Math.floor(256 / 5));
    expect(block?.jitter).toBeGreaterThan(0);
    expect(r.reportBlock(1600)?.fractionLost).toBe(0);
  });

  it('events count toward sequence and loss, not jitter', () => {
    const r = new RtpReceptionStats();
    r.receive(pkt(1, 10, 0), 0);
    r.receive(pkt(1, 11, 160), 20);
    expect(r.receiveEvent(pkt(1, 12, 0))).toBe(true);
    r.receive(pkt(1, 13, 480), 60);
    expect(r.reportBlock(60)).toMatchObject({ cumulativeLost: 0, extendedHighestSequence: 13, jitter: 0 });
  });

  it('a new SSRC replaces the source and starts every count again', () => {
    const r = new RtpReceptionStats();
    for (let i = 0; i < 5; i += 1) r.receive(pkt(1, i, i * 160), i * 20);
    r.senderReport({ ssrc: 1, ntp: { seconds: 1, fraction: 0 } }, 100);
    r.receive(pkt(2, 500, 0), 120);
    expect(r.ssrc).toBe(2);
    expect(r.reportBlock(130)).toBeUndefined();
    r.receive(pkt(2, 501, 160), 140);
    expect(r.reportBlock(150)).toMatchObject({ ssrc: 2, extendedHighestSequence: 501, cumulativeLost: 0, lastSenderReport: 0 });
  });
});
