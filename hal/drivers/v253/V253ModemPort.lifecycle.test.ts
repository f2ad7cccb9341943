import { afterAll, describe, expect, it } from 'vitest';
import { V253ModemPort } from './V253ModemPort.js';
import type { V253ModemPortOptions } from './V253ModemPort.js';
import { modemProfile } from './modemProfiles.js';
import { SimulatedClock } from '../../sim/SimulatedClock.js';
import type { FxoEvent } from '../../contracts/fxo.js';
import { FxoSupervisor } from '../../fxo/FxoSupervisor.js';
import { loadProfile } from '../../../boards/resolveProfile.js';
import { FakeV253Modem } from '../../../test/fakes/modem/FakeV253Modem.js';
import type { FakeV253ModemOptions } from '../../../test/fakes/modem/FakeV253Modem.js';
import { MockModemBus } from '../../../test/fakes/modem/mockTransport.js';
import { pollUntil, settleIo } from '../../../test/fakes/modem/ModemHarness.js';

const US = loadProfile(new URL('../../../boards/profiles/', import.meta.url).pathname, 'us');
let n = 0;
afterAll(() => MockModemBus.reset());

function rig(fakeOpts: FakeV253ModemOptions = {}, portOpts: Partial<V253ModemPortOptions> = {}) {
  const path = `/dev/mock-life-${++n}`;
  MockModemBus.createPort(path);
  let fake = new FakeV253Modem(fakeOpts);
  const bus = new MockModemBus(() => fake);
  const clock = new SimulatedClock();
  const port = new V253ModemPort({ line: 'line1', clock, path, transport: bus.transport, ...portOpts });
  const events: FxoEvent[] = [];
  port.on('event', (e) => events.push(e));
  return { path, bus, clock, port, events, fake: () => fake, replaceFake: (f: FakeV253Modem) => { fake = f; } };
}

describe('V253ModemPort open', () => {
  it('detects models by ATI: USR5637, Conexant, else generic V.253', async () => {
    const usr = rig();
    await usr.port.open();
    expect(usr.port.modem.name).toBe('usr5637');
    expect(usr.port.identity.get('ATI0')).toEqual(['5601']);
    const cx = rig({ ati0: '56000', ati3: 'CX93001-EIS_V0.2002-V92', vsm: ['4,"G711U",8,0,(8000),(0),(0)', '1,"UNSIGNED PCM",8,0,(8000),(0),(0)'] });
    await cx.port.open();
    expect(cx.port.modem.name).toBe('conexant');
    expect(cx.fake().commands).toContain('AT+VSM=4,8000');
    const other = rig({ ati0: '1234', ati3: 'Some Modem', vsm: ['2,"ADPCM",4,0,(7200),(0),(0)'] });
    await other.port.open();
    expect(other.port.modem.name).toBe('generic-v253');
    expect(other.port.caps.audio).toBeNull();
    expect(other.port.caps.flash).toBe(false);
    await Promise.all([usr.port.close(), cx.port.close(), other.port.close()]);
  });

  it('a named profile skips the other models’ probes', async () => {
    const r = rig({}, { modemProfile: 'usr5637' });
    await r.port.open();
    expect(r.fake().commands.filter((c) => c.startsWith('ATI'))).toEqual(['ATI0', 'ATI3']);
    await r.port.close();
  });

  it('a refused init string rejects with PROTOCOL naming it, and closes the port', async () => {
    const r = rig({ refuse: ['AT+FCLASS=8'] });
    await expect(r.port.open()).rejects.toMatchObject({ code: 'PROTOCOL', message: expect.stringMatching(/AT\+FCLASS=8: ERROR/) });
    expect(r.port.health).toBe('closed');
    r.fake().o.refuse = [];
    await r.port.open();
    expect(r.port.health).toBe('ready');
    await r.port.close();
  });

  it('a silent modem times out on the injected clock', async () => {
    const r = rig({ ignore: ['ATZ'] });
    const opened = r.port.open().then(() => null, (e: unknown) => e);
    await pollUntil(() => r.fake().commands.length > 0, 'ATZ');
    r.clock.advance(2999);
    await settleIo();
    expect(r.port.health).toBe('opening');
    r.clock.advance(1);
    expect(await opened).toMatchObject({ code: 'TIMEOUT' });
    expect(r.port.health).toBe('closed');
  });

  it('a missing device is NOT_FOUND; a pattern with "*" finds nothing in an empty folder', async () => {
    const clock = new SimulatedClock();
    const bus = new MockModemBus(() => new FakeV253Modem());
    await expect(new V253ModemPort({ line: 'l', clock, path: '/dev/mock-absent', transport: bus.transport }).open()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(new V253ModemPort({ line: 'l', clock, path: '/nonexistent-dir/usb-modem-*-if00', transport: bus.transport }).open()).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('an unknown profile name throws naming the option', () => {
    expect(() => new V253ModemPort({ line: 'l', clock: new SimulatedClock(), path: '/dev/x', modemProfile: 'nope' })).toThrow(/opts\.modemProfile.*nope/);
  });
});

describe('V253ModemPort disconnect cues and supervision', () => {
  // A model that reports loop breaks and polarity reversals (the profile says so; the USR does not).
  const strong = { ...modemProfile('usr5637'), name: 'strong', reports: ['dtmf', 'busy', 'silence', 'loopBreak', 'polarity'] as const, loopBreakMs: 100 };

  async function seized(by: string) {
    const r = rig({}, { modemProfile: { ...strong, reports: [...strong.reports] } });
    const sup = new FxoSupervisor({ port: r.port, clock: r.clock, profile: US });
    const upper: FxoEvent[] = [];
    sup.on('event', (e) => upper.push(e));
    await sup.open();
    expect(r.port.caps.disconnect).toEqual(['polarity', 'loopCurrent', 'busyTone', 'silence']);
    await r.port.offHook();
    await pollUntil(() => r.fake().voice, 'voice data');
    r.clock.advance(1000);
    r.fake().dle(by);
    await pollUntil(() => upper.some((e) => e.type === 'farEndDisconnect'), 'farEndDisconnect');
    sup.dispose();
    await r.port.close();
    return { events: r.events, upper };
  }

  it('<DLE>l is a loop-current drop: farEndDisconnect loopCurrent', async () => {
    const { events, upper } = await seized('l');
    expect(events).toContainEqual({ t: 1000, type: 'loopCurrentDrop', ms: 100 });
    expect(upper.filter((e) => e.type === 'farEndDisconnect')).toEqual([{ t: 1000, type: 'farEndDisconnect', by: 'loopCurrent' }]);
  });

  it('<DLE>L is a polarity reversal: farEndDisconnect polarity', async () => {
    const { upper } = await seized('L');
    expect(upper.filter((e) => e.type === 'farEndDisconnect')).toEqual([{ t: 1000, type: 'farEndDisconnect', by: 'polarity' }]);
  });

  it('after an unplug the supervisor, not the port, reopens it with backoff', async () => {
    const r = rig();
    const sup = new FxoSupervisor({ port: r.port, clock: r.clock, profile: US });
    const upper: FxoEvent[] = [];
    sup.on('event', (e) => upper.push(e));
    await sup.open();
    await r.port.offHook();
    r.bus.unplug(r.path);
    await pollUntil(() => r.port.health === 'lost', 'lost');
    expect(r.bus.opened.length).toBe(1);
    r.replaceFake(new FakeV253Modem());
    r.clock.advance(999);
    await settleIo();
    expect(r.bus.opened.length).toBe(1);
    r.clock.advance(1);
    await pollUntil(() => r.port.health === 'ready', 'reopened');
    expect(r.bus.opened.length).toBe(2);
    expect(r.port.hook).toBe('on');
    expect(upper.filter((e) => e.type === 'device')).toEqual([{ t: 0, type: 'device', up: true }, { t: 0, type: 'device', up: false }, { t: 1000, type: 'device', up: true }]);
    await sup.close();
    expect(r.fake().hook).toBe('on');
  });

  it('the modem leaving voice data by itself stops audio; onHook still works', async () => {
    const r = rig();
    await r.port.open();
    await r.port.offHook();
    await pollUntil(() => r.fake().voice, 'voice data');
    r.fake().endVoice();
    await settleIo();
    r.clock.advance(100);
    await settleIo();
    expect(r.fake().txAudio.length).toBe(0);
    await r.port.onHook();
    expect(r.fake().hook).toBe('on');
    await r.port.close();
  });
});

describe('V253ModemPort close during work', () => {
  it('close while a dial waits in its pause: the dial rejects, the line is hung up, nothing follows', async () => {
    const r = rig();
    await r.port.open();
    await r.port.offHook();
    const dialled = r.port.dial('1,2').then(() => null, (e: unknown) => e);
    await pollUntil(() => r.fake().digits === '1', 'first digit');
    await settleIo();
    const closed = r.port.close();
    expect(r.port.health).toBe('closed');
    await expect(r.port.offHook()).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await closed;
    expect(await dialled).toMatchObject({ code: 'INVALID_STATE' });
    expect(r.fake().hook).toBe('on');
    expect(r.fake().voice).toBe(false);
    expect(r.events.at(-1)).toMatchObject({ type: 'hook', offHook: false });
    expect(r.clock.pendingCount).toBe(0);
  });

  it('a path pattern with two "*" is misuse, named at construction', () => {
    expect(() => new V253ModemPort({ line: 'l', clock: new SimulatedClock(), path: '/dev/*/modem-*' })).toThrow(/opts\.path/);
  });
});

describe('V253ModemPort write queue', () => {
  it('commands and audio never interleave on the wire: frames, <DLE>^, AT+VTS, AT+VTR, frames', async () => {
    const r = rig();
    await r.port.open();
    await r.port.offHook();
    await pollUntil(() => r.fake().voice, 'voice data');
    await settleIo();
    r.clock.advance(60);
    await pollUntil(() => r.fake().txAudio.length >= 480, 'three frames');
    await r.port.dial('12');
    await pollUntil(() => r.fake().voice, 'voice data again');
    await settleIo();
    r.clock.advance(20);
    await pollUntil(() => r.fake().txAudio.length >= 640, 'a frame after dialling');
    const wire = r.bus.recording(r.path).toString('latin1');
    const vtr = wire.indexOf('AT+VTR\r');
    const leave = wire.indexOf('\x10^');
    const vts = wire.indexOf('AT+VTS=1,2\r');
    const back = wire.indexOf('AT+VTR\r', vts);
    expect(vtr).toBeGreaterThan(-1);
    expect(leave).toBeGreaterThan(vtr + 7 + 480 - 1);
    expect(vts).toBeGreaterThan(leave);
    expect(back).toBeGreaterThan(vts);
    // between leaving voice data and the next AT+VTR there are only AT commands
    expect(wire.slice(leave + 2, back)).toBe('AT+VTS=1,2\r');
    expect(wire.length).toBe(back + 7 + 160);
    await r.port.close();
  });
});

describe('V253ModemPort caller ID before the first ring (UK, ETSI timing)', () => {
  it('lines before RING 1 are final at it and the supervisor releases them right after ringing', async () => {
    const GB = loadProfile(new URL('../../../boards/profiles/', import.meta.url).pathname, 'gb');
    const r = rig();
    const sup = new FxoSupervisor({ port: r.port, clock: r.clock, profile: GB });
    const upper: FxoEvent[] = [];
    sup.on('event', (e) => upper.push(e));
    await sup.open();
    r.clock.advance(1000);
    r.fake().callerId(['DATE = 1123', 'TIME = 0915', 'NMBR = 02079460000']);
    await pollUntil(() => r.clock.pendingCount > 0, 'caller-ID lines');
    r.clock.advance(500);
    r.fake().ring();
    await pollUntil(() => upper.some((e) => e.type === 'callerId'), 'callerId');
    expect(r.events.map((e) => e.type)).toEqual(['callerId', 'ringBurst']);
    expect(upper.filter((e) => e.type !== 'device')).toEqual([
      { t: 1500, type: 'ringing', cadence: null },
      { t: 1500, type: 'callerId', standard: 'modem', number: '02079460000', when: { month: 11, day: 23, hour: 9, minute: 15 } },
    ]);
    await sup.close();
  });
});
