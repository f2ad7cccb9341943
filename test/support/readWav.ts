import { readFileSync } from 'node:fs';

/**
 * The samples of a WAV file as the audio tests write and read them: RIFF, PCM 16-bit, mono.
 * Chunks other than `fmt ` and `data` are skipped; a `data` size of 0 or past the end (a file
 * whose writer has not finalised the header) means "to the end of the file".
 */
export function readWav(path: string): { rateHz: number; samples: Int16Array } {
  const b = readFileSync(path);
  if (b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WAVE') throw new Error(`${path}: not a RIFF/WAVE file`);
  let at = 12;
  let rateHz = 0;
  while (at + 8 <= b.length) {
    const id = b.toString('latin1', at, at + 4);
    const size = b.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ') {
      const format = b.readUInt16LE(body);
      const channels = b.readUInt16LE(body + 2);
      const bits = b.readUInt16LE(body + 14);
      if (format !== 1 || channels !== 1 || bits !== 16) throw new Error(`${path}: expected PCM 16-bit mono, found format ${format}, ${channels} channels, ${bits} bits`);
      rateHz = b.readUInt32LE(body + 4);
    } else if (id === 'data') {
      const end = size === 0 || body + size > b.length ? b.length : body + size;
      const samples = new Int16Array(Math.floor((end - body) / 2));
      for (let i = 0; i < samples.length; i++) samples[i] = b.readInt16LE(body + i * 2);
      if (rateHz === 0) throw new Error(`${path}: data before fmt`);
      return { rateHz, samples };
    }
    at = body + size + (size % 2);
  }
  throw new Error(`${path}: no data chunk`);
}
