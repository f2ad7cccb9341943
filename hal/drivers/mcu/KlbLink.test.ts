import { describe, expect, it } from 'vitest';
import { FLAG_ACK_REQ, FLAG_RETX, MsgType } from '../../codecs/klb/constants.js';
import { KlbDecoder } from '../../codecs/klb/KlbDecoder.js';
import type { KlbFrame } from '../../codecs/klb/KlbFrame.js';
import { SimulatedClock } from '../../sim/SimulatedClock.js';
import { BoardClock } from './BoardClock.js';
import { KlbLink } from './KlbLink.js';

function link(clock = new SimulatedClock()) {
  const sent: KlbFrame[] = [];
  const decoder = new KlbDecoder();
  const lost: number[] = [];
  const delivered: KlbFrame[] = [];
  const l = new KlbLink(clock, { write: (b) => sent.push(...decoder.push(b)), deliver: (f) => (delivered.push(f), 0), lost: (seq) => lost.push(seq) });
  return { l, sent, lost, delivered, clock };
}
const ack = (seq: number, status = 0): KlbFrame => ({ ver: 1, type: MsgType.ACK, seq: 0, flags: 0, ch: 0xff, ts: 0, payload: Uint8Array.of(seq & 0xff, seq >> 8, status) });

describe('KlbLink', () => {
  it('at most 8 unacknowledged frames in flight; an ACK lets the next go', async () => {
    const { l, sent } = link();
    const acks = Array.from({ length: 10 }, (_, i) => l.request(i % 4, { kind: 'hook', off: false }, () => new Error('stop')));
    for (const a of acks) a.catch(() => undefined);
    expect(sent.map((f) => f.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    l.receive(ack(3, 6));
    expect(sent.map((f) => f.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    await expect(acks[3]).resolves.toBe(6);
    l.stop(new Error('stop'));
    await expect(acks[9]).rejects.toThrow('stop');
  });

  it('repeats every 100 ms with RETX, 3 times, then reports the frame lost', () => {
    const { l, sent, lost, clock } = link();
    l.request(0, { kind: 'flash', ms: 100 }, () => new Error('stop')).catch(() => undefined);
    clock.advance(99);
    expect(sent).toHaveLength(1);
    clock.advance(300);
    expect(sent.map((f) => [f.seq, f.flags])).toEqual([[0, FLAG_ACK_REQ], [0, FLAG_ACK_REQ | FLAG_RETX], [0, FLAG_ACK_REQ | FLAG_RETX], [0, FLAG_ACK_REQ | FLAG_RETX]]);
    expect(lost).toEqual([]);
    clock.advance(100);
    expect(lost).toEqual([0]);
    expect(l.retransmits).toBe(3);
  });

  it('sequence numbers wrap at 16 bits', () => {
    let last: Uint8Array = new Uint8Array();
    const l = new KlbLink(new SimulatedClock(), { write: (b) => { last = b; }, deliver: () => 0, lost: () => undefined });
    for (let i = 0; i < 0x10000; i++) l.send(0, { kind: 'getStatus' });
    expect(l.send(0, { kind: 'getStatus' })).toBe(0);
    expect(new KlbDecoder().push(last)[0]?.seq).toBe(0);
  });

  it('ACKs board frames and answers a duplicate with the original ACK without delivering it again', () => {
    const { l, sent, delivered } = link();
    const ring: KlbFrame = { ver: 1, type: MsgType.RING, seq: 42, flags: FLAG_ACK_REQ, ch: 0, ts: 0, payload: Uint8Array.of(1, 0, 0) };
    l.receive(ring);
    l.receive({ ...ring, flags: FLAG_ACK_REQ | FLAG_RETX });
    expect(delivered).toHaveLength(1);
    expect(sent.map((f) => [f.type, ...f.payload])).toEqual([[MsgType.ACK, 42, 0, 0], [MsgType.ACK, 42, 0, 0]]);
  });
});

describe('BoardClock', () => {
  it('maps from the sample with the smallest round trip, never into the future', () => {
    const clock = new SimulatedClock(10_000);
    const bc = new BoardClock(clock);
    expect(bc.toHost(5)).toBe(10_000);
    clock.advance(40);
    bc.sample(10_000, 500);          // rtt 40: board 500 ↔ host 10 020
    clock.advance(10);
    bc.sample(10_048, 530);          // rtt 2: board 530 ↔ host 10 049
    clock.advance(1000);
    expect(bc.toHost(1530)).toBe(11_049);
    expect(bc.toHost(999_999)).toBe(clock.now());
    bc.reset();
    expect(bc.toHost(1530)).toBe(clock.now());
  });
});
