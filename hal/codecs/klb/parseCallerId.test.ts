import { describe, expect, it } from 'vitest';
import { CidCode, parseCallerId } from './parseCallerId.js';

/** Appends the two's-complement checksum. */
function withSum(bytes: number[]): Uint8Array {
  const sum = bytes.reduce((s, x) => (s + x) & 0xff, 0);
  return Uint8Array.from([...bytes, (0x100 - sum) & 0xff]);
}
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

function mdmf(params: Array<[number, string]>): number[] {
  const body = params.flatMap(([p, v]) => [p, v.length, ...ascii(v)]);
  return [0x80, body.length, ...body];
}

describe('parseCallerId', () => {
  it('MDMF with date, number and name', () => {
    const msg = withSum(mdmf([[0x01, '11231415'], [0x02, '5551234'], [0x07, 'ALICE']]));
    expect(parseCallerId(CidCode.BELL202, msg, true)).toEqual({ when: { month: 11, day: 23, hour: 14, minute: 15 }, number: '5551234', name: 'ALICE' });
  });

  it('MDMF private number and name', () => {
    expect(parseCallerId(CidCode.V23, withSum(mdmf([[0x04, 'P'], [0x08, 'P']])), true)).toEqual({ numberAbsent: 'P', nameAbsent: 'P' });
  });

  it('SDMF', () => {
    const body = ascii('0102030405551234');
    expect(parseCallerId(CidCode.BELL202, withSum([0x04, body.length, ...body]), true)).toEqual({ when: { month: 1, day: 2, hour: 3, minute: 4 }, number: '05551234' });
    const absent = ascii('01020304O');
    expect(parseCallerId(CidCode.BELL202, withSum([0x04, absent.length, ...absent]), true)).toMatchObject({ numberAbsent: 'O' });
  });

  it('a checksum failure gives nothing; a truncated record gives what it holds', () => {
    const msg = withSum(mdmf([[0x02, '5551234'], [0x07, 'ALICE']]));
    msg[5] = (msg[5] ?? 0) ^ 1;
    expect(parseCallerId(CidCode.BELL202, msg, true)).toBeNull();
    const cut = Uint8Array.from(mdmf([[0x02, '5551234'], [0x07, 'ALICE']]).slice(0, 13));
    expect(parseCallerId(CidCode.BELL202, cut, false)).toEqual({ number: '5551234' });
  });

  it('DTMF records', () => {
    expect(parseCallerId(CidCode.DTMF, Uint8Array.from(ascii('A0123456C')), true)).toEqual({ number: '0123456' });
    expect(parseCallerId(CidCode.DTMF, Uint8Array.from(ascii('B10C')), true)).toEqual({ numberAbsent: 'P' });
    expect(parseCallerId(CidCode.DTMF, Uint8Array.from(ascii('zz')), true)).toBeNull();
  });
});
