import { describe, expect, it } from 'vitest';
import { detectModemProfile, MODEM_PROFILES, modemProfile } from './modemProfiles.js';
import { validateModemProfile } from './ModemProfile.js';
import { modemCaps } from './modemCaps.js';

describe('modem profiles (data)', () => {
  it('every shipped profile validates; the generic one detects nothing and comes last', () => {
    expect([...MODEM_PROFILES.keys()]).toEqual(['usr5637', 'conexant', 'generic-v253']);
    expect(modemProfile('generic-v253').detect).toEqual([]);
  });

  it('detects by ATI answers, case-insensitively', () => {
    expect(detectModemProfile(new Map([['ATI0', ['5601']]])).name).toBe('usr5637');
    expect(detectModemProfile(new Map([['ATI3', ['conexant hcf']]])).name).toBe('conexant');
    expect(detectModemProfile(new Map()).name).toBe('generic-v253');
  });

  it('caps are honest: no loop-current or polarity cue a model does not report', () => {
    const usr = modemCaps(modemProfile('usr5637'), 'u8');
    expect(usr).toMatchObject({ ring: 'ringsOnly', loopCurrent: false, polarity: false, disconnect: ['busyTone', 'silence'], audio: { encoding: 'u8', duplex: true } });
    expect(usr.callerId).toEqual({ standards: ['modem'], decodedBy: 'device' });
    expect(modemCaps(modemProfile('usr5637'), null).audio).toBeNull();
  });

  it('a bad profile is refused naming the key', () => {
    const good = modemProfile('usr5637');
    expect(() => validateModemProfile({ ...good, reports: ['loopBreak'], loopBreakMs: 0 }, 'p')).toThrow(/p\.loopBreakMs/);
    expect(() => validateModemProfile({ ...good, dle: { P: 'sideways' } }, 'p')).toThrow(/p\.dle/);
    expect(() => validateModemProfile({ ...good, init: ['FCLASS=8'] }, 'p')).toThrow(/p\.init/);
    expect(() => validateModemProfile({ ...good, audio: { prefer: ['gsm'], duplex: null } }, 'p')).toThrow(/p\.audio\.prefer/);
  });
});
