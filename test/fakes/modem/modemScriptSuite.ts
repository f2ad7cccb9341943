import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FxoEvent } from '../../../hal/contracts/fxo.js';
import { FxoSupervisor } from '../../../hal/fxo/FxoSupervisor.js';
import { loadProfile } from '../../../boards/resolveProfile.js';
import type { FakeV253Modem } from './FakeV253Modem.js';
import type { ModemHarness } from './ModemHarness.js';

const US = loadProfile(new URL('../../../boards/profiles/', import.meta.url).pathname, 'us');

/** Samples with DLE bytes (0x10) alone and in pairs, to prove shielding both ways. */
function samples(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i % 7 === 0 || i % 7 === 1 ? 0x10 : (i * 31 + seed) & 0xff));
}

/**
 * The scripted half of the v253 suite (hardware.md §8): a fake modem plays the line, a simulated
 * clock times it. Runs on every transport that has a fake (mock binding, socat pty).
 */
export function modemScriptSuite(name: string, make: () => Promise<ModemHarness>): void {
  describe(name, () => {
    let h: ModemHarness;
    let fake: FakeV253Modem;
    let sup: FxoSupervisor;
    let upper: FxoEvent[];
    const clock = () => {
      if (!h.clock) throw new Error('scripted tests need a simulated clock');
      return h.clock;
    };
    beforeEach(async () => {
      h = await make();
      if (!h.fake) throw new Error('scripted tests need a fake modem');
      fake = h.fake;
      sup = new FxoSupervisor({ port: h.port, clock: clock(), profile: US, backoff: { firstMs: 5000, maxMs: 30_000 } });
      upper = [];
      sup.on('event', (e) => upper.push(e));
      await sup.open();
      upper.length = 0;
    });
    afterEach(async () => {
      sup.dispose();
      await h.dispose();
    });
    const types = (evs: FxoEvent[]) => evs.map((e) => e.type);
    /** Waits (real I/O) until the driver has armed a timer due `ms` from now: its next step is clock-bound. */
    const armed = (ms: number, what: string) => h.until(() => clock().nextTimerAt() === clock().now() + ms, what);
    const at = async (ms: number, what: () => void, until: () => boolean, label: string) => {
      clock().advanceTo(ms);
      what();
      await h.until(until, label);
    };

    it('RING spacing: ringBurst per RING, the supervisor matches the US cadence and sees it stop', async () => {
      await at(0, () => fake.ring(), () => h.events.length >= 1, 'ring 1');
      await at(6000, () => fake.ringDle(), () => h.events.length >= 2, 'ring 2 (<DLE>R)');
      await at(12000, () => fake.ring(), () => h.events.length >= 3, 'ring 3');
      expect(h.events).toEqual([0, 6000, 12000].map((t) => ({ t, type: 'ringBurst', on: true })));
      expect(upper).toEqual([{ t: 0, type: 'ringing', cadence: null }, { t: 6000, type: 'ringing', cadence: 'normal' }]);
      clock().advance(8000);
      expect(types(upper)).not.toContain('ringingStopped');
      clock().advance(2000);
      expect(upper.at(-1)).toEqual({ t: 21000, type: 'ringingStopped' });
    });

    const variants: Array<[string, string[], Record<string, unknown>]> = [
      ['NA MDMF', ['DATE = 1123', 'TIME = 2215', 'NMBR = 6135551234', 'NAME = SMITH JOHN'],
        { number: '6135551234', name: 'SMITH JOHN', when: { month: 11, day: 23, hour: 22, minute: 15 } }],
      ['private', ['DATE = 1123', 'TIME = 2215', 'NMBR = P', 'NAME = P'], { numberAbsent: 'P', nameAbsent: 'P', when: { month: 11, day: 23, hour: 22, minute: 15 } }],
      ['out of area', ['DATE=0704', 'TIME=0905', 'NMBR=O', 'NAME=O'], { numberAbsent: 'O', nameAbsent: 'O', when: { month: 7, day: 4, hour: 9, minute: 5 } }],
      ['missing name', ['DATE = 1123', 'TIME = 2215', 'NMBR = 5551234'], { number: '5551234', when: { month: 11, day: 23, hour: 22, minute: 15 } }],
    ];
    for (const [label, lines, fields] of variants) {
      it(`caller ID, ${label}: one callerId, final at the next RING, during ringing`, async () => {
        await at(0, () => fake.ring(), () => upper.length >= 1, 'ring 1');
        clock().advanceTo(5500);
        const timers = clock().pendingCount;
        fake.callerId(lines);
        await h.until(() => clock().pendingCount > timers, 'caller-ID lines');
        clock().advanceTo(5900);
        await at(6000, () => fake.ring(), () => h.events.filter((e) => e.type === 'ringBurst').length >= 2, 'ring 2');
        const cid = h.events.filter((e) => e.type === 'callerId');
        expect(cid).toEqual([{ t: 5500, type: 'callerId', standard: 'modem', ...fields }]);
        expect(cid[0]?.type === 'callerId' && cid[0].name === undefined).toBe(!('name' in fields));
        expect(types(upper)).toEqual(['ringing', 'callerId', 'ringing']);
      });
    }

    it('caller ID is final 1 s after its last line when no RING follows', async () => {
      fake.callerId(['NMBR = 5551234']);
      await h.until(() => clock().pendingCount > 0, 'caller-ID timer');
      clock().advance(999);
      expect(h.events).toEqual([]);
      clock().advance(1);
      expect(h.events).toEqual([{ t: 0, type: 'callerId', standard: 'modem', number: '5551234' }]);
    });

    it('DLE events: DTMF digits, tones on and off, silence as a state', async () => {
      await h.port.offHook();
      await h.until(() => fake.voice, 'voice data');
      const n = h.events.length;
      for (const c of ['5', '#', 'b', 's', 's', 'd', 'L']) fake.dle(c);
      await h.until(() => h.events.some((e) => e.type === 'polarityReversal'), 'DLE events');
      expect(h.events.slice(n).map(({ t: _t, ...e }) => e)).toEqual([
        { type: 'dtmf', digit: '5' }, { type: 'dtmf', digit: '#' },
        { type: 'tone', tone: 'busy', on: true },
        { type: 'tone', tone: 'busy', on: false }, { type: 'tone', tone: 'silence', on: true },
        // the second <DLE>s: still silent; <DLE>d while streaming: spurious on a USR, ignored
        { type: 'polarityReversal' },
      ]);
    });

    it('busy tone reported four times reaches the supervisor as farEndDisconnect busyTone', async () => {
      await h.port.offHook();
      await armed(20, 'the audio pump');
      for (let i = 1; i <= 4; i++) {
        clock().advance(1000);
        fake.dle('b');
        await h.until(() => h.events.filter((e) => e.type === 'tone' && e.on).length >= i, `busy ${i}`);
      }
      expect(upper.filter((e) => e.type === 'farEndDisconnect')).toEqual([{ t: 4000, type: 'farEndDisconnect', by: 'busyTone' }]);
      expect(h.port.hook).toBe('off');
    });

    it('audio round trip: 20 ms frames both ways, DLE-shielded on the wire, paced by the clock', async () => {
      await h.port.offHook();
      await h.until(() => fake.voice, 'voice data');
      const audio = h.port.audio();
      if (!audio) throw new Error('no audio');
      // streaming has begun once the pump sends its first (silent) frame
      await armed(20, 'the audio pump');
      const rx: Buffer[] = [];
      audio.rx.on('data', (b: Buffer) => rx.push(b));
      const down = samples(480, 3);
      fake.sendAudio(down.subarray(0, 240), true);
      fake.sendAudio(down.subarray(240));
      await h.until(() => rx.length >= 3, 'three rx frames');
      expect(rx.map((b) => b.length)).toEqual([160, 160, 160]);
      expect(Buffer.concat(rx)).toEqual(Buffer.from(down));

      const up = samples(400, 5);
      audio.tx.write(Buffer.from(up));
      clock().advance(20);
      await h.until(() => fake.txAudio.length >= 160, 'one tx frame');
      await new Promise<void>((r) => setImmediate(r));
      expect(fake.txAudio.length).toBe(160);
      clock().advance(40);
      await h.until(() => fake.txAudio.length >= 480, 'three tx frames');
      expect(fake.txAudio.slice(0, 400)).toEqual([...up]);
      // the rest of the third frame is µ-law silence
      expect(new Set(fake.txAudio.slice(400, 480))).toEqual(new Set([0xff]));
      await h.port.onHook();
      expect(fake.voice).toBe(false);
      expect(fake.hook).toBe('on');
    });

    it('dial and flash leave voice data for AT commands and come back to it', async () => {
      await h.port.offHook();
      await h.until(() => fake.voice, 'voice data');
      const dialled = h.port.dial('12,#');
      // the 2 s pause is armed when the modem's OK for the first digits arrives
      await armed(2000, 'the pause');
      expect(fake.digits).toBe('12');
      clock().advance(2000);
      await dialled;
      expect(fake.digits).toBe('12#');
      await h.until(() => fake.voice, 'voice data again');
      await h.port.flash(600);
      expect(fake.flashes).toEqual([60]);
      expect(h.events.at(-1)).toMatchObject({ type: 'hook', offHook: true, cause: 'flash' });
      await h.until(() => fake.voice, 'voice data after flash');
    });

    it('garbage bytes for a while: no throw, the port still works', async () => {
      let seed = 7;
      const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
      for (let i = 0; i < 40; i++) {
        fake.send(Buffer.from(Array.from({ length: 64 }, rnd)));
        clock().advance(50);
        await new Promise<void>((r) => setImmediate(r));
      }
      fake.send(Buffer.from('\r\n'));
      await h.port.offHook();
      await h.until(() => fake.voice, 'voice data');
      for (let i = 0; i < 20; i++) {
        fake.sendAudio(Uint8Array.from(Array.from({ length: 64 }, rnd)));
        const code = String.fromCharCode(rnd() & 0x7f);
        if (code !== '\x03') fake.dle(code);
        await new Promise<void>((r) => setImmediate(r));
      }
      await h.port.onHook();
      expect(h.port.health).toBe('ready');
      expect(fake.hook).toBe('on');
    });

    it('device unplugged mid-call: lost once, pending work rejects, no reopen by itself', async () => {
      if (!h.unplug) return;
      const lost: unknown[] = [];
      h.port.on('lost', (e) => lost.push(e));
      await h.port.offHook();
      await h.until(() => fake.voice, 'voice data');
      const rxEnded = new Promise<void>((r) => h.port.audio()?.rx.on('end', () => r()).resume());
      const dialled = h.port.dial('1,2').then(() => null, (e: unknown) => e);
      await armed(2000, 'the pause after the first digit');
      await h.unplug();
      // a pulled USB modem fails its reads at once (mock); a hung-up pty fails the next write,
      // here the digit after the pause
      clock().advance(2000);
      await h.until(() => lost.length > 0, 'lost');
      expect(await dialled).toMatchObject({ code: 'DISCONNECTED' });
      await rxEnded;
      expect(lost).toEqual([expect.objectContaining({ code: 'DISCONNECTED' })]);
      expect(h.port.health).toBe('lost');
      expect(h.port.hook).toBe('on');
      expect(upper.at(-1)).toMatchObject({ type: 'device', up: false });
      sup.dispose();
      clock().advance(120_000);
      await new Promise<void>((r) => setImmediate(r));
      expect(h.opens()).toBe(1);
      expect(lost.length).toBe(1);
      await expect(h.port.offHook()).rejects.toMatchObject({ code: 'DISCONNECTED' });
    });
  });
}
