import { afterEach, describe, expect, it } from 'vitest';
import { encodeBoardMessage } from '../../codecs/klb/boardMessages.js';
import { HookCause, MsgType } from '../../codecs/klb/constants.js';
import { CidCode, CidStatus } from '../../codecs/klb/parseCallerId.js';
import { toneCode } from '../../codecs/klb/toneCode.js';
import { mcuRig } from '../../../test/fakes/mcu/mcuRig.js';
import type { McuRig } from '../../../test/fakes/mcu/mcuRig.js';

let rig: McuRig | null = null;
afterEach(async () => {
  for (const p of rig?.ports.values() ?? []) await p.close().catch(() => undefined);
  rig = null;
});

async function openRig(o: Parameters<typeof mcuRig>[0] = {}): Promise<McuRig> {
  rig = mcuRig(o);
  for (const p of rig.ports.values()) await p.open();
  for (const l of rig.log.values()) l.length = 0;
  return rig;
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
function mdmf(params: Array<[number, string]>): Uint8Array {
  const body = params.flatMap(([p, v]) => [p, v.length, ...ascii(v)]);
  const bytes = [0x80, body.length, ...body];
  return Uint8Array.from([...bytes, (0x100 - bytes.reduce((s, x) => (s + x) & 0xff, 0)) & 0xff]);
}

describe('McuFxoPort: line events', () => {
  it('ring edges, polarity, loop drop, line samples and battery reach FxoPort events', async () => {
    const r = await openRig();
    const t0 = r.clock.now();
    r.fake.ring(0, true);
    await r.advance(2000);
    r.fake.ring(0, false, 2000);
    r.fake.polarity(1);
    r.fake.loop(1, 'drop', 300);
    r.fake.line(2, -48, 0, true);
    r.fake.line(2, 0, 0, false);
    r.fake.line(2, -47, 0, true);
    await r.flush();
    expect(r.log.get('line1')).toEqual([{ t: t0, type: 'ringBurst', on: true }, { t: t0 + 2000, type: 'ringBurst', on: false, ms: 2000 }]);
    expect(r.log.get('line2')).toEqual([{ t: t0 + 2000, type: 'polarityReversal' }, { t: t0 + 2000, type: 'loopCurrentDrop', ms: 300 }]);
    expect(r.log.get('line3')?.map((e) => e.type)).toEqual(['line', 'line', 'battery', 'line', 'battery']);
    expect(r.log.get('line3')?.filter((e) => e.type === 'battery')).toMatchObject([{ present: false }, { present: true }]);
    expect(r.log.get('line4')).toEqual([]);
  });

  it('caller ID (MDMF) becomes one callerId event; a checksum failure emits nothing and is counted', async () => {
    const r = await openRig();
    const msg = mdmf([[0x01, '11232215'], [0x02, '5551234'], [0x07, 'ALICE']]);
    r.fake.cid(0, CidCode.BELL202, CidStatus.OK, msg);
    r.fake.cid(0, CidCode.BELL202, CidStatus.CHECKSUM, msg);
    await r.flush();
    expect(r.log.get('line1')).toMatchObject([{ type: 'callerId', standard: 'bell202', number: '5551234', name: 'ALICE', when: { month: 11, day: 23, hour: 22, minute: 15 } }]);
    expect(r.port('line1').callerIdDropped).toBe(1);
  });

  it('DTMF and tones', async () => {
    const r = await openRig();
    await r.port('line1').offHook();
    r.log.get('line1')!.length = 0;
    r.fake.dtmf(0, '5', 90);
    r.fake.tone(0, toneCode('busy'), true);
    r.fake.tone(0, 99, true);
    await r.flush();
    expect(r.log.get('line1')).toMatchObject([{ type: 'dtmf', digit: '5', ms: 90 }, { type: 'tone', tone: 'busy', on: true }]);
  });

  it('timestamps: board time mapped to the host clock across u32 wrap-around', async () => {
    const r = await openRig({ fake: { tsAtBoot: 0xffffff00 } });
    await r.advance(1000);
    expect(r.fake.boardTs).toBeLessThan(1000);
    const { payload } = encodeBoardMessage({ kind: 'ring', on: true, ms: 0 });
    r.fake.sendFrame({ ver: 1, type: MsgType.RING, seq: 900, flags: 1, ch: 0, payload, ts: (r.fake.boardTs - 300 + 0x1_0000_0000) % 0x1_0000_0000 });
    await r.flush();
    expect(r.log.get('line1')).toEqual([{ t: r.clock.now() - 300, type: 'ringBurst', on: true }]);
  });
});

describe('McuFxoPort: controls', () => {
  it('offHook/onHook resolve after the hook event and are idempotent', async () => {
    const r = await openRig();
    const p = r.port('line1');
    const order: string[] = [];
    p.on('event', (e) => order.push(e.type));
    const a = p.offHook().then(() => order.push('resolved'));
    const b = p.offHook();
    await Promise.all([a, b]);
    expect(order).toEqual(['hook', 'resolved']);
    expect(r.log.get('line1')).toMatchObject([{ type: 'hook', offHook: true, cause: 'command' }]);
    expect(r.fake.channels[0]?.off).toBe(true);
    await p.offHook();
    await p.onHook();
    await p.onHook();
    expect(r.fake.received.filter((x) => x.msg.kind === 'hook' && x.ch === 0)).toHaveLength(3);
    expect(p.hook).toBe('on');
  });

  it('flash: INVALID_STATE on-hook; resolves on the board report; BUSY meanwhile', async () => {
    const r = await openRig();
    const p = r.port('line1');
    await expect(p.flash()).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await p.offHook();
    const f = p.flash();
    await r.flush();
    await expect(p.dial('1')).rejects.toMatchObject({ code: 'BUSY' });
    await r.advance(600);
    await f;
    expect(r.fake.channels[0]?.flashes).toEqual([600]);
    expect(r.log.get('line1')?.at(-1)).toMatchObject({ type: 'hook', offHook: true, cause: 'flash' });
    expect(() => p.flash(-1)).toThrow(/ms/);
  });

  it('dial: misuse throws, DTMF resolves on DIAL_DONE, a pause uses pauseMs', async () => {
    const r = await openRig();
    const p = r.port('line1');
    expect(() => p.dial('12x')).toThrow(/digits/);
    expect(() => p.dial('1*', { mode: 'pulse' })).toThrow(/pulse/);
    await expect(p.dial('1')).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await p.offHook();
    let done = false;
    const d = p.dial('9,55').then(() => { done = true; });
    await r.advance(2000);
    expect(done).toBe(false);
    await r.advance(600);
    await d;
    expect(r.fake.channels[0]?.dialled).toBe('9,55');
    expect(r.fake.received.find((x) => x.msg.kind === 'dial')?.msg).toEqual({ kind: 'dial', mode: 'dtmf', onMs: 90, offMs: 90, pauseMs: 2000, digits: '9,55' });
    const pulse = p.dial('20', { mode: 'pulse' });
    await r.advance(1000);
    await pulse;
    expect(r.fake.received.filter((x) => x.msg.kind === 'dial').at(-1)?.msg).toMatchObject({ kind: 'dial', mode: 'pulse', onMs: 60, offMs: 40 });
  });

  it('a refused command rejects with the mapped DeviceError', async () => {
    const r = await openRig();
    await r.port('line1').offHook();
    r.fake.channels[0]!.off = false;
    await expect(r.port('line1').flash(100)).rejects.toMatchObject({ code: 'INVALID_STATE', message: expect.stringMatching(/INVALID_STATE/) });
  });

  it('the board fail-safe is reported as hook cause failsafe and ends a dial', async () => {
    const r = await openRig();
    const p = r.port('line1');
    await p.offHook();
    const d = p.dial('123456');
    const failed = expect(d).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await r.flush();
    r.fake.hookState(0, false, HookCause.KEEPALIVE);
    await r.flush();
    await failed;
    expect(p.hook).toBe('on');
    expect(r.log.get('line1')?.at(-1)).toMatchObject({ type: 'hook', offHook: false, cause: 'failsafe' });
  });

  it('close() puts the line on-hook first, then nothing more; the last close closes the port', async () => {
    const r = await openRig();
    const p = r.port('line1');
    await p.offHook();
    await p.close();
    expect(r.fake.channels[0]?.off).toBe(false);
    expect(r.log.get('line1')?.at(-1)).toMatchObject({ type: 'hook', offHook: false, cause: 'command' });
    const n = r.log.get('line1')?.length;
    r.fake.ring(0, true);
    await r.flush();
    expect(r.log.get('line1')?.length).toBe(n);
    expect(p.health).toBe('closed');
    expect(r.fake.isOpen).toBe(true);
    for (const line of ['line2', 'line3', 'line4']) await r.port(line).close();
    expect(r.fake.isOpen).toBe(false);
    await p.close();
  });
});

describe('McuFxoPort: audio', () => {
  it('20 ms frames both ways', async () => {
    const r = await openRig();
    const p = r.port('line1');
    expect(p.caps.audio).toEqual({ encoding: 'ulaw', rateHz: 8000, frameMs: 20, duplex: true });
    await p.offHook();
    const a = p.audio();
    expect(a).not.toBeNull();
    expect(p.audio()).toBe(a);
    const got: Buffer[] = [];
    a?.rx.on('data', (b: Buffer) => got.push(b));
    a?.tx.write(Buffer.alloc(400, 0x55));
    r.fake.audio(0, 0, new Uint8Array(160).fill(0xd5));
    r.fake.audio(0, 1, new Uint8Array(160).fill(0xd6));
    await r.flush();
    expect(r.fake.channels[0]?.audio).toBe(true);
    expect(r.fake.channels[0]?.txAudio.map((f) => f.length)).toEqual([160, 160]);
    expect(r.fake.received.filter((x) => x.msg.kind === 'audio').map((x) => x.msg.kind === 'audio' && x.msg.aseq)).toEqual([0, 1]);
    expect(Buffer.concat(got)).toEqual(Buffer.concat([Buffer.alloc(160, 0xd5), Buffer.alloc(160, 0xd6)]));
    await p.onHook();
    await r.flush();
    expect(a?.tx.writable).toBe(false);
    expect(r.fake.received.filter((x) => x.msg.kind === 'audioCtl').map((x) => x.msg)).toEqual([
      { kind: 'audioCtl', rx: true, tx: true }, { kind: 'audioCtl', rx: false, tx: false }]);
  });
});

describe('McuFxoPort: faults', () => {
  it('a board reset mid-call: the line reports on-hook and lost; the link handshakes again; open() brings it back', async () => {
    const r = await openRig();
    const p = r.port('line1');
    await p.offHook();
    r.fake.reboot();
    await r.flush();
    expect(r.log.get('line1')?.slice(-2)).toMatchObject([{ type: 'hook', offHook: false, cause: 'failsafe' }, { type: 'lost', err: { code: 'HW_FAULT' } }]);
    expect(r.log.get('line2')?.map((e) => e.type)).toEqual(['lost']);
    expect(p.hook).toBe('on');
    expect(r.fake.received.filter((x) => x.msg.kind === 'hello')).toHaveLength(2);
    expect(r.fake.channels.every((c) => c.configured && !c.off)).toBe(true);
    // the port does not reopen itself
    await r.advance(10_000);
    expect(p.health).toBe('lost');
    await p.open();
    expect(p.health).toBe('ready');
    await p.offHook();
    expect(r.fake.channels[0]?.off).toBe(true);
    expect(r.log.get('line1')?.filter((e) => e.type === 'lost')).toHaveLength(1);
  });

  it('a reboot seen in a PONG is a reset too', async () => {
    const r = await openRig();
    r.fake.bootId = 0xbeef;
    await r.advance(1000);
    expect(r.log.get('line1')?.map((e) => e.type)).toEqual(['lost']);
    expect(r.fake.received.filter((x) => x.msg.kind === 'hello')).toHaveLength(2);
  });

  it('unplug mid-call: lost once with DISCONNECTED, pending controls fail, NOT_FOUND until back', async () => {
    const r = await openRig();
    const p = r.port('line1');
    await p.offHook();
    const d = p.dial('5551234');
    const failed = expect(d).rejects.toMatchObject({ code: 'DISCONNECTED' });
    await r.flush();
    r.fake.unplug();
    await r.flush();
    await failed;
    expect(r.log.get('line1')?.filter((e) => e.type === 'lost')).toMatchObject([{ err: { code: 'DISCONNECTED' } }]);
    expect(p.health).toBe('lost');
    expect(p.hook).toBe('on');
    await expect(p.offHook()).rejects.toMatchObject({ code: 'DISCONNECTED' });
    await expect(p.open()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(p.health).toBe('closed');
    r.fake.present = true;
    await p.open();
    expect(p.health).toBe('ready');
    expect(r.fake.received.filter((x) => x.msg.kind === 'hello')).toHaveLength(2);
  });
});

describe('McuFxoPort: reopening from a lost listener', () => {
  it('a port reopened at once from its lost listener joins the re-handshake', async () => {
    const r = await openRig();
    const p = r.port('line1');
    const reopened: Array<Promise<void>> = [];
    p.on('lost', () => reopened.push(p.open()));
    r.fake.reboot();
    await r.flush();
    await Promise.all(reopened);
    expect(p.health).toBe('ready');
    expect(r.fake.received.filter((x) => x.msg.kind === 'hello')).toHaveLength(2);
  });
});
