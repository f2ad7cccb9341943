import { describe, expect, it } from 'vitest';
import { OpQueue } from './OpQueue.js';
import { WriteQueue } from './WriteQueue.js';
import { V253Audio } from './V253Audio.js';
import { SimulatedClock } from '../../sim/SimulatedClock.js';
import { DLE } from '../../codecs/v253/dle.js';

const turn = () => new Promise<void>((r) => setImmediate(r));

describe('WriteQueue', () => {
  it('writes one at a time, in order, and fails what waits', async () => {
    const started: string[] = [];
    const done: Array<(err?: Error) => void> = [];
    const q = new WriteQueue((buf, cb) => {
      started.push(buf.toString());
      done.push((err) => cb(err ?? null));
    });
    const a = q.push(Buffer.from('a'));
    const b = q.push(Buffer.from('b'));
    await turn();
    expect(started).toEqual(['a']);
    expect(q.pending).toBe(2);
    done[0]?.();
    await a;
    await turn();
    expect(started).toEqual(['a', 'b']);
    const c = q.push(Buffer.from('c')).catch((e: Error) => e.message);
    q.fail(new Error('gone'));
    await expect(b).rejects.toThrow('gone');
    expect(await c).toBe('gone');
    await expect(q.push(Buffer.from('d'))).rejects.toThrow('gone');
  });
});

describe('OpQueue', () => {
  it('runs operations one after another; fail() rejects those not started', async () => {
    const q = new OpQueue();
    const log: string[] = [];
    let release: () => void = () => undefined;
    const first = q.run(() => new Promise<void>((r) => { log.push('first'); release = r; }));
    const second = q.run(async () => { log.push('second'); });
    await turn();
    expect(log).toEqual(['first']);
    q.fail(new Error('closed'));
    release();
    await first;
    await expect(second).rejects.toThrow('closed');
    await q.idle();
    expect(log).toEqual(['first']);
  });
});

describe('V253Audio', () => {
  it('paces one shielded frame per 20 ms of clock, silence when empty, and keeps ≤ 100 ms queued', () => {
    const clock = new SimulatedClock();
    const sent: Uint8Array[] = [];
    const a = new V253Audio(clock, 'u8', (b) => sent.push(b));
    a.tx.write(Buffer.alloc(160, 1));
    expect(sent).toEqual([]);
    a.start();
    a.tx.write(Buffer.from([DLE, ...Buffer.alloc(159, 2)]));
    clock.advance(19);
    expect(sent).toEqual([]);
    clock.advance(1);
    expect(sent.map((f) => f.length)).toEqual([161]);
    expect([...(sent[0] ?? new Uint8Array()).subarray(0, 3)]).toEqual([DLE, DLE, 2]);
    clock.advance(20);
    expect(new Set(sent[1])).toEqual(new Set([0x80]));
    a.tx.write(Buffer.alloc(160 * 10, 3));
    clock.advance(200);
    expect(sent.length).toBe(12);
    expect(a.dropped).toBe(5);
    a.stop();
    clock.advance(100);
    expect(sent.length).toBe(12);
    expect(clock.pendingCount).toBe(0);
  });

  it('cuts received voice data into 20 ms frames and ends rx for good', async () => {
    const a = new V253Audio(new SimulatedClock(), 'ulaw', () => undefined);
    const frames: Buffer[] = [];
    a.rx.on('data', (b: Buffer) => frames.push(b));
    a.receive(Buffer.alloc(100, 1));
    a.receive(Buffer.alloc(300, 2));
    await turn();
    expect(frames.map((f) => f.length)).toEqual([160, 160]);
    const ended = new Promise<void>((r) => a.rx.on('end', () => r()));
    a.end();
    await ended;
  });
});
