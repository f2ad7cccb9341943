import { afterEach, describe, expect, it } from 'vitest';
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
