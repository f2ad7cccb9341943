import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CountryProfile } from '../hal/contracts/index.js';
import { toneCadence } from '../hal/fxo/toneCadence.js';

const dir = new URL('./profiles/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

const positive = (v: unknown) => typeof v === 'number' && v > 0;

describe('boards/profiles', () => {
  it('has at least us, gb, de, fr, se, au', () => {
    expect(files).toEqual(expect.arrayContaining(['us.json', 'gb.json', 'de.json', 'fr.json', 'se.json', 'au.json']));
  });

  it.each(files)('%s has the CountryProfile shape (hardware.md §2.3)', (file) => {
    const p = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as CountryProfile;
    expect(Object.keys(p).sort()).toEqual(['callerId', 'country', 'daa', 'disconnect', 'dtmf', 'flashMs', 'pulse', 'ring', 'tones'].sort());
    expect(`${p.country}.json`).toBe(file);
    const cadences = Object.values(p.ring.cadencesMs);
    expect(cadences.length).toBeGreaterThan(0);
    for (const c of cadences) {
      expect(c.length % 2).toBe(0);
      expect(c.every(positive)).toBe(true);
    }
    expect(['bell202', 'v23-uk', 'v23-etsi', 'dtmf', 'modem']).toContain(p.callerId.standard);
    expect(['beforeFirstRing', 'afterFirstRing']).toContain(p.callerId.timing);
    for (const v of [p.ring.validateMs, p.callerId.holdMs, p.flashMs, p.dtmf.onMs, p.dtmf.offMs, p.pulse.breakMs, p.pulse.makeMs,
      p.pulse.interDigitMs, p.disconnect.loopDropMinMs, p.disconnect.seizeGuardMs, p.disconnect.busyCount, p.disconnect.silenceMs]) {
      expect(positive(v)).toBe(true);
    }
    expect(p.disconnect.maxCallMs).toBeGreaterThanOrEqual(0);
    for (const cue of p.disconnect.cues) expect(['polarity', 'loopCurrent', 'busyTone', 'silence']).toContain(cue);
    expect(toneCadence(p.tones.dial)).toBeNull();
    expect(toneCadence(p.tones.busy)).not.toBeNull();
    expect(toneCadence(p.tones.reorder)).not.toBeNull();
    expect(typeof p.daa.profile).toBe('string');
  });

  it('carries the ring cadences and busy tones of the hardware.md tables', () => {
    const load = (cc: string) => JSON.parse(readFileSync(new URL(`${cc}.json`, dir), 'utf8')) as CountryProfile;
    expect(load('us').ring.cadencesMs.normal).toEqual([2000, 4000]);
    expect(load('gb').ring.cadencesMs.normal).toEqual([400, 200, 400, 2000]);
    expect(load('au').ring.cadencesMs.normal).toEqual([400, 200, 400, 2000]);
    expect(load('de').ring.cadencesMs.normal).toEqual([1000, 4000]);
    expect(load('se').ring.cadencesMs.normal).toEqual([1000, 5000]);
    expect(load('fr').ring.cadencesMs.normal).toEqual([1500, 3500]);
    expect(load('gb').tones.busy).toBe('400/375,0/375');
    expect(load('de').tones.busy).toBe('425/480,0/480');
    expect(load('se').tones.busy).toBe('425/250,0/250');
    expect(load('fr').tones.busy).toBe('440/500,0/500');
    expect(load('au').tones.busy).toBe('425/375,0/375');
  });
});
