import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProfile } from '../../../boards/resolveProfile.js';
import { createMcuPorts } from './createMcuPorts.js';
import { CapBit, MsgType } from '../../codecs/klb/constants.js';
import { mcuRig } from '../../../test/fakes/mcu/mcuRig.js';
import type { McuRig } from '../../../test/fakes/mcu/mcuRig.js';

let rig: McuRig | null = null;
afterEach(async () => {
  for (const p of rig?.ports.values() ?? []) await p.close().catch(() => undefined);
  rig = null;
});

const types = (r: McuRig, line: string): string[] => (r.log.get(line) ?? []).map((e) => e.type);

describe('mcu-si3050 link: handshake', () => {
  it('HELLO, INFO, CONFIG and on-hook per channel, then ready', async () => {
    rig = mcuRig();
    await rig.port('line1').open();
    expect(rig.port('line1').health).toBe('ready');
    expect(rig.port('line1').hook).toBe('on');
    const kinds = rig.fake.received.map((r) => `${r.msg.kind}:${r.ch}`);
    expect(kinds).toEqual(['hello:255', 'config:0', 'config:1', 'config:2', 'config:3', 'hook:0', 'hook:1', 'hook:2', 'hook:3']);
    expect(rig.fake.received[0]?.msg).toMatchObject({ kind: 'hello', minVer: 1, maxVer: 1, keepaliveMs: 3000 });
    expect(rig.fake.received[1]?.msg).toMatchObject({ kind: 'config', ringValidateMs: 200, loopDropMinMs: 80, seizeGuardMs: 650, cidMode: 1, cidLoad: 0, daaProfile: 0, law: 0 });
    expect(rig.fake.channels.every((c) => c.configured && !c.off)).toBe(true);
    expect(types(rig, 'line1')).toEqual(['ready']);
    expect(rig.fake.decoderStats).toMatchObject({ crcErrors: 0, lengthErrors: 0, escapeErrors: 0 });
    expect(rig.port('line1').board.caps).toEqual({ channels: [0, 1, 2, 3], caps: ['ring', 'polarity', 'lineVoltage', 'loopCurrent', 'callerIdOnBoard', 'dtmfDetect', 'pulseDial', 'audio'] });
    expect(rig.port('line1').board.health).toBe('ready');
    // the other lines share the open board
    await rig.port('line2').open();
    expect(rig.fake.received.filter((r) => r.msg.kind === 'hello')).toHaveLength(1);
  });

  it('UK profile: V.23 caller ID with the UK load, TBR21, A-law', async () => {
    rig = mcuRig({ country: 'gb' });
    await rig.port('line1').open();
    expect(rig.fake.received[1]?.msg).toMatchObject({ kind: 'config', cidMode: 2, cidLoad: 1, daaProfile: 1, law: 1 });
    expect(rig.port('line1').caps.audio).toMatchObject({ encoding: 'alaw', frameMs: 20 });
    expect(rig.port('line1').caps.callerId).toEqual({ standards: ['v23-uk'], decodedBy: 'device' });
  });

  it('version mismatch: ERROR 9 and INFO ver 0 reject open with PROTOCOL', async () => {
    rig = mcuRig({ fake: { versions: [2, 3] } });
    await expect(rig.port('line1').open()).rejects.toMatchObject({ name: 'DeviceError', code: 'PROTOCOL', device: 'daa' });
    expect(rig.port('line1').health).toBe('closed');
    expect(rig.fake.isOpen).toBe(false);
    expect(types(rig, 'line1')).toEqual([]);
  });

  it('too few channels or missing caps reject open with PROTOCOL naming them', async () => {
    rig = mcuRig({ fake: { channels: 2 } });
    await expect(rig.port('line1').open()).rejects.toThrow(/2 channel\(s\).*line3 on channel 2/);
    rig = mcuRig({ fake: { caps: 0x3ff & ~(1 << CapBit.audio) } });
    await expect(rig.port('line1').open()).rejects.toThrow(/lacks audio/);
    rig = mcuRig({ fake: { caps: 0x0f }, options: { caps: ['ring', 'polarity', 'lineVoltage', 'loopCurrent'] } });
    await rig.port('line1').open();
    expect(rig.port('line1').caps).toMatchObject({ audio: null, callerId: null, dtmfDetect: false, pulseDial: false });
  });

  it('no INFO: HELLO repeated, then TIMEOUT', async () => {
    rig = mcuRig();
    rig.fake.deaf = true;
    const opening = rig.port('line1').open();
    const failed = expect(opening).rejects.toMatchObject({ code: 'TIMEOUT' });
    await rig.advance(2000);
    await failed;
  });

  it('a board that reboots as the port opens (DTR reset) is asked again when its INFO arrives', async () => {
    rig = mcuRig();
    rig.fake.deaf = true;
    const opening = rig.port('line1').open();
    await rig.advance(500);
    rig.fake.deaf = false;
    rig.fake.reboot();
    await rig.flush();
    await opening;
    expect(rig.port('line1').health).toBe('ready');
    expect(rig.fake.received.filter((r) => r.msg.kind === 'hello')).toHaveLength(1);
  });

  it('a missing device rejects with NOT_FOUND', async () => {
    rig = mcuRig();
    rig.fake.present = false;
    await expect(rig.port('line1').open()).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('mcu-si3050 link: back after an unplug (same bootId)', () => {
  const handshakeKinds = ['hello:255', 'config:0', 'config:1', 'config:2', 'config:3', 'hook:0', 'hook:1', 'hook:2', 'hook:3'];
  const sent = (r: McuRig, from: number): string[] => r.fake.received.slice(from).filter((x) => x.msg.kind !== 'ping').map((x) => `${x.msg.kind}:${x.ch}`);

  it('a line the board kept seized through an unplug shorter than the keepalive: the re-handshake sends CONFIG and HOOK on-hook per channel and frees it', async () => {
    rig = mcuRig({ link: { firstSeq: 0 } });
    const p = rig.port('line1');
    for (const port of rig.ports.values()) await port.open();
    await p.offHook();
    rig.fake.unplug();
    await rig.advance(500);
    expect(p.health).toBe('lost');
    expect(rig.fake.channels[0]?.off).toBe(true);
    rig.fake.present = true;
    const from = rig.fake.received.length;
    await p.open();
    // Every channel, on sequence numbers the board has not seen (it remembers the last 16).
    expect(sent(rig, from)).toEqual(handshakeKinds);
    expect(rig.fake.received.slice(from).every((x) => !x.retx)).toBe(true);
    expect(rig.fake.channels.map((c) => c.off)).toEqual([false, false, false, false]);
    expect(p.hook).toBe('on');
    // The port does not take its on-hook for granted after a loss: onHook() sends the command.
    const beforeOnHook = rig.fake.received.length;
    await p.onHook();
    expect(sent(rig, beforeOnHook)).toEqual(['hook:0']);
    expect(rig.log.get('line1')?.at(-1)).toMatchObject({ type: 'hook', offHook: false, cause: 'command' });
    // Once the board has reported, a repeat is idempotent again.
    await p.onHook();
    expect(sent(rig, beforeOnHook)).toEqual(['hook:0']);
    // And the controls act on the board again, both ways.
    await p.offHook();
    expect(rig.fake.channels[0]?.off).toBe(true);
    await p.onHook();
    expect(rig.fake.channels[0]?.off).toBe(false);
  });

  it('a board that remembers a previous host process\'s sequence numbers: no ready until the board reported every channel on-hook', async () => {
    rig = mcuRig({ link: { firstSeq: 0 } });
    for (const port of rig.ports.values()) await port.open();
    await rig.port('line1').offHook();
    // The host process dies without a word; a new one starts at the same seq (the worst case of
    // a random start) and is back before the fail-safe.
    rig.fake.unplug();
    rig.fake.present = true;
    const profile = loadProfile(fileURLToPath(new URL('../../../boards/profiles/', import.meta.url)), 'us');
    const next = createMcuPorts({ id: 'daa', match: { path: rig.fake.path }, channels: { line1: 0, line2: 1, line3: 2, line4: 3 } }, { clock: rig.clock, profile, serial: rig.fake.opener, link: { firstSeq: 0 } });
    const line1 = next.get('line1');
    if (!line1) throw new Error('no line1');
    const openFor = async (ms: number): Promise<unknown> => {
      let done = false;
      const opened = line1.open().then(() => null, (e: unknown) => e).finally(() => { done = true; });
      for (let t = 0; !done && t < ms; t += 100) await rig?.advance(100);
      return opened;
    };
    // The board ACKs the HOOKs as repeats of the old process's frames and reports nothing; the
    // second round collides with the old off-hook: the open fails instead of believing the ACKs.
    expect(await openFor(5000)).toMatchObject({ code: 'TIMEOUT', message: expect.stringMatching(/channel \d did not report on-hook/) });
    expect(line1.health).toBe('closed');
    // The supervisor's next open goes on from the numbers used so far: the board acts on it.
    expect(await openFor(5000)).toBe(null);
    expect(rig.fake.channels.map((c) => c.off)).toEqual([false, false, false, false]);
    expect(line1.hook).toBe('on');
    for (const port of next.values()) await port.close();
  });

  it('a board left powered but unplugged for longer than keepaliveMs frees its lines by itself (fail-safe, cause 2)', async () => {
    rig = mcuRig();
    for (const port of rig.ports.values()) await port.open();
    await rig.port('line1').offHook();
    await rig.port('line3').offHook();
    rig.fake.unplug();
    await rig.advance(2900);
    expect(rig.fake.channels.map((c) => c.off)).toEqual([true, false, true, false]);
    await rig.advance(200);
    expect(rig.fake.channels.map((c) => c.off)).toEqual([false, false, false, false]);
  });
});

describe('mcu-si3050 link: reliability', () => {
  it('a CRC error drops the frame, counts it, the link survives and the board repeats it', async () => {
    rig = mcuRig();
    await rig.port('line1').open();
    rig.fake.corruptNext = 1;
    const lost = rig.fake.ring(0, true);
    const kept = rig.fake.ring(0, false, 2000);
    await rig.flush();
    expect(types(rig, 'line1')).toEqual(['ready', 'ringBurst']);
    expect(rig.fake.acked.has(lost)).toBe(false);
    expect(rig.fake.acked.get(kept)).toBe(0);
    expect(rig.port('line1').board.stats.crcErrors).toBe(1);
    await rig.advance(100);
    expect(rig.fake.acked.get(lost)).toBe(0);
    expect(types(rig, 'line1')).toEqual(['ready', 'ringBurst', 'ringBurst']);
    await rig.advance(10_000);
    expect(rig.port('line1').health).toBe('ready');
  });

  it('a duplicate board frame is acknowledged again but reported once', async () => {
    rig = mcuRig();
    await rig.port('line1').open();
    const seq = rig.fake.ring(0, true);
    rig.fake.acked.clear();
    const { encodeBoardMessage } = await import('../../codecs/klb/boardMessages.js');
    rig.fake.sendFrame({ ver: 1, type: MsgType.RING, seq, flags: 3, ch: 0, payload: encodeBoardMessage({ kind: 'ring', on: true, ms: 0 }).payload });
    await rig.flush();
    expect(rig.fake.acked.get(seq)).toBe(0);
    expect(types(rig, 'line1').filter((t) => t === 'ringBurst')).toHaveLength(1);
  });

  it('a lost ACK is repeated with RETX; the board acts once', async () => {
    rig = mcuRig();
    await rig.port('line1').open();
    rig.fake.dropAckReq = 1;
    const off = rig.port('line1').offHook();
    await rig.advance(100);
    await off;
    const hooks = rig.fake.received.filter((r) => r.msg.kind === 'hook' && r.msg.off && r.ch === 0);
    expect(hooks.map((r) => r.retx)).toEqual([true]);
    expect(rig.port('line1').board.stats.retransmits).toBe(1);
    expect(rig.port('line1').hook).toBe('off');
  });

  it('ACKs lost past the limit: the link is lost, every line once', async () => {
    rig = mcuRig();
    await rig.port('line1').open();
    await rig.port('line2').open();
    rig.fake.dropAckReq = 100;
    const off = rig.port('line1').offHook();
    const failed = expect(off).rejects.toMatchObject({ code: 'TIMEOUT' });
    await rig.advance(500);
    await failed;
    expect(rig.port('line1').board.stats.retransmits).toBe(3);
    for (const line of ['line1', 'line2']) {
      expect(rig.port(line).health).toBe('lost');
      expect(types(rig, line).filter((t) => t === 'lost')).toHaveLength(1);
    }
    expect(types(rig, 'line3')).toEqual([]);
    expect(rig.fake.isOpen).toBe(false);
    // no self-reopen
    await rig.advance(60_000);
    expect(rig.port('line1').health).toBe('lost');
  });

  it('garbage for a while: no crash, counted, the line keeps working', async () => {
    rig = mcuRig();
    await rig.port('line1').open();
    let x = 7;
    for (let i = 0; i < 50; i++) {
      const junk = Uint8Array.from({ length: 64 }, () => (x = (x * 1103515245 + 12345) & 0xff));
      rig.fake.garbage(junk);
      await rig.advance(100);
    }
    expect(rig.port('line1').health).toBe('ready');
    await rig.port('line1').offHook();
    expect(rig.port('line1').hook).toBe('off');
  });

  it('keepalive: PINGs every keepaliveMs/3 keep the board from its fail-safe', async () => {
    rig = mcuRig();
    await rig.port('line1').open();
    await rig.port('line1').offHook();
    await rig.advance(30_000);
    expect(rig.fake.received.filter((r) => r.msg.kind === 'ping').length).toBeGreaterThanOrEqual(29);
    expect(rig.fake.channels[0]?.off).toBe(true);
    expect(rig.port('line1').hook).toBe('off');
  });

  it('a silent board: lost with TIMEOUT once keepaliveMs passed and three PINGs went unanswered', async () => {
    rig = mcuRig();
    await rig.port('line1').open();
    rig.fake.deaf = true;
    await rig.advance(3500);
    expect(rig.port('line1').health).toBe('ready');
    await rig.advance(500);
    expect(rig.port('line1').health).toBe('lost');
    const last = rig.log.get('line1')?.at(-1);
    expect(last).toMatchObject({ type: 'lost', err: { code: 'TIMEOUT' } });
  });
});

describe('mcu-si3050 link: diagnostics', () => {
  it('status() asks GET_STATUS and returns the board\'s view; LOG frames reach log listeners', async () => {
    rig = mcuRig();
    const logs: Array<[number, string]> = [];
    const board = rig.port('line1').board;
    board.on('log', (level, text) => logs.push([level, text]));
    await rig.port('line1').open();
    await rig.port('line1').offHook();
    const [a, b] = await Promise.all([board.status(), board.status()]);
    expect(a).toBe(b);
    expect(rig.fake.received.filter((r) => r.msg.kind === 'getStatus')).toHaveLength(1);
    expect(a.channels).toHaveLength(4);
    expect(a.channels[0]).toMatchObject({ configured: true, off: true });
    expect(a.crcErrors).toBe(0);
    rig.fake.log(6, 'DAA0 overload cleared');
    await rig.flush();
    expect(logs).toEqual([[6, 'DAA0 overload cleared']]);
    rig.fake.deaf = true;
    const late = expect(board.status()).rejects.toMatchObject({ code: 'TIMEOUT' });
    await rig.advance(500);
    await late;
    rig.fake.deaf = false;
  });
});
