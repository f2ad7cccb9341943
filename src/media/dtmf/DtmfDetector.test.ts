import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from '../Frame.js';
import type { Frame } from '../Frame.js';
import { dbm0ToPeak } from '../tones/dbm0.js';
import { DtmfDetector } from './DtmfDetector.js';
import { DTMF_COLUMNS, DTMF_DIGITS, DTMF_ROWS, dtmfFrequencies } from './DtmfDigit.js';
import type { DtmfDigit } from './DtmfDigit.js';
import { DtmfGenerator } from './DtmfGenerator.js';

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

/** Cuts any signal into frames, starting `offset` samples in (to vary the alignment). */
function frames(signal: ArrayLike<number>, offset = 0): Frame[] {
  const out: Frame[] = [];
  for (let at = -offset; at < signal.length; at += FRAME_SAMPLES) {
    const f = new Int16Array(FRAME_SAMPLES);
    for (let i = 0; i < FRAME_SAMPLES; i += 1) {
      const v = Math.round(signal[at + i] ?? 0);
      f[i] = Math.max(-32768, Math.min(32767, v));
    }
    out.push(f);
  }
  return out;
}

function generated(digits: string, options: { onMs?: number; offMs?: number } = {}): Int16Array {
  const source = new DtmfGenerator(options).source(digits);
  const parts: number[] = [];
  for (let f = source.read(); f !== null; f = source.read()) parts.push(...f);
  return Int16Array.from(parts);
}

function detectAll(input: Frame[], detector = new DtmfDetector()): string {
  let out = '';
  for (const f of input) out += detector.process(f) ?? '';
  return out;
}

const silenceMs = (ms: number): Int16Array => new Int16Array(ms * 8);
const concat = (...xs: ArrayLike<number>[]): Float64Array => {
  const out = new Float64Array(xs.reduce((a, x) => a + x.length, 0));
  let at = 0;
  for (const x of xs) {
    out.set(Array.from(x), at);
    at += x.length;
  }
  return out;
};

describe('DtmfDetector', () => {
  it.each(DTMF_DIGITS)('round trip: detects %s from the generator once, at every frame alignment', (digit) => {
    for (const offset of [0, 37, 80, 121]) {
      expect(detectAll(frames(concat(silenceMs(40), generated(digit), silenceMs(100)), offset))).toBe(digit);
    }
  });

  it('detects a sequence of digits, repeated digits included', () => {
    const digits = '1234567890*#ABCD5599';
    expect(detectAll(frames(generated(digits)))).toBe(digits);
    expect(detectAll(frames(generated('77', { onMs: 50, offMs: 70 }), 60))).toBe('77');
  });

  it('reports a long press once', () => {
    expect(detectAll(frames(concat(generated('9', { onMs: 2000, offMs: 100 }))))).toBe('9');
  });

  const lossTrack = '0123456789*#ABCD'.repeat(3);
  const lossClean = frames(generated(lossTrack));
  const conceal = (input: Frame[], lost: (i: number) => boolean, how: 'silence' | 'repeat'): Frame[] => {
    let previous: Frame = new Int16Array(FRAME_SAMPLES);
    return input.map((f, i) => {
      const out = lost(i) ? (how === 'silence' ? new Int16Array(FRAME_SAMPLES) : previous) : f;
      previous = out;
      return out;
    });
  };
  const isSubsequence = (sub: string, of: string): boolean => {
    let at = 0;
    for (const c of sub) {
      at = of.indexOf(c, at) + 1;
      if (at === 0) return false;
    }
    return true;
  };

  it.each(['silence', 'repeat'] as const)('5 %% frame loss concealed by %s: every 20th frame lost, at every phase, changes nothing', (how) => {
    for (let phase = 0; phase < 20; phase += 1) {
      expect(detectAll(conceal(lossClean, (i) => i % 20 === phase, how))).toBe(lossTrack);
    }
  });

  it.each(['silence', 'repeat'] as const)('random 5 %% frame loss concealed by %s: never a doubled or false digit; a miss only where a burst ate the press', (how) => {
    let detected = 0;
    for (let seed = 1; seed <= 10; seed += 1) {
      const random = seeded(seed);
      const lost = lossClean.map(() => random() < 0.05);
      const out = detectAll(conceal(lossClean, (i) => lost[i] === true, how));
      expect(isSubsequence(out, lossTrack)).toBe(true);
      detected += out.length;
    }
    expect(detected).toBeGreaterThanOrEqual(0.98 * 10 * lossTrack.length);
  });

  it('detects weak digits (-25 dBm0), twisted digits, and digits in noise', () => {
    const random = seeded(3);
    const tone = (digit: DtmfDigit, lowDb: number, highDb: number, ms: number): Float64Array => {
      const [lo, hi] = dtmfFrequencies(digit);
      return Float64Array.from({ length: ms * 8 }, (_, n) => dbm0ToPeak(lowDb) * Math.sin((2 * Math.PI * lo * n) / 8000) + dbm0ToPeak(highDb) * Math.sin((2 * Math.PI * hi * n) / 8000));
    };
    const noise = (ms: number, rms: number): Float64Array => Float64Array.from({ length: ms * 8 }, () => (random() * 2 - 1) * rms * Math.sqrt(3));
    const gap = silenceMs(80);
    expect(detectAll(frames(concat(tone('5', -25, -25, 60), gap, tone('6', -4, -10, 60), gap, tone('D', -12, -6, 60), gap)))).toBe('56D');
    // Each tone at -12 dBm0 against white noise at -32 dBm0 (20 dB SNR).
    const noisy = concat(tone('8', -12, -12, 100), gap, tone('#', -12, -12, 100), gap).map((v, i, all) => v + (noise(all.length / 8, dbm0ToPeak(-32) / Math.SQRT2)[i] ?? 0));
    expect(detectAll(frames(noisy))).toBe('8#');
  });

  it('ignores a press shorter than 30 ms', () => {
    expect(detectAll(frames(concat(silenceMs(20), generated('3', { onMs: 25, offMs: 100 }))))).toBe('');
  });

  it('rejects single tones at each DTMF frequency', () => {
    for (const f of [...DTMF_ROWS, ...DTMF_COLUMNS]) {
      const x = Float64Array.from({ length: 8000 }, (_, n) => 10_000 * Math.sin((2 * Math.PI * f * n) / 8000));
      expect(detectAll(frames(x))).toBe('');
    }
  });

  it('rejects white noise and speech-like sound', () => {
    const random = seeded(11);
    const white = Float64Array.from({ length: 80_000 }, () => (random() * 2 - 1) * 8000);
    expect(detectAll(frames(white))).toBe('');

    // 10 s of voiced "speech": a gliding 90-260 Hz fundamental with harmonics shaped by three
    // wandering formants, syllable-rate loudness, and breath noise.
    const speech = new Float64Array(80_000);
    let phase = 0;
    for (let n = 0; n < speech.length; n += 1) {
      const t = n / 8000;
      const f0 = 175 + 85 * Math.sin(2 * Math.PI * 0.7 * t) * Math.sin(2 * Math.PI * 0.23 * t + 1);
      phase += (2 * Math.PI * f0) / 8000;
      const formants = [600 + 300 * Math.sin(2 * Math.PI * 1.3 * t), 1500 + 600 * Math.sin(2 * Math.PI * 0.9 * t + 2), 2600];
      let v = 0;
      for (let h = 1; h * f0 < 3600; h += 1) {
        const fh = h * f0;
        const gain = formants.reduce((g, fc) => g + 1 / (1 + ((fh - fc) / 120) ** 2), 0);
        v += (gain / h) * Math.sin(h * phase);
      }
      const syllable = Math.max(0, Math.sin(2 * Math.PI * 4 * t)) ** 0.5;
      speech[n] = syllable * (6000 * v + (random() * 2 - 1) * 300);
    }
    const detector = new DtmfDetector();
    expect(detectAll(frames(speech), detector)).toBe('');
  });

  it('rejects a frame of the wrong length', () => {
    expect(() => new DtmfDetector().process(new Int16Array(80))).toThrow(/160 samples/);
  });
});
