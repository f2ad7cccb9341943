import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from '../Frame.js';
import type { Frame, FrameSink, FrameSource } from '../Frame.js';
import { Conference } from './Conference.js';
import { saturate } from './saturate.js';

/** Plays the frames it is given, one per read, then nulls. */
class ScriptedSource implements FrameSource {
  reads = 0;
  constructor(private frames: (Frame | null)[] = []) {}
  say(...frames: (Frame | null)[]): void {
    this.frames.push(...frames);
  }
  read(): Frame | null {
    this.reads += 1;
    return this.frames.shift() ?? null;
  }
}

/** Keeps a copy of every frame (FrameSink: the array itself must not be kept) and the array's identity. */
class RecordingSink implements FrameSink {
  readonly heard: Int16Array[] = [];
  readonly arrays: Frame[] = [];
  write(frame: Frame): void {
    this.arrays.push(frame);
    this.heard.push(frame.slice());
  }
  get last(): Int16Array {
    const f = this.heard[this.heard.length - 1];
    if (f === undefined) throw new Error('nothing heard');
    return f;
  }
}

const constant = (v: number): Frame => new Int16Array(FRAME_SAMPLES).fill(v);
const ramp = (base: number): Frame => Int16Array.from({ length: FRAME_SAMPLES }, (_, i) => base + i);

function party(conf: Conference, opts: { speaks?: boolean; hears?: boolean } = {}) {
  const source = new ScriptedSource();
  const sink = new RecordingSink();
  const member = conf.add({ source, sink, ...opts });
  return { source, sink, member };
}

const sample = fc.integer({ min: -32768, max: 32767 });
const frameArb = fc.array(sample, { minLength: FRAME_SAMPLES, maxLength: FRAME_SAMPLES }).map((xs) => Int16Array.from(xs));
const loudFrameArb = fc.array(fc.oneof(fc.constantFrom(-32768, 32767, 30000, -30000), sample), { minLength: FRAME_SAMPLES, maxLength: FRAME_SAMPLES }).map((xs) => Int16Array.from(xs));

describe('Conference', () => {
  it('property: each participant hears saturate(sum of the others), never its own audio', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ frame: fc.option(fc.oneof(frameArb, loudFrameArb), { nil: null }), speaks: fc.boolean(), hears: fc.boolean() }), { minLength: 1, maxLength: 8 }),
        (spec) => {
          const conf = new Conference();
          const parties = spec.map((p) => {
            const x = party(conf, { speaks: p.speaks, hears: p.hears });
            x.source.say(p.frame);
            return x;
          });
          conf.tick();
          parties.forEach((p, i) => {
            if (!spec[i]?.hears) {
              expect(p.sink.heard).toHaveLength(0);
              return;
            }
            const expected = new Int16Array(FRAME_SAMPLES);
            for (let s = 0; s < FRAME_SAMPLES; s += 1) {
              let total = 0;
              spec.forEach((q, j) => {
                if (j !== i && q.speaks && q.frame) total += q.frame[s] ?? 0;
              });
              expected[s] = saturate(total);
            }
            expect(p.sink.last).toEqual(expected);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('saturates instead of wrapping', () => {
    const conf = new Conference();
    const [a, b, c, listener] = [party(conf), party(conf), party(conf), party(conf, { speaks: false })];
    a.source.say(constant(30000));
    b.source.say(constant(30000));
    c.source.say(constant(-1000));
    conf.tick();
    expect(a.sink.last).toEqual(constant(29000));
    expect(c.sink.last).toEqual(constant(32767));
    expect(listener.sink.last).toEqual(constant(32767));
    a.source.say(constant(-30000));
    b.source.say(constant(-30000));
    c.source.say(constant(-30000));
    conf.tick();
    expect(a.sink.last).toEqual(constant(-32768));
    expect(listener.sink.last).toEqual(constant(-32768));
  });

  it('with two participants is a plain bridge: each gets exactly the other\'s frame, same tick, no copy', () => {
    const conf = new Conference();
    const a = party(conf);
    const b = party(conf);
    const fa = ramp(100);
    const fb = ramp(-500);
    a.source.say(fa);
    b.source.say(fb);
    conf.tick();
    expect(b.sink.arrays[0]).toBe(fa);
    expect(a.sink.arrays[0]).toBe(fb);
    expect(b.sink.last).toEqual(ramp(100));
  });

  it('a silent (null) source is silence; everyone still gets one frame per tick', () => {
    const conf = new Conference();
    const a = party(conf);
    const b = party(conf);
    a.source.say(ramp(7));
    conf.tick();
    expect(b.sink.last).toEqual(ramp(7));
    expect(a.sink.last).toEqual(new Int16Array(FRAME_SAMPLES));
    conf.tick();
    expect(a.sink.heard).toHaveLength(2);
    expect(b.sink.last).toEqual(new Int16Array(FRAME_SAMPLES));
  });

  it('a held participant neither hears nor is heard, and its source is still drained', () => {
    const conf = new Conference();
    const far = party(conf);
    const a = party(conf);
    const b = party(conf);
    b.member.speaks = false;
    b.member.hears = false;
    far.source.say(constant(10));
    a.source.say(constant(20));
    b.source.say(constant(3000));
    conf.tick();
    expect(far.sink.last).toEqual(constant(20));
    expect(a.sink.last).toEqual(constant(10));
    expect(b.sink.heard).toHaveLength(0);
    expect(b.source.reads).toBe(1);

    b.member.speaks = true; // resumed
    b.member.hears = true;
    far.source.say(constant(10));
    a.source.say(constant(20));
    b.source.say(constant(3000));
    conf.tick();
    expect(far.sink.last).toEqual(constant(3020));
    expect(b.sink.last).toEqual(constant(30));
  });

  it('a listen-only participant hears everyone and is heard by no one', () => {
    const conf = new Conference();
    const a = party(conf);
    const b = party(conf);
    const l = party(conf, { speaks: false });
    a.source.say(constant(1));
    b.source.say(constant(2));
    l.source.say(constant(1000));
    conf.tick();
    expect(l.sink.last).toEqual(constant(3));
    expect(a.sink.last).toEqual(constant(2));
    expect(b.sink.last).toEqual(constant(1));
  });

  it('participants join and leave during operation, also from inside a sink', () => {
    const conf = new Conference();
    const a = party(conf);
    const b = party(conf);
    a.source.say(constant(1), constant(1), constant(1));
    b.source.say(constant(2), constant(2), constant(2));
    conf.tick();
    const c = party(conf);
    c.source.say(constant(4), constant(4));
    conf.tick();
    expect(a.sink.last).toEqual(constant(6));
    expect(c.sink.last).toEqual(constant(3));
    conf.remove(b.member);
    conf.remove(b.member);
    conf.tick();
    expect(a.sink.last).toEqual(constant(4));
    expect(b.sink.heard).toHaveLength(2);
    expect(conf.members).toEqual([a.member, c.member]);

    // A sink that removes its own member and adds a new one mid-tick.
    const late = new RecordingSink();
    const d = conf.add({
      source: null,
      sink: {
        write: (f) => {
          late.write(f);
          conf.remove(d);
          conf.add({ source: new ScriptedSource([constant(9)]), sink: null, name: 'newcomer' });
        },
      },
    });
    conf.tick();
    expect(late.heard).toHaveLength(1);
    expect(conf.members.map((m) => m.name)).toEqual([a.member.name, c.member.name, 'newcomer']);
    conf.tick();
    expect(a.sink.last).toEqual(constant(9));
  });

  it('an injected tone is heard by everyone who hears, then ends by itself when its source returns null', () => {
    const conf = new Conference();
    const far = party(conf);
    const a = party(conf);
    const held = party(conf, { speaks: false, hears: false });
    const tone = new ScriptedSource([constant(100), constant(100)]);
    conf.inject(tone, { to: 'all' });
    far.source.say(constant(5), constant(5), constant(5));
    a.source.say(constant(7), constant(7), constant(7));
    conf.tick();
    expect(far.sink.last).toEqual(constant(107));
    expect(a.sink.last).toEqual(constant(105));
    expect(held.sink.heard).toHaveLength(0);
    conf.tick();
    conf.tick(); // tone returns null: gone
    expect(far.sink.last).toEqual(constant(7));
    expect(tone.reads).toBe(3);
    conf.tick();
    expect(tone.reads).toBe(3);
  });

  it('an injection can be stopped early', () => {
    const conf = new Conference();
    const a = party(conf);
    const stop = conf.inject(new ScriptedSource([constant(50), constant(50)]), { to: 'all' });
    conf.tick();
    expect(a.sink.last).toEqual(constant(50));
    stop();
    conf.tick();
    expect(a.sink.last).toEqual(constant(0));
  });

  it('throws, naming the participant, when a source gives a frame of the wrong length', () => {
    const conf = new Conference();
    conf.add({ source: { read: () => new Int16Array(80) }, sink: null, name: 'phone 12' });
    expect(() => conf.tick()).toThrow(/phone 12.*80 samples/);
  });

  it('reuses its buffers: no new output arrays tick after tick', () => {
    const conf = new Conference();
    const ps = [party(conf), party(conf), party(conf)];
    for (let t = 0; t < 3; t += 1) ps.forEach((p, i) => p.source.say(constant(i + t)));
    conf.tick();
    conf.tick();
    conf.tick();
    for (const p of ps) {
      expect(p.sink.arrays[1]).toBe(p.sink.arrays[0]);
      expect(p.sink.arrays[2]).toBe(p.sink.arrays[0]);
    }
  });
});
