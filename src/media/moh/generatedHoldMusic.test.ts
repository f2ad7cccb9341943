import { describe, expect, it } from 'vitest';
import { dominantFrequency } from '../dtmf/dominantFrequency.js';
import { goertzel, meanSquare } from '../dtmf/goertzel.js';
import { DBM0_PEAK } from '../tones/dbm0.js';
import { generatedHoldMusic } from './generatedHoldMusic.js';
import { LoopingPcmSource } from './LoopingPcmSource.js';

const dbm0 = (power: number): number => 10 * Math.log10(power / ((DBM0_PEAK * DBM0_PEAK) / 2));
const music = generatedHoldMusic();
const BEAT = 2000;

describe('generatedHoldMusic', () => {
  it('is 16 s, deterministic, and at a hold-music level (peak -6 dBm0, average about -18 dBm0)', () => {
    expect(music).toHaveLength(16 * 8000);
    expect(generatedHoldMusic()).toEqual(music);
    const peak = music.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    expect(dbm0((peak * peak) / 2)).toBeCloseTo(-6, 0);
    const level = dbm0(meanSquare(music));
    expect(level).toBeGreaterThan(-24);
    expect(level).toBeLessThan(-12);
  });

  it('never falls silent: every 250 ms beat carries sound', () => {
    for (let b = 0; b < music.length / BEAT; b += 1) {
      expect(dbm0(meanSquare(music.subarray(b * BEAT, (b + 1) * BEAT)))).toBeGreaterThan(-35);
    }
  });

  it('plays the arpeggio in tune: C4, then E4, then G4 in the first three beats', () => {
    const note = (b: number, lo: number, hi: number): number => dominantFrequency(music.subarray(b * BEAT + 200, (b + 1) * BEAT), lo, hi, 1);
    expect(Math.abs(note(0, 240, 290) - 261.63)).toBeLessThan(2);
    expect(Math.abs(note(1, 300, 360) - 329.63)).toBeLessThan(2);
    expect(Math.abs(note(2, 370, 420) - 392.0)).toBeLessThan(2);
    // An out-of-key semitone (C#4) is far weaker than the note played.
    const first = music.subarray(200, BEAT);
    expect(goertzel(first, 277.18)).toBeLessThan(goertzel(first, 261.63) / 30);
  });

  it('loops without a click: the step from the last sample to the first is like any other', () => {
    let largest = 0;
    for (let i = 1; i < music.length; i += 1) largest = Math.max(largest, Math.abs((music[i] as number) - (music[i - 1] as number)));
    const wrap = Math.abs((music[0] as number) - (music[music.length - 1] as number));
    expect(wrap).toBeLessThan(largest / 4);
    const source = new LoopingPcmSource(music);
    for (let i = 0; i < 801; i += 1) source.read();
    expect(source.read()).toHaveLength(160);
  });
});
