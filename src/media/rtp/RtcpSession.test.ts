import { describe, expect, it } from 'vitest';
import { parseRtcp } from './parseRtcp.js';
import { RtcpSession } from './RtcpSession.js';
import { RtpReceptionStats } from './RtpReceptionStats.js';
import { RtpSender } from './RtpSender.js';
import { serializeRtcp } from './serializeRtcp.js';

function setup(random = (): number => 0.5): { session: RtcpSession; sender: RtpSender; reception: RtpReceptionStats; clock: { t: number } } {
  const clock = { t: 1000 };
  let r = 0;
  const sender = new RtpSender({ payloadType: 0, random: () => [0xabc, 100, 8000][r++ % 3] ?? 0 });
  const reception = new RtpReceptionStats();
  const session = new RtcpSession({ cname: 'keyline@test', sender, reception, wallClock: () => Date.UTC(2026, 0, 1), now: () => clock.t, random });
  return { session, sender, reception, clock };
}

describe('RtcpSession (RFC 3550 §6.2, §6.4)', () => {
  it('the first report is due after half an interval, the next ones at most 5 s apart, randomised', () => {
    const draws = [0, 0.999999, 0.5];
    let i = 0;
    const { session, clock } = setup(() => draws[i++] ?? 0.5);
    expect(session.nextReportAt).toBeCloseTo(1000 + 5000 / 3 / 2);
    expect(session.due()).toBe(false);
    clock.t = session.nextReportAt;
    expect(session.due()).toBe(true);
    session.report();
    expect(session.nextReportAt - clock.t).toBeCloseTo(5000, 0);
    clock.t = session.nextReportAt;
    session.report();
    expect(session.nextReportAt - clock.t).toBeCloseTo(5000 * (2 / 3));
  });

  it('every interval lies in [5/3 s, 5 s] whatever the random source says', () => {
    for (const u of [-1, 0, 0.3, 0.99999, 2]) {
      const { session, clock } = setup(() => u);
      session.report();
      const gap = session.nextReportAt - clock.t;
      expect(gap).toBeGreaterThanOrEqual(5000 / 3);
      expect(gap).toBeLessThanOrEqual(5000);
    }
  });

  it('an RR with no block before anything was sent or received', () => {
    const { session } = setup();
    expect(parseRtcp(session.report())).toEqual([
      { type: 'rr', ssrc: 0xabc, reports: [] },
      { type: 'sdes', chunks: [{ ssrc: 0xabc, items: [{ type: 1, text: 'keyline@test' }] }] },
    ]);
  });

  it('an SR while sending (with the peer block once valid), an RR once we stopped for two reports', () => {
    const { session, sender, reception, clock } = setup();
    sender.audioInto(new Uint8Array(12 + 160));
    sender.audioInto(new Uint8Array(12 + 160));
    reception.receive({ ssrc: 77, sequence: 1, timestamp: 0 }, clock.t);
    reception.receive({ ssrc: 77, sequence: 2, timestamp: 160 }, clock.t + 20);
    const [sr] = parseRtcp(session.report());
    expect(sr).toMatchObject({ type: 'sr', ssrc: 0xabc, rtpTimestamp: 8320, packetCount: 2, octetCount: 320, reports: [{ ssrc: 77, extendedHighestSequence: 2 }] });
    expect(sr?.type === 'sr' && sr.ntp.seconds).toBe(Date.UTC(2026, 0, 1) / 1000 + 2_208_988_800);
    expect(parseRtcp(session.report())[0]?.type).toBe('sr'); // sent since the report before the last
    expect(parseRtcp(session.report())[0]?.type).toBe('rr');
    sender.audioInto(new Uint8Array(12 + 160));
    expect(parseRtcp(session.report())[0]?.type).toBe('sr');
  });

  it('the SR carries the RTP timestamp of its own instant when the owner says what that is', () => {
    const clock = { t: 0 };
    const sender = new RtpSender({ payloadType: 0, random: () => 7 });
    sender.audioInto(new Uint8Array(12 + 160));
    const session = new RtcpSession({ cname: 'c', sender, reception: new RtpReceptionStats(), wallClock: () => 0, now: () => clock.t, rtpTimestampNow: () => 0x1_0000_0005 });
    expect(parseRtcp(session.report())[0]).toMatchObject({ type: 'sr', rtpTimestamp: 5 });
  });

  it('goodbye ends the compound with BYE for our SSRC', () => {
    const { session } = setup();
    const packets = parseRtcp(session.goodbye('leg closed'));
    expect(packets.map((p) => p.type)).toEqual(['rr', 'sdes', 'bye']);
    expect(packets[2]).toEqual({ type: 'bye', ssrcs: [0xabc], reason: 'leg closed' });
    expect(parseRtcp(session.goodbye()).at(-1)).toEqual({ type: 'bye', ssrcs: [0xabc] });
  });

  it('receive parses the peer compound and feeds its SR to the reception stats for LSR/DLSR', () => {
    const { session, reception, clock } = setup();
    reception.receive({ ssrc: 77, sequence: 1, timestamp: 0 }, clock.t);
    reception.receive({ ssrc: 77, sequence: 2, timestamp: 160 }, clock.t);
    const peer = serializeRtcp([{ type: 'sr', ssrc: 77, ntp: { seconds: 0x00010002, fraction: 0x00030000 }, rtpTimestamp: 1, packetCount: 2, octetCount: 320, reports: [] }]);
    expect(session.receive(peer)).toHaveLength(1);
    clock.t += 250;
    const [rr] = parseRtcp(session.report());
    expect(rr).toMatchObject({ type: 'rr', reports: [{ ssrc: 77, lastSenderReport: 0x00020003, delaySinceLastSenderReport: 16384 }] });
    expect(() => session.receive(Uint8Array.of(0, 1))).toThrow(expect.objectContaining({ name: 'RtpError' }));
  });
});
