import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from '../Frame.js';
import type { Frame } from '../Frame.js';
import { JitterBuffer } from './JitterBuffer.js';
import type { JitterBufferOptions } from './JitterBufferOptions.js';

/** A loud frame whose samples all hold `id` (so the output says which packet played). */
const frame = (id: number): Frame => new Int16Array(FRAME_SAMPLES).fill(id);

interface Send { ssrc?: number; seq: number; ts: number; id: number; atMs: number }

/**
 * Drives a buffer tick by tick: at each 20 ms tick the packets that arrived by then are pushed
 * (with their own arrival time), then pop() runs once. Output: the id played, 'C' for a concealed
 * frame, '-' for null.
 */
function run(sends: Send[], ticks: number, options?: JitterBufferOptions, jb = new JitterBuffer(options)): { out: (number | string)[]; jb: JitterBuffer } {
  const queue = [...sends].sort((a, b) => a.atMs - b.atMs);
  const out: (number | string)[] = [];
  for (let t = 0; t < ticks; t += 1) {
    while (queue.length > 0 && (queue[0]?.atMs ?? Infinity) <= t * 20) {
      const s = queue.shift();
      if (s !== undefined) jb.push({ ssrc: s.ssrc ?? 1, sequence: s.seq & 0xffff, timestamp: s.ts >>> 0, payload: frame(s.id) }, s.atMs);
    }
    const f = jb.pop();
    out.push(f === null ? '-' : f[0] === f[FRAME_SAMPLES - 1] ? (f[0] ?? 0) : 'C');
  }
  return { out, jb };
}

/** Packets 0..n-1 sent every 20 ms, each arriving `delay(i)` ms after it was sent. */
function stream(n: number, o: { seq0?: number; ts0?: number; ssrc?: number; t0?: number; id0?: number; delay?: (i: number) => number; skip?: number[] } = {}): Send[] {
  const out: Send[] = [];
  for (let i = 0; i < n; i += 1) {
    if (o.skip?.includes(i)) continue;
    out.push({ ssrc: o.ssrc ?? 1, seq: (o.seq0 ?? 100) + i, ts: (o.ts0 ?? 8000) + i * 160, id: (o.id0 ?? 1000) + i, atMs: (o.t0 ?? 0) + i * 20 + (o.delay?.(i) ?? 0) });
  }
  return out;
}

const ids = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** A small deterministic PRNG for network delays. */
function lcg(seed: number): () => number {
  let x = seed;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 0x1_0000_0000;
  };
}

describe('JitterBuffer', () => {
  it('starts a stream 60 ms behind its first packet and then plays one frame per tick', () => {
    const { out, jb } = run(stream(10), 13);
    expect(out).toEqual(['-', '-', '-', ...ids(1000, 1009)]);
    expect(jb.stats()).toMatchObject({ played: 10, lost: 0, late: 0, concealed: 0, targetMs: 60 });
  });

  it('puts reordered packets back in order', () => {
    const sends = stream(8, { delay: (i) => (i === 2 ? 30 : 0) }); // 2 arrives after 3
    expect(run(sends, 11).out).toEqual(['-', '-', '-', ...ids(1000, 1007)]);
  });

  it('drops duplicates, whether still buffered or already played', () => {
    const sends = [...stream(8), { seq: 101, ts: 8160, id: 9, atMs: 25 }, { seq: 100, ts: 8000, id: 9, atMs: 100 }];
    const { out, jb } = run(sends, 11);
    expect(out).toEqual(['-', '-', '-', ...ids(1000, 1007)]);
    expect(jb.stats().duplicates).toBe(2);
  });

  it('conceals a single lost packet with the previous frame faded, and counts it lost', () => {
    const { out, jb } = run(stream(6, { skip: [2] }), 9);
    expect(out).toEqual(['-', '-', '-', 1000, 1001, 'C', 1003, 1004, 1005]);
    expect(jb.stats()).toMatchObject({ lost: 1, concealed: 1 });
  });

  it('the concealed frame is the previous one, attenuated and fading to silence', () => {
    const jb = new JitterBuffer({ initialMs: 20, minMs: 20 });
    jb.push({ ssrc: 1, sequence: 1, timestamp: 0, payload: frame(10000) }, 0);
    jb.push({ ssrc: 1, sequence: 3, timestamp: 320, payload: frame(2) }, 40);
    expect(jb.pop()).toBeNull();
    expect(jb.pop()?.[0]).toBe(10000);
    const c = jb.pop();
    expect(c?.[0]).toBe(7500);
    expect(Math.abs(c?.[FRAME_SAMPLES - 1] ?? 99)).toBeLessThan(100);
    expect(jb.pop()?.[0]).toBe(2);
  });

  it('plays silence after the one concealed frame for a longer gap', () => {
    const { out, jb } = run(stream(8, { skip: [2, 3, 4] }), 11);
    expect(out).toEqual(['-', '-', '-', 1000, 1001, 'C', '-', '-', 1005, 1006, 1007]);
    expect(jb.stats()).toMatchObject({ lost: 3, concealed: 1 });
  });

  it('drops a packet that comes after its slot, and grows by holding for its lateness', () => {
    const sends = stream(12, { delay: (i) => (i === 4 ? 100 : 0) }); // due at tick 7, arrives at tick 9
    const { out, jb } = run(sends, 16);
    // 7: 1004 missing, concealed; 9: 1004 arrives two frames late, dropped; 9-10: two ticks held.
    expect(out).toEqual(['-', '-', '-', 1000, 1001, 1002, 1003, 'C', 1005, 'C', '-', 1006, 1007, 1008, 1009, 1010]);
    expect(jb.stats()).toMatchObject({ late: 1, lost: 1, targetMs: 60 + 2 * 20, grown: 2 });
  });

  it('adapts to jitter: the target grows with the estimate, and few packets are late', () => {
    const random = lcg(7);
    const sends = stream(1500, { delay: () => Math.floor(random() * 80) });
    const { jb } = run(sends, 1520);
    const s = jb.stats();
    expect(s.targetMs).toBeGreaterThan(60);
    expect(s.targetMs).toBeLessThanOrEqual(200);
    expect(s.jitterMs).toBeGreaterThan(10);
    expect(s.late).toBeLessThan(1500 * 0.02);
    expect(s.played + s.lost).toBeGreaterThan(1450);
  });

  it('never aims beyond 200 ms, however late packets are', () => {
    const sends = stream(300, { delay: (i) => (i % 50 === 10 ? 180 : 0) });
    const { jb } = run(sends, 320);
    expect(jb.stats().targetMs).toBeLessThanOrEqual(200);
    expect(jb.stats().depthMs).toBeLessThanOrEqual(220);
  });

  it('shrinks slowly on a clean stream: the target decays to the minimum and frames are dropped to meet it', () => {
    const sends = stream(400, { delay: () => 0 });
    const { out, jb } = run(sends, 400, { initialMs: 100, windowFrames: 20, decayFrames: 50 });
    const s = jb.stats();
    expect(s.targetMs).toBe(20);
    expect(s.shrunk).toBeGreaterThanOrEqual(3);
    expect(s.lost).toBe(0);
    expect(s.depthMs).toBeLessThanOrEqual(40);
    // What played is the stream in order, minus the frames dropped.
    const played = out.filter((x): x is number => typeof x === 'number');
    expect(played).toEqual([...played].sort((a, b) => a - b));
    expect(played.length + s.shrunk).toBe((played.at(-1) ?? 0) - 999);
  });

  it.each([[19.9, 'faster'], [20.1, 'slower']])('follows a sender whose clock runs %s ms per frame (%s than ours): depth stays bounded', (period) => {
    const sends: Send[] = [];
    for (let i = 0; i < 3000; i += 1) sends.push({ seq: i, ts: i * 160, id: 1000 + i, atMs: Math.round(i * period) });
    const { out, jb } = run(sends, 3000, { windowFrames: 50 });
    const s = jb.stats();
    expect(s.depthMs).toBeLessThanOrEqual(120);
    expect(s.played + s.shrunk + s.lost).toBeGreaterThan(2900);
    expect(s.late).toBeLessThan(40);
    expect(out.filter((x) => x === 'C').length).toBeLessThan(40);
  });

  it('a talkspurt after silence starts at the current target, without playing the silence out', () => {
    const first = stream(10);
    // 1 s of silence (sender suppressed it; timestamps moved on), then the next talkspurt.
    const second = stream(10, { seq0: 110, ts0: 8000 + 60 * 160, t0: 60 * 20, id0: 2000 });
    const { out, jb } = run([...first, ...second], 80, { initialMs: 100, decayFrames: 10 });
    expect(out.indexOf(1000)).toBe(5); // 100 ms at the start
    expect(jb.stats().targetMs).toBe(20); // decayed during the silence
    const start = out.indexOf(2000);
    expect(start).toBe(61); // sent at tick 60, played 20 ms later: the silence was not played out
    expect(jb.stats().lost).toBe(0);
    expect(out.slice(start, start + 10)).toEqual(ids(2000, 2009));
  });

  it('restarts at once on a new SSRC (hold/resume, transfer): no stall, no gap played out', () => {
    const a = stream(10, { ssrc: 1, seq0: 5, ts0: 0xfffff000 });
    const b = stream(12, { ssrc: 2, seq0: 40000, ts0: 0x12345678, t0: 200, id0: 2000 });
    const { out, jb } = run([...a, ...b], 25);
    // b's first packet comes at tick 10: what a still had buffered (60 ms) is dropped, b starts 60 ms later.
    expect(out).toEqual(['-', '-', '-', ...ids(1000, 1006), '-', '-', '-', ...ids(2000, 2011)]);
    expect(jb.stats()).toMatchObject({ resyncs: 1, late: 0 });
  });

  it('plays across sequence and timestamp wrap-around without loss', () => {
    const { out, jb } = run(stream(20, { seq0: 65530, ts0: 0xffffffff - 5 * 160 + 1 }), 23);
    expect(out).toEqual(['-', '-', '-', ...ids(1000, 1019)]);
    expect(jb.stats()).toMatchObject({ lost: 0, late: 0, duplicates: 0, resyncs: 0 });
  });

  it('a timestamp jump in sequence on the same SSRC (resume without a new SSRC) restarts instead of stalling', () => {
    const a = stream(10);
    const b = stream(10, { seq0: 110, ts0: 8000 + 10 * 160 + 8000 * 3600, t0: 200, id0: 2000 });
    const backwards = stream(10, { seq0: 120, ts0: 1234, t0: 400, id0: 3000 });
    const { out, jb } = run([...a, ...b, ...backwards], 40);
    expect(out).toEqual(['-', '-', '-', ...ids(1000, 1006), '-', '-', '-', ...ids(2000, 2006), '-', '-', '-', ...ids(3000, 3009), 'C', ...new Array<string>(6).fill('-')]);
    // The frames a restart drops count as lost: the numbering runs on.
    expect(jb.stats()).toMatchObject({ resyncs: 2, lost: 6, late: 0 });
  });

  it('a stray packet far out of reach is late, not a restart; a renumbered stream restarts on its second packet', () => {
    const strays = [{ seq: 50, ts: 8000 - 8000 * 60, id: 7, atMs: 200 }, { seq: 20000, ts: 8000 + 400, id: 7, atMs: 240 }];
    const { out, jb } = run([...stream(30), ...strays], 33);
    expect(out).toEqual(['-', '-', '-', ...ids(1000, 1029)]);
    expect(jb.stats()).toMatchObject({ late: 2, resyncs: 0 });

    const renumbered = stream(10, { seq0: 9000, ts0: 5, t0: 200, id0: 2000 });
    const r = run([...stream(10), ...renumbered], 25);
    expect(r.out).toEqual(['-', '-', '-', ...ids(1000, 1007), '-', '-', '-', ...ids(2001, 2009), 'C', '-']);
    expect(r.jb.stats()).toMatchObject({ resyncs: 1, late: 1 });
  });

  it('whatever the network does (delay, reordering, duplicates, loss), frames play in order and at most once (fast-check)', () => {
    const net = fc.array(fc.record({ delay: fc.integer({ min: 0, max: 150 }), copies: fc.integer({ min: 0, max: 2 }) }), { minLength: 20, maxLength: 120 });
    fc.assert(fc.property(net, fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffffffff }), (fate, seq0, ts0) => {
      const sends: Send[] = [];
      fate.forEach((f, i) => {
        for (let c = 0; c < f.copies; c += 1) sends.push({ seq: seq0 + i, ts: ts0 + i * 160, id: 1000 + i, atMs: i * 20 + f.delay + c * 7 });
      });
      const { out, jb } = run(sends, fate.length + 20);
      const played = out.filter((x): x is number => typeof x === 'number');
      for (let i = 1; i < played.length; i += 1) expect(played[i]).toBeGreaterThan(played[i - 1] ?? Infinity);
      const s = jb.stats();
      expect(s.played).toBe(played.length);
      expect(s.depthMs).toBeLessThanOrEqual(200);
    }), { numRuns: 300 });
  });

  it('its own frames (frame()) are recycled, yet a frame pop() returned stays intact until the next pop (fast-check)', () => {
    const net = fc.array(fc.record({ delay: fc.integer({ min: 0, max: 150 }), copies: fc.integer({ min: 0, max: 2 }) }), { minLength: 20, maxLength: 120 });
    fc.assert(fc.property(net, fc.integer({ min: 0, max: 0xffff }), (fate, seq0) => {
      const sends: Send[] = [];
      fate.forEach((f, i) => {
        for (let c = 0; c < f.copies; c += 1) sends.push({ seq: seq0 + i, ts: i * 160, id: 1000 + i, atMs: i * 20 + f.delay + c * 7 });
      });
      sends.sort((a, b) => a.atMs - b.atMs);
      const jb = new JitterBuffer();
      let outsidePool = 0;
      let held: { frame: Frame; id: number } | null = null;
      let next = 0;
      for (let t = 0; t < fate.length + 20; t += 1) {
        for (; next < sends.length && (sends[next]?.atMs ?? Infinity) <= t * 20; next += 1) {
          const s = sends[next] as Send;
          const payload = jb.frame();
          payload.fill(s.id);
          jb.push({ ssrc: 1, sequence: s.seq & 0xffff, timestamp: s.ts, payload }, s.atMs);
          // What the caller of the last pop() holds has not been handed out again and overwritten.
          if (held !== null) expect([held.frame[0], held.frame[FRAME_SAMPLES - 1]]).toEqual([held.id, held.id]);
        }
        const f = jb.pop();
        held = f === null || f[0] !== f[FRAME_SAMPLES - 1] ? null : { frame: f, id: f[0] ?? 0 };
        if (held !== null && held.frame.buffer.byteLength === FRAME_SAMPLES * 2) outsidePool += 1;
      }
      // Every frame played was one of the buffer's own: the pool never ran dry.
      expect(outsidePool).toBe(0);
    }), { numRuns: 300 });
  });

  it('a packet older than one already played stays late, even after a talkspurt restart moved the playout point back', () => {
    // Found by the property below: 0 is 122 ms late, 1 plays, 3 comes after a gap and restarts playout earlier.
    const sends = [{ seq: 0, ts: 0, id: 1000, atMs: 122 }, { seq: 1, ts: 160, id: 1001, atMs: 20 }, { seq: 3, ts: 480, id: 1003, atMs: 121 }];
    const { out, jb } = run(sends, 14);
    expect(out.filter((x) => typeof x === 'number')).toEqual([1001, 1003]);
    expect(jb.stats().late).toBe(1);
  });

  it('refuses misuse', () => {
    const jb = new JitterBuffer();
    expect(() => jb.push({ ssrc: 1, sequence: 1, timestamp: 1, payload: new Int16Array(80) }, 0)).toThrow(/payload must hold 160/);
    expect(() => jb.push({ ssrc: 1, sequence: 70000, timestamp: 1, payload: frame(1) }, 0)).toThrow(/sequence/);
    expect(() => jb.push({ ssrc: 1, sequence: 1, timestamp: -1, payload: frame(1) }, 0)).toThrow(/timestamp/);
    expect(() => new JitterBuffer({ minMs: 0 })).toThrow(/minMs/);
    expect(() => new JitterBuffer({ minMs: 100, maxMs: 60 })).toThrow(/maxMs/);
    expect(jb.pop()).toBeNull();
    expect(jb.stats().depthMs).toBe(0);
  });
});
