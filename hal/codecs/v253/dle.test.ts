import { describe, expect, it } from 'vitest';
import { DLE, ETX, shieldDle } from './dle.js';
import { V253Framer } from './V253Framer.js';
import type { FramerItem } from './V253Framer.js';
import { decodeDleEvent } from './dleEvents.js';

const bytes = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));
const audioOf = (items: FramerItem[]): number[] => items.flatMap((i) => (i.kind === 'audio' ? [...i.bytes] : []));

describe('shieldDle', () => {
  it('doubles every 0x10 and leaves other bytes', () => {
    expect([...shieldDle(Uint8Array.of(1, DLE, 2, DLE, DLE))]).toEqual([1, DLE, DLE, 2, DLE, DLE, DLE, DLE]);
    const plain = Uint8Array.of(0x80, 0x7f);
    expect(shieldDle(plain)).toBe(plain);
  });

  it('round-trips every byte value through the framer in voice mode', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const f = new V253Framer();
    f.armVoice();
    f.push(bytes('\r\nCONNECT\r\n'));
    const items = f.push(shieldDle(all));
    expect(audioOf(items)).toEqual([...all]);
    expect(items.filter((i) => i.kind === 'dle')).toEqual([]);
  });
});

describe('V253Framer', () => {
  it('splits command-mode lines on CR or LF and drops empty ones', () => {
    const f = new V253Framer();
    expect(f.push(bytes('\r\nOK\r\n\r\nRI'))).toEqual([{ kind: 'line', text: 'OK' }]);
    expect(f.push(bytes('NG\r'))).toEqual([{ kind: 'line', text: 'RING' }]);
  });

  it('reports DLE events between lines in voice-command state', () => {
    const f = new V253Framer();
    expect(f.push(Uint8Array.of(DLE, 0x52, 0x0d, 0x0a))).toEqual([{ kind: 'dle', code: 0x52 }]);
  });

  it('switches to voice data only after an armed CONNECT, in the middle of a chunk', () => {
    const f = new V253Framer();
    expect(f.push(bytes('CONNECT\r\n'))).toEqual([{ kind: 'line', text: 'CONNECT' }]);
    expect(f.mode).toBe('command');
    f.armVoice();
    const items = f.push(Uint8Array.of(...bytes('CONNECT\r\n'), 0x80, 0x81, DLE, DLE, DLE, 0x1a, DLE, 0x35, 0x7f));
    expect(items).toEqual([
      { kind: 'line', text: 'CONNECT' },
      { kind: 'audio', bytes: Uint8Array.of(0x80, 0x81, DLE, DLE, DLE) },
      { kind: 'dle', code: 0x35 },
      { kind: 'audio', bytes: Uint8Array.of(0x7f) },
    ]);
    expect(f.mode).toBe('voice');
  });

  it('keeps a DLE split across chunks and ends voice data on <DLE><ETX>', () => {
    const f = new V253Framer();
    f.armVoice();
    f.push(bytes('CONNECT\n'));
    expect(f.push(Uint8Array.of(1, DLE))).toEqual([{ kind: 'audio', bytes: Uint8Array.of(1) }]);
    expect(f.push(Uint8Array.of(DLE, 2, DLE))).toEqual([{ kind: 'audio', bytes: Uint8Array.of(DLE, 2) }]);
    expect(f.push(Uint8Array.of(ETX, ...bytes('\r\nVCON\r\n')))).toEqual([{ kind: 'dle', code: ETX }, { kind: 'line', text: 'VCON' }]);
    expect(f.mode).toBe('command');
  });

  it('survives random bytes: total, bounded lines', () => {
    const f = new V253Framer();
    let seed = 12345;
    for (let n = 0; n < 200; n++) {
      const chunk = Uint8Array.from({ length: 97 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
      for (const item of f.push(chunk)) if (item.kind === 'line') expect(item.text.length).toBeLessThanOrEqual(256);
    }
  });
});

describe('decodeDleEvent (hardware.md §3.1 table)', () => {
  const c = (ch: string): number => ch.charCodeAt(0);
  it.each([
    ['R', { kind: 'ring' }], ['b', { kind: 'tone', tone: 'busy' }], ['K', { kind: 'tone', tone: 'busy' }],
    ['d', { kind: 'tone', tone: 'dial' }], ['i', { kind: 'tone', tone: 'dial' }], ['s', { kind: 'tone', tone: 'silence' }],
    ['q', { kind: 'tone', tone: 'silence' }], ['l', { kind: 'loopBreak' }], ['L', { kind: 'polarity' }],
    ['H', { kind: 'handset', offHook: true }], ['h', { kind: 'handset', offHook: false }], ['r', { kind: 'tone', tone: 'ringback' }],
    ['J', { kind: 'tone', tone: 'sit' }], ['c', { kind: 'tone', tone: 'fax' }], ['u', { kind: 'underrun' }], ['o', { kind: 'overrun' }],
    ['5', { kind: 'dtmf', digit: '5' }], ['#', { kind: 'dtmf', digit: '#' }], ['D', { kind: 'dtmf', digit: 'D' }],
    ['/', { kind: 'dtmfBracket' }], ['~', { kind: 'dtmfBracket' }],
  ])('<DLE>%s', (ch, meaning) => {
    expect(decodeDleEvent(c(ch))).toEqual(meaning);
  });

  it('ETX is end of data; unknown codes are unknown', () => {
    expect(decodeDleEvent(ETX)).toEqual({ kind: 'endOfData' });
    expect(decodeDleEvent(c('X'))).toEqual({ kind: 'unknown', code: c('X') });
  });

  it('a profile table re-maps or silences codes', () => {
    expect(decodeDleEvent(c('P'), { P: 'polarity' })).toEqual({ kind: 'polarity' });
    expect(decodeDleEvent(c('d'), { d: 'ignore' })).toEqual({ kind: 'unknown', code: c('d') });
  });
});
