import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HoldMusicError } from '../../media/moh/HoldMusicError.js';
import { loadHoldMusic } from './loadHoldMusic.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyline-moh-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function wavBytes(samples: number[]): Uint8Array {
  const data = new Uint8Array(Int16Array.from(samples).buffer);
  const out = new Uint8Array(44 + data.length);
  const v = new DataView(out.buffer);
  const text = (at: number, s: string): void => [...s].forEach((c, i) => v.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  v.setUint32(4, 36 + data.length, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, 8000, true);
  v.setUint32(28, 16000, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  text(36, 'data');
  v.setUint32(40, data.length, true);
  out.set(data, 44);
  return out;
}

describe('loadHoldMusic', () => {
  it('loads a WAV file', async () => {
    const file = join(dir, 'ok.wav');
    await writeFile(file, wavBytes([1, 2, 3, -4]));
    expect(Array.from(await loadHoldMusic(file))).toEqual([1, 2, 3, -4]);
  });

  it('names a missing file', async () => {
    const file = join(dir, 'missing.wav');
    await expect(loadHoldMusic(file)).rejects.toThrow(HoldMusicError);
    await expect(loadHoldMusic(file)).rejects.toMatchObject({ code: 'unreadable', file, message: `hold music "${file}": does not exist` });
  });

  it('names a directory given as the file', async () => {
    await expect(loadHoldMusic(dir)).rejects.toMatchObject({ code: 'unreadable', message: expect.stringMatching(/is a directory/) });
  });

  it('passes on a format error with the file name', async () => {
    const file = join(dir, 'song.mp3');
    await writeFile(file, Uint8Array.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0, 0, 0]));
    await expect(loadHoldMusic(file)).rejects.toMatchObject({ code: 'not-wav', message: expect.stringMatching(/song\.mp3.*MP3/) });
  });
});
