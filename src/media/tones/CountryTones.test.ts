import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dominantFrequency } from '../dtmf/dominantFrequency.js';
import { FRAME_SAMPLES } from '../Frame.js';
import { CountryTones, DEFAULT_RINGBACK, TONE_NAMES } from './CountryTones.js';
import { ToneError } from './ToneError.js';

const profile = (country: string): { tones: { dial: string; busy: string; reorder: string } } =>
  JSON.parse(readFileSync(join(import.meta.dirname, `../../../boards/profiles/${country}.json`), 'utf8')) as { tones: { dial: string; busy: string; reorder: string } };

function collect(source: { read(): Int16Array | null }, frames: number): Int16Array {
  const out = new Int16Array(frames * FRAME_SAMPLES);
  for (let i = 0; i < frames; i += 1) out.set(source.read() ?? new Int16Array(FRAME_SAMPLES), i * FRAME_SAMPLES);
  return out;
}

describe('CountryTones', () => {
  it.each(['us', 'gb', 'de', 'fr', 'se', 'au'])('%s: builds every tone from the profile strings', (country) => {
    const tones = new CountryTones(profile(country).tones);
    for (const name of TONE_NAMES) expect(tones.source(name).read()).toHaveLength(FRAME_SAMPLES);
  });

  it('us busy is 480+620 Hz, 500 ms on, 500 ms off', () => {
    const tones = new CountryTones(profile('us').tones);
    expect(tones.tone('busy').parts.map((p) => p.samples)).toEqual([4000, 4000]);
    const on = collect(tones.source('busy'), 25);
    expect(Math.abs(dominantFrequency(on, 400, 550, 2) - 480)).toBeLessThan(2);
    expect(Math.abs(dominantFrequency(on, 550, 700, 2) - 620)).toBeLessThan(2);
  });

  it('uses the given ringback, or ITU-T E.180 ringing tone when the profile has none', () => {
    expect(new CountryTones(profile('de').tones).tone('ringback').spec.parts.map((p) => p.durationMs)).toEqual([1000, 4000]);
    expect(DEFAULT_RINGBACK).toBe('425/1000,0/4000');
    const us = new CountryTones({ ...profile('us').tones, ringback: '440+480/2000,0/4000' });
    expect(us.tone('ringback').spec.parts[0]?.frequencies).toEqual([440, 480]);
  });

  it('each source plays from the start, independently of the others', () => {
    const tones = new CountryTones(profile('us').tones);
    const a = tones.source('reorder');
    for (let i = 0; i < 10; i += 1) a.read();
    const b = tones.source('reorder');
    expect(b.read()).toEqual(tones.source('reorder').read());
  });

  it('names the tone and the source in the error for a bad string', () => {
    expect(() => new CountryTones({ dial: '350+440', busy: '480+620/500,0/5x0', reorder: '480+620/250,0/250' }, { label: 'us.json tones' })).toThrow(ToneError);
    expect(() => new CountryTones({ dial: '350+440', busy: '480+620/500,0/5x0', reorder: '480+620/250,0/250' }, { label: 'us.json tones' })).toThrow(
      /^us\.json tones\.busy "480\+620\/500,0\/5x0": duration "5x0" is not a whole number of ms/,
    );
  });
});
