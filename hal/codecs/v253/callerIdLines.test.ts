import { describe, expect, it } from 'vitest';
import { callerIdFromLines } from './callerIdLines.js';
import { parseResponseLine } from './responseLine.js';
import type { CallerIdLine } from './callerIdLines.js';

/** Lines as a modem prints them, through the line parser, as the driver does. */
function lines(text: string): CallerIdLine[] {
  return text.split('\n').map(parseResponseLine).flatMap((l) => (l.kind === 'callerId' ? [{ tag: l.tag, value: l.value }] : []));
}

describe('callerIdFromLines (hardware.md §3.1 caller-ID lines)', () => {
  it('North American MDMF: date, time, number and name', () => {
    expect(callerIdFromLines(lines('DATE = 1123\nTIME = 2215\nNMBR = 6135551234\nNAME = SMITH JOHN'))).toEqual({
      number: '6135551234', name: 'SMITH JOHN', when: { month: 11, day: 23, hour: 22, minute: 15 },
    });
  });

  it('private number and name', () => {
    expect(callerIdFromLines(lines('DATE=0101\nTIME=0930\nNMBR=P\nNAME=P'))).toEqual({
      numberAbsent: 'P', nameAbsent: 'P', when: { month: 1, day: 1, hour: 9, minute: 30 },
    });
  });

  it('out of area, spelled as a word', () => {
    expect(callerIdFromLines(lines('NMBR = O\nNAME = OUT OF AREA'))).toEqual({ numberAbsent: 'O', nameAbsent: 'O' });
  });

  it('number without a name (SDMF, many networks)', () => {
    expect(callerIdFromLines(lines('DATE = 0315\nTIME = 0800\nNMBR = 555-1234'))).toEqual({
      number: '5551234', when: { month: 3, day: 15, hour: 8, minute: 0 },
    });
  });

  it('ETSI-ish spellings: one-field date, international number, REASON, odd spacing', () => {
    expect(callerIdFromLines(lines('DATE  =  11232215\nCALLER NUMBER: +44 20 7946 0000\nMESG = 0A0130'))).toEqual({
      number: '+442079460000', when: { month: 11, day: 23, hour: 22, minute: 15 },
    });
    expect(callerIdFromLines(lines('DATE=1123\nREASON=P'))).toEqual({ numberAbsent: 'P' });
  });

  it('nothing usable is null; an impossible date is dropped', () => {
    expect(callerIdFromLines(lines('MESG = 0102'))).toBeNull();
    expect(callerIdFromLines(lines('DATE=1399\nTIME=2561\nNMBR=123'))).toEqual({ number: '123' });
  });
});
