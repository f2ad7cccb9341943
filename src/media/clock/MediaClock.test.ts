import { describe, expect, it } from 'vitest';
import type { MediaLog, MediaLogLevel } from '../MediaEndpoint.js';
import { MediaClock } from './MediaClock.js';
import type { MediaTimer } from './MediaTimer.js';

/**
 * A hand-moved time source whose timers fire `lateness()` ms after they fall due, as a loaded
 * event loop does. Only one timer may be pending at a time in these tests' subject, but the fake
 * keeps any number so a leak would show.
 */
class FakeTimer implements MediaTimer {
  time = 1000.25;
  private seq = 0;
  readonly pending = new Map<number, { at: number; fn: () => void }>();
  maxPending = 0;

  /** `fireAt(now, ms)`: when a timer set at `now` for `ms` fires (default: `lateness()` ms late). */
  constructor(
    private readonly lateness: () => number = () => 0,
    private readonly fireAt = (now: number, ms: number): number => now + Math.max(0, ms) + lateness(),
  ) {}

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.pending.set(id, { at: this.fireAt(this.time, ms), fn });
    this.maxPending = Math.max(this.maxPending, this.pending.size);
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Fires every timer falling due up to `t` in order, then sets the time to `t`. */
  advanceTo(t: number): void {
    for (;;) {
      let best: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.pending) if (!best || entry[1].at < best[1].at) best = entry;
      if (!best || best[1].at > t) break;
      this.pending.delete(best[0]);
      this.time = Math.max(this.time, best[1].at);
      best[1].fn();
    }
    this.time = t;
  }

  advance(ms: number): void {
    this.advanceTo(this.time + ms);
  }
}

/** A deterministic pseudo-random sequence in [0, 1) (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class RecordingLog implements MediaLog {
  readonly entries: { level: MediaLogLevel; component: string; fields: Record<string, unknown> }[] = [];
  log(level: MediaLogLevel, component: string, fields: Record<string, string | number | boolean | null | undefined>): void {
    this.entries.push({ level, component, fields });
  }
}

describe('MediaClock', () => {
  it('does not drift over 10,000 ticks when every timer fires up to 8 ms late', () => {
    const random = seeded(7);
    const timer = new FakeTimer(() => random() * 8);
    const clock = new MediaClock({ timer });
    const origin = timer.now();
    const sent: { tick: number; at: number }[] = [];
    clock.subscribe((tick) => sent.push({ tick, at: timer.now() }));
    timer.advance(10_000 * 20 + 8.5);

    expect(sent).toHaveLength(10_000);
    sent.forEach(({ tick, at }, i) => {
      expect(tick).toBe(i + 1);
      const deadline = origin + tick * 20;
      expect(at).toBeGreaterThanOrEqual(deadline - 1);
      expect(at).toBeLessThanOrEqual(deadline + 8);
    });
    const stats = clock.stats();
    expect(stats).toMatchObject({ ticks: 10_000, skipped: 0 });
    expect(stats.lateness.max).toBeLessThanOrEqual(8);
    expect(stats.lateness.p50).toBeGreaterThanOrEqual(-1);
  });

  it('sends each tick at most earlyMs before its deadline with a punctual timer, and re-arms a timer that fires too early', () => {
    // Fires after 70% of what it was asked for, as a coarse timer might.
    const timer = new FakeTimer(undefined, (now, ms) => now + 0.7 * Math.max(0, ms));
    const clock = new MediaClock({ timer, earlyMs: 1 });
    const origin = timer.now();
    const at: number[] = [];
    clock.subscribe(() => at.push(timer.now() - origin));
    timer.advance(100);
    expect(at).toHaveLength(5);
    at.forEach((t, i) => {
      expect(t).toBeGreaterThanOrEqual((i + 1) * 20 - 1);
      expect(t).toBeLessThanOrEqual((i + 1) * 20);
    });
  });

  it('runs one timer for many subscribers, in subscription order', () => {
    const timer = new FakeTimer();
    const clock = new MediaClock({ timer });
    const calls: string[] = [];
    for (let i = 0; i < 64; i += 1) clock.subscribe((tick) => calls.push(`${i}@${tick}`));
    timer.advance(60);
    expect(timer.maxPending).toBe(1);
    expect(timer.pending.size).toBe(1);
    expect(calls).toHaveLength(64 * 3);
    expect(calls.slice(0, 3)).toEqual(['0@1', '1@1', '2@1']);
    expect(calls[64]).toBe('0@2');
  });

  it('stops, leaving no timer, when the last subscriber leaves; starts afresh with the next', () => {
    const timer = new FakeTimer();
    const clock = new MediaClock({ timer });
    const ticks: number[] = [];
    const a = clock.subscribe((t) => ticks.push(t));
    const b = clock.subscribe(() => undefined);
    timer.advance(45);
    a();
    a(); // a second call is harmless
    expect(clock.isRunning).toBe(true);
    b();
    expect(clock.isRunning).toBe(false);
    expect(timer.pending.size).toBe(0);
    timer.advance(1000);
    expect(ticks).toEqual([1, 2]);

    clock.subscribe((t) => ticks.push(t));
    timer.advance(20);
    expect(ticks).toEqual([1, 2, 1]);
  });

  it('after a 2 s stall delivers only maxCatchUp ticks, the newest, and counts the skipped ones', () => {
    const timer = new FakeTimer();
    const log = new RecordingLog();
    const clock = new MediaClock({ timer, log, maxCatchUp: 5 });
    const ticks: number[] = [];
    clock.subscribe((t) => ticks.push(t));
    timer.advance(40);
    expect(ticks).toEqual([1, 2]);

    // The event loop is blocked: nothing fires until 2 s later.
    const [entry] = [...timer.pending.values()];
    if (entry === undefined) throw new Error('no timer pending');
    entry.at += 2000; // tick 3's timer fires at 2059 ms, when tick 103 is due
    timer.advanceTo(entry.at + 11);
    expect(ticks.slice(2)).toEqual([99, 100, 101, 102, 103]);
    expect(clock.stats().skipped).toBe(96);
    expect(log.entries.some((e) => e.fields.event === 'ticks-skipped' && e.fields.skipped === 96)).toBe(true);

    timer.advance(40);
    expect(ticks.slice(7)).toEqual([104, 105]);
  });

  it('catches up a short stall in full', () => {
    const timer = new FakeTimer();
    const clock = new MediaClock({ timer, maxCatchUp: 5 });
    const ticks: number[] = [];
    clock.subscribe((t) => ticks.push(t));
    const [entry] = [...timer.pending.values()];
    if (entry === undefined) throw new Error('no timer pending');
    entry.at += 75; // tick 1 fires at 95 ms: ticks 1..4 are due
    timer.advance(100);
    expect(ticks).toEqual([1, 2, 3, 4, 5]);
    expect(clock.stats().skipped).toBe(0);
  });

  it('logs a listener that throws and still ticks the others', () => {
    const timer = new FakeTimer();
    const log = new RecordingLog();
    const clock = new MediaClock({ timer, log });
    const seen: number[] = [];
    clock.subscribe(() => {
      throw new Error('boom');
    });
    clock.subscribe((t) => seen.push(t));
    timer.advance(40);
    expect(seen).toEqual([1, 2]);
    expect(log.entries.filter((e) => e.level === 'error' && e.fields.error === 'boom')).toHaveLength(2);
  });

  it('a listener unsubscribed during a tick gets no more; one subscribed during a tick starts on the next', () => {
    const timer = new FakeTimer();
    const clock = new MediaClock({ timer });
    const calls: string[] = [];
    let unsubscribeB = (): void => undefined;
    clock.subscribe((t) => {
      calls.push(`a${t}`);
      if (t === 1) {
        unsubscribeB();
        clock.subscribe((u) => calls.push(`c${u}`));
      }
    });
    unsubscribeB = clock.subscribe((t) => calls.push(`b${t}`));
    timer.advance(40);
    expect(calls).toEqual(['a1', 'a2', 'c2']);
  });

  it('stops cleanly when its only listener unsubscribes inside a catch-up burst', () => {
    const timer = new FakeTimer();
    const clock = new MediaClock({ timer });
    const ticks: number[] = [];
    const off = clock.subscribe((t) => {
      ticks.push(t);
      if (t === 2) off();
    });
    const [entry] = [...timer.pending.values()];
    if (entry === undefined) throw new Error('no timer pending');
    entry.at += 60;
    timer.advance(200);
    expect(ticks).toEqual([1, 2]);
    expect(timer.pending.size).toBe(0);
    expect(clock.isRunning).toBe(false);
  });

  it('rejects bad options and a listener subscribed twice, naming the parameter', () => {
    const timer = new FakeTimer();
    expect(() => new MediaClock({ timer, maxCatchUp: 0 })).toThrow(/maxCatchUp/);
    expect(() => new MediaClock({ timer, earlyMs: 20 })).toThrow(/earlyMs/);
    const clock = new MediaClock({ timer });
    const listener = (): void => undefined;
    clock.subscribe(listener);
    expect(() => clock.subscribe(listener)).toThrow(/already subscribed/);
  });
});
