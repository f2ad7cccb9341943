import { describe, expect, it } from 'vitest';
import { parseResponseLine } from './responseLine.js';

describe('parseResponseLine', () => {
  it.each([
    ['OK', { kind: 'final', code: 'OK' }], ['VCON', { kind: 'final', code: 'VCON' }], ['ERROR', { kind: 'final', code: 'ERROR' }],
    ['CONNECT', { kind: 'final', code: 'CONNECT' }], ['NO CARRIER', { kind: 'final', code: 'NO CARRIER' }],
    ['RING', { kind: 'ring' }], ['RING 1', { kind: 'ring' }], ['DRON=5', { kind: 'ringCadence', on: true, ms: 500 }],
    ['DROF = 40', { kind: 'ringCadence', on: false, ms: 4000 }], ['ATI0', { kind: 'echo', command: 'ATI0' }],
    ['NMBR = 5551234', { kind: 'callerId', tag: 'NMBR', value: '5551234' }], ['DATE=1123', { kind: 'callerId', tag: 'DATE', value: '1123' }],
    ['CALLER NUMBER: 0123 456', { kind: 'callerId', tag: 'CALLER NUMBER', value: '0123 456' }],
    ['NAME =', { kind: 'callerId', tag: 'NAME', value: '' }], ['5601', { kind: 'info', text: '5601' }],
    ['128,"8-BIT LINEAR",(7200,8000,11025)', { kind: 'info', text: '128,"8-BIT LINEAR",(7200,8000,11025)' }],
  ])('%j', (line, expected) => {
    expect(parseResponseLine(line)).toEqual(expected);
  });
});
