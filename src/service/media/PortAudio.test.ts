import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PortAudio } from './PortAudio.js';

const flush = () => new Promise((r) => setImmediate(r));

function rig(encoding: 's16le' | 'u8' | 'ulaw' | 'alaw' = 's16le') {
  const rx = new PassThrough();
  const tx = new PassThrough();
  const written: Buffer[] = [];
  tx.on('data', (b: Buffer) => written.push(b));
  return { rx, tx, written, port: new PortAudio({ rx, tx }, encoding) };
}

function s16(samples: number[]): Buffer {
  const b = Buffer.alloc(samples.length * 2);
  samples.forEach((v, i) => b.writeInt16LE(v, i * 2));
  return b;
}

describe('PortAudio: a port stream as 20 ms frames', () => {
  it('reframes odd chunks into 160-sample frames after a two-frame prefill', async () => {
    const { rx, port } = rig();
    const ramp = Array.from({ length: 400 }, (_, i) => i);
    rx.write(s16(ramp.slice(0, 100)));
    rx.write(s16(ramp.slice(100, 400)));
    await flush();
    const first = port.read();
    expect(first && Array.from(first.subarray(0, 3))).toEqual([0, 1, 2]);
    const second = port.read();
    expect(second?.[0]).toBe(160);
    expect(port.read()).toBeNull(); // 80 samples left: not a frame
  });

  it('reads frames in order across the FIFO\'s wrap-around, chunk sizes not a multiple of a frame', async () => {
    const { rx, port } = rig();
    let next = 0;
    let expected = 0;
    for (let round = 0; round < 40; round += 1) {
      rx.write(s16(Array.from({ length: 130 }, () => (next++ % 30000))));
      await flush();
      const frame = port.read();
      if (frame === null) continue;
      expect(Array.from(frame)).toEqual(Array.from({ length: 160 }, (_, i) => (expected + i) % 30000));
      expected += 160;
    }
    expect(expected).toBeGreaterThan(960 * 3); // the 6-frame FIFO went round several times
    expect(port.dropped).toBe(0);
  });

  it('gives nothing until prefilled again after running dry', async () => {
    const { rx, port } = rig();
    rx.write(s16(new Array(320).fill(7)));
    await flush();
    expect(port.read()).not.toBeNull();
    expect(port.read()).not.toBeNull();
    expect(port.read()).toBeNull();
    rx.write(s16(new Array(160).fill(7)));
    await flush();
    expect(port.read()).toBeNull();
    rx.write(s16(new Array(160).fill(7)));
    await flush();
    expect(port.read()).not.toBeNull();
  });

  it('drops the oldest audio when the port runs fast, keeping the delay bounded', async () => {
    const { rx, port } = rig();
    for (let f = 0; f < 10; f++) rx.write(s16(new Array(160).fill(f)));
    await flush();
    expect(port.dropped).toBe(4 * 160);
    expect(port.read()?.[0]).toBe(4);
  });

  it('decodes and encodes µ-law, A-law and unsigned 8-bit', async () => {
    for (const encoding of ['ulaw', 'alaw', 'u8'] as const) {
      const { rx, port, written } = rig(encoding);
      const frame = Int16Array.from({ length: 160 }, (_, i) => Math.round(8000 * Math.sin(i / 5)));
      port.write(frame);
      await flush();
      expect(written[0]).toHaveLength(160);
      rx.write(written[0]);
      rx.write(written[0]);
      await flush();
      const back = port.read();
      if (!back) throw new Error('no frame');
      for (let i = 0; i < 160; i++) expect(Math.abs((back[i] ?? 0) - (frame[i] ?? 0))).toBeLessThan(400);
    }
  });

  it('writes s16le frames to tx and stops listening when closed', async () => {
    const { rx, tx, port, written } = rig();
    port.write(Int16Array.from({ length: 160 }, () => -2));
    await flush();
    expect(written[0]?.readInt16LE(0)).toBe(-2);
    port.close();
    rx.write(s16(new Array(480).fill(1)));
    await flush();
    expect(port.read()).toBeNull();
    expect(tx.writableEnded).toBe(false);
  });
});
