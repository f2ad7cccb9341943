import { describe, expect, it } from 'vitest';
import { chooseVoiceSampleMode, parseVoiceSampleModes } from './voiceSampleModes.js';
import { toneDialCommand, sampleModeCommand, splitPauses } from './atCommands.js';

const USR = ['128,"8-BIT LINEAR",(7200,8000,11025)', '129,"16-BIT LINEAR",(7200,8000,11025)', '130,"8-BIT ALAW",(8000)', '131,"8-BIT ULAW",(8000)', '132,"IMA ADPCM",(7200,8000,11025)', 'OK'];
const CONEXANT = ['+VSM: 0,"SIGNED PCM",8,0,(7200,8000,11025),(0),(0)', '1,"UNSIGNED PCM",8,0,(7200,8000,11025),(0),(0)', '2,"ADPCM",4,0,(7200),(0),(0)', '4,"G711U",8,0,(8000),(0),(0)', '5,"G711A",8,0,(8000),(0),(0)'];

describe('AT+VSM=? negotiation', () => {
  it('reads USRobotics ids (128 = 8-bit linear)', () => {
    const modes = parseVoiceSampleModes(USR);
    expect(modes.map((m) => [m.id, m.encoding])).toEqual([[128, 'u8'], [129, 's16le'], [130, 'alaw'], [131, 'ulaw'], [132, null]]);
    expect(chooseVoiceSampleMode(modes, ['ulaw', 'u8'])?.id).toBe(131);
  });

  it('reads Conexant ids (4 = µ-law, 5 = A-law) and skips signed 8-bit', () => {
    const modes = parseVoiceSampleModes(CONEXANT);
    expect(modes.map((m) => [m.id, m.encoding])).toEqual([[0, null], [1, 'u8'], [2, null], [4, 'ulaw'], [5, 'alaw']]);
    expect(chooseVoiceSampleMode(modes, ['alaw', 'u8'])?.id).toBe(5);
    expect(chooseVoiceSampleMode(modes.filter((m) => m.id === 2), ['u8'])).toBeNull();
  });
});

describe('AT command builders', () => {
  it('builds +VTS, +VSM and splits pauses', () => {
    expect(toneDialCommand('12#')).toBe('AT+VTS=1,2,#');
    expect(() => toneDialCommand('1x')).toThrow(/digits/);
    expect(sampleModeCommand(128)).toBe('AT+VSM=128,8000');
    expect(splitPauses('9,,123')).toEqual(['9', ',', ',', '123']);
  });
});
