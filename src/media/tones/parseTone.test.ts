import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTone } from './parseTone.js';
import { ToneError } from './ToneError.js';

const profilesDir = join(import.meta.dirname, '../../../boards/profiles');

describe('parseTone', () => {
  it('reads a cadenced dual tone that repeats', () => {
    expect(parseTone('480+620/500,0/500')).toEqual({
      parts: [
        { frequencies: [480, 620], combine: 'mix', durationMs: 500 },
        { frequencies: [], combine: 'mix', durationMs: 500 },
      ],
      repeatFrom: 0,
    });
  });

  it('reads a continuous tone, a single frequency and a modulated one', () => {
    expect(parseTone('350+440')).toEqual({ parts: [{ frequencies: [350, 440], combine: 'mix', durationMs: null }], repeatFrom: 0 });
    expect(parseTone(' 425 ')).toEqual({ parts: [{ frequencies: [425], combine: 'mix', durationMs: null }], repeatFrom: 0 });
    expect(parseTone('425*25/1000,0/4000').parts[0]).toEqual({ frequencies: [425, 25], combine: 'modulate', durationMs: 1000 });
  });

  it("'!' parts play once; the cadence repeats from the first part without '!'", () => {
    expect(parseTone('!350+440/100,!0/100,!350+440/100,!0/100,350+440').repeatFrom).toBe(4);
    expect(parseTone('!440/200').repeatFrom).toBeNull();
    expect(parseTone('!440/200,!0/200,!440/200').repeatFrom).toBeNull();
  });

  it('a tone whose repeating tail is only silence plays once', () => {
    expect(parseTone('!425/200,0/200').repeatFrom).toBeNull();
    expect(parseTone('!425/200,0/200').parts).toHaveLength(2);
  });

  it('parses every country profile tone', () => {
    const files = readdirSync(profilesDir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const profile = JSON.parse(readFileSync(join(profilesDir, file), 'utf8')) as { tones: Record<string, string> };
      for (const [name, text] of Object.entries(profile.tones)) {
        expect(() => parseTone(text, `${file} tones.${name}`)).not.toThrow();
      }
    }
  });

  it.each([
    ['', /is empty/, 0],
    ['480+x/250', /frequency "x" is not a whole number of Hz/, 4],
    ['480+620/25o', /duration "25o" is not a whole number of ms/, 8],
    ['425/0', /duration 0 ms is outside/, 4],
    ['4000', /not below 4000 Hz/, 0],
    ['425,0/500', /only the last part may leave out its duration/, 4],
    ['480++620', /frequency "\+620" is not a whole number|a frequency is missing/, 4],
    ['425/500,,0/500', /a part is empty/, 8],
    ['M4/200', /musical notes/, 0],
    ['425*0', /modulated tone needs two frequencies/, 0],
    ['425.5', /not a whole number of Hz/, 0],
  ])('rejects %j with a clear error', (text, reason, index) => {
    let error: unknown;
    try {
      parseTone(text, 'tones.busy');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ToneError);
    const e = error as ToneError;
    expect(e.message).toMatch(reason);
    expect(e.message).toContain(`tones.busy "${text}"`);
    expect(e.code).toBe('bad-tone');
    expect(e.index).toBe(index);
  });
});
