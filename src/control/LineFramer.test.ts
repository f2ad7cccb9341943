import { describe, expect, it } from 'vitest';
import { LineFramer } from './LineFramer.js';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('LineFramer', () => {
  it('cuts lines across chunk boundaries and drops a trailing CR', () => {
    const framer = new LineFramer(100);
    expect(framer.push(bytes('{"a":'))).toEqual([]);
    expect(framer.bufferedBytes).toBe(5);
    expect(framer.push(bytes('1}\r\n{"b":2}\nx'))).toEqual([
      { kind: 'line', text: '{"a":1}' },
      { kind: 'line', text: '{"b":2}' },
    ]);
    expect(framer.bufferedBytes).toBe(1);
    expect(framer.end()).toEqual([{ kind: 'line', text: 'x' }]);
    expect(framer.end()).toEqual([]);
  });

  it('keeps a multi-byte character split between chunks', () => {
    const framer = new LineFramer(100);
    const text = bytes('"Zoë"\n');
    expect(framer.push(text.subarray(0, 3))).toEqual([]);
    expect(framer.push(text.subarray(3))).toEqual([{ kind: 'line', text: '"Zoë"' }]);
  });

  it('accepts a line of exactly maxBytes', () => {
    const framer = new LineFramer(4);
    expect(framer.push(bytes('abcd\n'))).toEqual([{ kind: 'line', text: 'abcd' }]);
  });

  it('reports a long line once, as soon as it passes the limit, then drops the rest of it', () => {
    const framer = new LineFramer(16);
    expect(framer.push(bytes('{"id":42,"cmd":"stat'))).toEqual([{ kind: 'too-long', id: 42 }]);
    expect(framer.bufferedBytes).toBe(0);
    expect(framer.push(bytes('us","pad":"xxxxxxxxxxxxxxxxxxx'))).toEqual([]);
    expect(framer.bufferedBytes).toBe(0);
    expect(framer.push(bytes('xx"}\nok\n'))).toEqual([{ kind: 'line', text: 'ok' }]);
    expect(framer.end()).toEqual([]);
  });

  it('reports a long line that arrives whole, without an id when it has none', () => {
    const framer = new LineFramer(8);
    expect(framer.push(bytes('[1,2,3,4,5,6]\n{}\n'))).toEqual([{ kind: 'too-long', id: null }, { kind: 'line', text: '{}' }]);
  });
});
