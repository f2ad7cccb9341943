import { describe, expect, it } from 'vitest';
import { decodeSamples, encodeSamples } from '../g711/index.js';
import { decodeWav } from './decodeWav.js';
import { HoldMusicError } from './HoldMusicError.js';

interface WavSpec {
  tag?: number;
  channels?: number;
  rate?: number;
  bits?: number;
  data: Uint8Array;
  extensible?: boolean;
  /** Chunks written between fmt and data. */
  extra?: { id: string; body: Uint8Array }[];
  /** Written into the data chunk's size field instead of the true size. */
  dataSize?: number;
}

function chunk(id: string, body: Uint8Array, size = body.length): Uint8Array {
  const out = new Uint8Array(8 + body.length + (body.length & 1));
  out.set([...id].map((c) => c.charCodeAt(0)));
  new DataView(out.buffer).setUint32(4, size, true);
  out.set(body, 8);
  return out;
}

function wav(spec: WavSpec): Uint8Array {
  const { tag = 1, channels = 1, rate = 8000, bits = 16 } = spec;
  const fmt = new Uint8Array(spec.extensible ? 40 : 16);
  const v = new DataView(fmt.buffer);
  v.setUint16(0, spec.extensible ? 0xfffe : tag, true);
  v.setUint16(2, channels, true);
  v.setUint32(4, rate, true);
  v.setUint32(8, (rate * channels * bits) / 8, true);
  v.setUint16(12, (channels * bits) / 8, true);
  v.setUint16(14, bits, true);
  if (spec.extensible) {
    v.setUint16(16, 22, true);
    v.setUint16(18, bits, true);
    v.setUint16(24, tag, true);
  }
  const parts = [chunk('fmt ', fmt), ...(spec.extra ?? []).map((c) => chunk(c.id, c.body)), chunk('data', spec.data, spec.dataSize)];
  const body = new Uint8Array(4 + parts.reduce((a, p) => a + p.length, 0));
  body.set([...'WAVE'].map((c) => c.charCodeAt(0)));
  let at = 4;
  for (const p of parts) {
    body.set(p, at);
    at += p.length;
  }
  return chunk('RIFF', body);
}

const pcm16 = (samples: number[]): Uint8Array => new Uint8Array(Int16Array.from(samples).buffer);

function failure(bytes: Uint8Array): HoldMusicError {
  try {
    decodeWav(bytes, 'music/hold.wav');
  } catch (err) {
    if (err instanceof HoldMusicError) return err;
    throw err;
  }
  throw new Error('decodeWav accepted it');
}

describe('decodeWav', () => {
  it('reads 8 kHz mono 16-bit PCM', () => {
    expect(Array.from(decodeWav(wav({ data: pcm16([0, 1, -1, 32767, -32768]) }), 'a.wav'))).toEqual([0, 1, -1, 32767, -32768]);
  });

  it.each([
    [7, 'PCMU'],
    [6, 'PCMA'],
  ] as const)('reads 8 kHz mono G.711 (format %i)', (tag, law) => {
    const octets = encodeSamples(Int16Array.of(0, 1000, -1000, 30000), law);
    expect(decodeWav(wav({ tag, bits: 8, data: octets }), 'a.wav')).toEqual(decodeSamples(octets, law));
  });

  it('reads WAVE_FORMAT_EXTENSIBLE, skips other chunks (odd sizes padded), and reads a streamed data size to the end of the file', () => {
    const extra = [{ id: 'LIST', body: new Uint8Array(7).fill(65) }, { id: 'fact', body: new Uint8Array(4) }];
    expect(Array.from(decodeWav(wav({ extensible: true, extra, data: pcm16([5, 6, 7]) }), 'a.wav'))).toEqual([5, 6, 7]);
    expect(Array.from(decodeWav(wav({ data: pcm16([5, 6, 7]), dataSize: 0xffffffff }), 'a.wav'))).toEqual([5, 6, 7]);
  });

  it.each([
    [{ rate: 44100, channels: 2 }, /is 44100 Hz stereo 16-bit PCM; keyline plays WAV at 8000 Hz mono/],
    [{ rate: 16000 }, /is 16000 Hz mono 16-bit PCM/],
    [{ bits: 8 }, /is 8000 Hz mono 8-bit PCM/],
    [{ tag: 3, bits: 32 }, /is 8000 Hz mono 32-bit float/],
    [{ tag: 0x11, bits: 4 }, /IMA ADPCM/],
    [{ tag: 7, bits: 8, channels: 2 }, /stereo µ-law/],
  ])('rejects %j, naming the file and what it holds', (spec, message) => {
    const e = failure(wav({ ...spec, data: new Uint8Array(64) }));
    expect(e.code).toBe('unsupported-format');
    expect(e.message).toMatch(/^hold music "music\/hold\.wav": /);
    expect(e.message).toMatch(message);
  });

  it.each([
    [Uint8Array.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0]), /not a WAV file \(it looks like MP3\)/],
    [new TextEncoder().encode('OggS\0\u0002 some vorbis'), /looks like Ogg/],
    [new TextEncoder().encode('fLaC and the rest'), /looks like FLAC/],
    [new Uint8Array(0), /looks like an empty or truncated file/],
    [new TextEncoder().encode('hello, this is text'), /looks like an unknown format/],
  ])('says what a non-WAV file looks like', (bytes, message) => {
    const e = failure(bytes);
    expect(e.code).toBe('not-wav');
    expect(e.message).toMatch(message);
  });

  it('rejects a WAV without audio or without its fmt chunk', () => {
    expect(failure(wav({ data: new Uint8Array(0) })).message).toMatch(/has no audio/);
    const noData = wav({ data: new Uint8Array(0) }).subarray(0, 12 + 24);
    expect(failure(noData).message).toMatch(/has no data chunk/);
    const dataOnly = chunk('RIFF', Uint8Array.from([...new TextEncoder().encode('WAVE'), ...chunk('data', new Uint8Array(4))]));
    expect(failure(dataOnly).message).toMatch(/data before its fmt chunk/);
  });
});
