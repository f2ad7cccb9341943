import { describe, expect, it } from 'vitest';
import { guessPort } from './guessPort.js';

describe('guessPort', () => {
  it('maps an analog DAHDI (or old Zap) channel to fxo<n>', () => {
    expect(guessPort('DAHDI/1')).toEqual({ port: 'fxo1' });
    expect(guessPort('dahdi/03')).toEqual({ port: 'fxo3' });
    expect(guessPort('Zap/2')).toEqual({ port: 'fxo2' });
  });
  it('gives a reason for devices that are not one analog line', () => {
    expect(guessPort('DAHDI/g1')).toEqual({ reason: 'is a DAHDI channel group, not one analog line' });
    expect(guessPort('Local/disa@line4_outbound')).toEqual({ reason: 'is an IP trunk or Local channel; keyline lines are analog FXO ports' });
    expect(guessPort('PJSIP/provider')).toEqual({ reason: 'is an IP trunk or Local channel; keyline lines are analog FXO ports' });
    expect(guessPort('something')).toEqual({ reason: 'is not an analog channel (DAHDI/<n>)' });
  });
});
