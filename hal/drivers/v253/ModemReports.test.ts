import { describe, expect, it } from 'vitest';
import { ModemReports } from './ModemReports.js';
import { modemProfile } from './modemProfiles.js';
import { SimulatedClock } from '../../sim/SimulatedClock.js';
import type { FxoEvent } from '../../contracts/fxo.js';
import { parseResponseLine } from '../../codecs/v253/responseLine.js';

function rig() {
  const clock = new SimulatedClock(100);
  const events: FxoEvent[] = [];
  const r = new ModemReports(clock, (e) => events.push(e));
  const lines = (...ls: string[]) => ls.forEach((l) => r.line(parseResponseLine(l)));
  const dle = (c: string, voice = false, profile = modemProfile('usr5637')) => r.dle(c.charCodeAt(0), profile, voice);
  return { clock, events, r, lines, dle };
}

describe('ModemReports', () => {
  it('RING and <DLE>R are ring bursts; DRON gives the burst length on its off edge; info lines are ignored', () => {
    const { events, lines, dle } = rig();
    lines('RING', 'DRON=20', '5601', 'OK');
    dle('R');
    expect(events).toEqual([{ t: 100, type: 'ringBurst', on: true }, { t: 100, type: 'ringBurst', on: false, ms: 2000 }, { t: 100, type: 'ringBurst', on: true }]);
  });

  it('caller ID is final when the line is answered (off-hook); unknown tags alone give nothing', () => {
    const { events, lines, r, clock } = rig();
    lines('NMBR = 5551234', 'NAME = DOE JANE');
    clock.advance(300);
    r.hookChanged(true);
    expect(events).toEqual([{ t: 100, type: 'callerId', standard: 'modem', number: '5551234', name: 'DOE JANE' }]);
    lines('MESG = 0102');
    clock.advance(2000);
    expect(events.length).toBe(1);
  });

  it('<DLE>d is spurious while in voice data on a USR, not in command state; a generic modem keeps it', () => {
    const { events, dle } = rig();
    dle('d', true);
    expect(events).toEqual([]);
    dle('d', false);
    expect(events).toEqual([{ t: 100, type: 'tone', tone: 'dial', on: true }]);
    dle('d', true, { ...modemProfile('usr5637'), ignoreDialToneWhileStreaming: false });
    expect(events.length).toBe(2);
  });

  it('handset, unknown codes, DTMF brackets and under/overruns give no line event; ETX is reported as end of data', () => {
    const { events, dle } = rig();
    for (const c of ['H', 'h', 'p', 'P', 'u', 'o', 'X', '/', '~']) expect(dle(c)).toBe(false);
    expect(events).toEqual([]);
    expect(dle('\x03')).toBe(true);
  });

  it('a profile re-mapping <DLE>P to polarity is honoured', () => {
    const { events, dle } = rig();
    dle('P', false, { ...modemProfile('usr5637'), dle: { P: 'polarity' } });
    expect(events).toEqual([{ t: 100, type: 'polarityReversal' }]);
  });
});
