import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CountryProfile } from '../contracts/index.js';
import { SimFxoPort } from './SimFxoPort.js';
import { SimulatedClock } from './SimulatedClock.js';

const us = JSON.parse(readFileSync(new URL('../../boards/profiles/us.json', import.meta.url), 'utf8')) as CountryProfile;

/** Power of `hz` in `x` (Goertzel), normalised by length. */
function power(x: Int16Array, hz: number): number {
  const k = 2 * Math.cos((2 * Math.PI * hz) / 8000);
  let s1 = 0;
  let s2 = 0;
  for (const v of x) {
    const s0 = v + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (s1 * s1 + s2 * s2 - k * s1 * s2) / x.length;
}

/** Stream 'data' events arrive on later ticks: let them all land. */
const flush = () => new Promise((r) => setImmediate(r));

async function offHookLine() {
  const clock = new SimulatedClock();
  const port = new SimFxoPort({ line: 'line1', clock, profile: us });
  await port.open();
  const p = port.offHook();
  clock.advance(20);
  await p;
  const audio = port.audio();
  if (!audio) throw new Error('no audio');
  const received: Buffer[] = [];
  audio.rx.on('data', (b: Buffer) => received.push(b));
  const samples = () => {
    const all = Buffer.concat(received);
    const out = new Int16Array(all.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = all.readInt16LE(i * 2);
    return out;
  };
  return { clock, port, audio, received, samples };
}

describe('SimLineAudio: the simulated far party speaks and listens', () => {
  it('plays a tone into rx in 20 ms frames paced by the clock', async () => {
    const { clock, port, received, samples } = await offHookLine();
    port.playFarEnd({ kind: 'tone', hz: 1000 });
    received.length = 0;
    clock.advance(1000);
    await flush();
    expect(received).toHaveLength(50);
    expect(received.every((b) => b.length === 320)).toBe(true);
    const x = samples();
    expect(power(x, 1000)).toBeGreaterThan(1000 * power(x, 1500));
  });

  it('sends silence by default and nothing while on-hook', async () => {
    const { clock, port, received, samples } = await offHookLine();
    clock.advance(100);
    await flush();
    expect(samples().length).toBeGreaterThanOrEqual(800);
    expect(samples().every((v) => v === 0)).toBe(true);
    const p = port.onHook();
    clock.advance(20);
    await p;
    received.length = 0;
    clock.advance(1000);
    await flush();
    expect(received).toHaveLength(0);
  });

  it('loops a recording or plays it once', async () => {
    const { clock, port, received, samples } = await offHookLine();
    const rec = Int16Array.from({ length: 240 }, (_, i) => i + 1);
    port.playFarEnd({ kind: 'samples', samples: rec, loop: false });
    received.length = 0;
    clock.advance(60);
    await flush();
    const once = samples();
    expect(Array.from(once.subarray(0, 240))).toEqual(Array.from(rec));
    expect(once.subarray(240).every((v) => v === 0)).toBe(true);
    port.playFarEnd({ kind: 'samples', samples: rec, loop: true });
    received.length = 0;
    clock.advance(60);
    await flush();
    const looped = samples();
    expect(looped[240]).toBe(1);
  });

  it('keeps what keyline sent while off-hook as what the far party heard', async () => {
    const { clock, port, audio } = await offHookLine();
    const frame = Buffer.alloc(320);
    frame.writeInt16LE(1234, 0);
    audio.tx.write(frame);
    await flush();
    expect(port.heard()).toHaveLength(160);
    expect(port.heard()[0]).toBe(1234);
    port.clearHeard();
    const p = port.onHook();
    clock.advance(20);
    await p;
    audio.tx.write(frame);
    await flush();
    expect(port.heard()).toHaveLength(0);
  });

  it('refuses a tone it cannot play', async () => {
    const { port } = await offHookLine();
    expect(() => port.playFarEnd({ kind: 'tone', hz: 4000 })).toThrow(/hz/);
    expect(() => port.playFarEnd({ kind: 'samples', samples: new Int16Array(0), loop: true })).toThrow(/empty/);
  });
});
