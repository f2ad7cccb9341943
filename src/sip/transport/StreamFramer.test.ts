import { describe, expect, it } from 'vitest';
import { StreamFramer } from './StreamFramer.js';
import type { FramerEvent } from './StreamFramer.js';
import { request } from './testing/sipText.js';

const texts = (events: FramerEvent[]) =>
  events.map((e) => (e.kind === 'message' ? e.bytes.toString() : e.kind === 'crlf' ? `crlf ${e.pings}/${e.bytes}` : e.kind));

describe('StreamFramer', () => {
  const a = request({ body: 'hello', method: 'MESSAGE' });
  const b = request({ callId: 'second' });

  it('cuts coalesced messages by Content-Length', () => {
    expect(texts(new StreamFramer(65536).push(Buffer.from(a + b)))).toEqual([a, b]);
  });

  it('joins a message split at every byte', () => {
    const framer = new StreamFramer(65536);
    const out: FramerEvent[] = [];
    for (const byte of Buffer.from(a)) out.push(...framer.push(Buffer.from([byte])));
    expect(texts(out)).toEqual([a]);
    expect(framer.pending).toBe(0);
  });

  it('reports CR/LF once per chunk with its CRLFCRLF ping count, and never buffers it', () => {
    const framer = new StreamFramer(65536);
    expect(texts(framer.push(Buffer.from('\r\n\r\n')))).toEqual(['crlf 1/4']);
    expect(texts(framer.push(Buffer.from('\r\n\r\n'.repeat(10000))))).toEqual(['crlf 10000/40000']);
    expect(framer.pending).toBe(0);
    expect(texts(framer.push(Buffer.from(`\r\n${a}\r\n\r\n${b}`)))).toEqual(['crlf 1/6', a, b]);
  });

  it('is fatal without Content-Length, with a bad one, or beyond the maximum, and stays silent after', () => {
    expect(texts(new StreamFramer(65536).push(Buffer.from('OPTIONS sip:a SIP/2.0\r\nVia: x\r\n\r\n')))).toEqual(['fatal']);
    expect(texts(new StreamFramer(65536).push(Buffer.from('OPTIONS sip:a SIP/2.0\r\nl: -1\r\n\r\n')))).toEqual(['fatal']);
    const big = new StreamFramer(1000);
    expect(texts(big.push(Buffer.from('OPTIONS sip:a SIP/2.0\r\nContent-Length: 5000\r\n\r\n')))).toEqual(['fatal']);
    expect(big.push(Buffer.from(a))).toEqual([]);
    const noHead = new StreamFramer(1000);
    expect(texts(noHead.push(Buffer.alloc(1001, 0x41)))).toEqual(['fatal']);
  });
});
