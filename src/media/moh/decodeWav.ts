import { SAMPLE_RATE } from '../Frame.js';
import { decodeSamples } from '../g711/index.js';
import { HoldMusicError } from './HoldMusicError.js';

const WANTED = `keyline plays WAV at ${SAMPLE_RATE} Hz mono, as 16-bit PCM, µ-law or A-law (e.g. sox in.wav -r 8000 -c 1 -b 16 out.wav)`;

const ascii = (b: Uint8Array, at: number, n: number): string => String.fromCharCode(...b.subarray(at, at + n));

/** What a non-WAV file most likely is, from its first bytes. */
function sniff(b: Uint8Array): string {
  const head = ascii(b, 0, 4);
  if (head.startsWith('ID3') || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0)) return 'MP3';
  if (head === 'OggS') return 'Ogg';
  if (head === 'fLaC') return 'FLAC';
  if (head === 'FORM') return 'AIFF';
  if (head === '.snd') return 'Sun/NeXT audio (.au)';
  if (head === 'RIFX' || head === 'RF64') return `${head} (a WAV variant keyline does not read)`;
  return 'an unknown format';
}

function describeFormat(tag: number, bits: number): string {
  switch (tag) {
    case 1:
      return `${bits}-bit PCM`;
    case 3:
      return `${bits}-bit float`;
    case 6:
      return 'A-law';
    case 7:
      return 'µ-law';
    case 2:
      return 'MS ADPCM';
    case 0x11:
      return 'IMA ADPCM';
    case 0x31:
      return 'GSM 6.10';
    case 0x55:
      return 'MP3';
    default:
      return `format 0x${tag.toString(16).padStart(4, '0')}`;
  }
}

/**
 * Decodes a WAV file's audio to 16-bit samples. Accepted: RIFF/WAVE, mono, 8000 Hz, 16-bit PCM
 * (little-endian), A-law or µ-law (8-bit), also in WAVE_FORMAT_EXTENSIBLE form. Anything else
 * throws `HoldMusicError` naming `file` and what it holds ("44100 Hz stereo 16-bit PCM"); a file
 * that is not WAV at all says what it looks like (MP3, Ogg, …). A `data` chunk longer than the
 * file (a WAV written as a stream) is read to the end of the file.
 */
export function decodeWav(bytes: Uint8Array, file: string): Int16Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || ascii(bytes, 0, 4) !== 'RIFF' || ascii(bytes, 8, 4) !== 'WAVE') {
    throw new HoldMusicError('not-wav', file, `is not a WAV file (it looks like ${bytes.length < 4 ? 'an empty or truncated file' : sniff(bytes)}); ${WANTED}`);
  }
  let format: { tag: number; channels: number; rate: number; bits: number } | undefined;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = ascii(bytes, at, 4);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw new HoldMusicError('malformed', file, `has a truncated fmt chunk (${size} bytes)`);
      let tag = view.getUint16(body, true);
      if (tag === 0xfffe && size >= 40 && body + 26 <= bytes.length) tag = view.getUint16(body + 24, true);
      format = { tag, channels: view.getUint16(body + 2, true), rate: view.getUint32(body + 4, true), bits: view.getUint16(body + 14, true) };
    } else if (id === 'data') {
      if (format === undefined) throw new HoldMusicError('malformed', file, 'has audio data before its fmt chunk');
      return decodeData(bytes.subarray(body, Math.min(bytes.length, body + size)), format, file);
    }
    at = body + size + (size & 1);
  }
  throw new HoldMusicError('malformed', file, format === undefined ? 'has no fmt chunk' : 'has no data chunk');
}

function decodeData(data: Uint8Array, f: { tag: number; channels: number; rate: number; bits: number }, file: string): Int16Array {
  const pcm16 = f.tag === 1 && f.bits === 16;
  const g711 = (f.tag === 6 || f.tag === 7) && f.bits === 8;
  if (f.channels !== 1 || f.rate !== SAMPLE_RATE || !(pcm16 || g711)) {
    const channels = f.channels === 1 ? 'mono' : f.channels === 2 ? 'stereo' : `${f.channels}-channel`;
    throw new HoldMusicError('unsupported-format', file, `is ${f.rate} Hz ${channels} ${describeFormat(f.tag, f.bits)}; ${WANTED}`);
  }
  const count = pcm16 ? data.length >> 1 : data.length;
  if (count === 0) throw new HoldMusicError('malformed', file, 'has no audio (its data chunk is empty)');
  if (g711) return decodeSamples(data, f.tag === 7 ? 'PCMU' : 'PCMA');
  const out = new Int16Array(count);
  const view = new DataView(data.buffer, data.byteOffset, count * 2);
  for (let i = 0; i < count; i += 1) out[i] = view.getInt16(i * 2, true);
  return out;
}
