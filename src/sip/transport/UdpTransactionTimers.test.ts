import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../hal/sim/SimulatedClock.js';
import type { Flow } from '../types.js';
import { RecordingLog } from './testing/recordingLog.js';
import type { TxIdentity } from './UdpTransactionTimers.js';
import { UdpTransactionTimers } from './UdpTransactionTimers.js';

const peer: Flow = { proto: 'UDP', address: '127.0.0.1', port: 5999 };

/** The timers on a simulated clock with a fake socket recording (instant, text) of every send. */
function rig(timers = { t1: 500, t2: 4000, t4: 5000, timerD: 32_000 }) {
  const clock = new SimulatedClock();
  const sent: Array<{ at: number; text: string }> = [];
  const t = new UdpTransactionTimers({ clock, log: new RecordingLog(), timers, send: (_f, text) => sent.push({ at: clock.now(), text }) });
  const at = (text?: string) => sent.filter((s) => text === undefined || s.text === text).map((s) => s.at);
  return { clock, t, sent, at };
}

const id = (method: string, branch = 'z9hG4bKa'): TxIdentity => ({ branch, method, sentBy: '127.0.0.1:5999' });

describe('client non-INVITE (Timers E, F, K)', () => {
  it('E: re-sends at 500, 1500, 3500, 7500, 11500 ... (T1 doubling, capped at T2) and stops at F = 64*T1', () => {
    const { clock, t, at } = rig();
    t.requestSent(id('OPTIONS'), peer, 'OPTIONS');
    clock.advance(40_000);
    expect(at()).toEqual([500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
    expect(t.size).toBe(0);
    expect(clock.pendingCount).toBe(0);
  });

  it('E: after a provisional the next interval is T2; a final stops it', () => {
    const { clock, t, at } = rig();
    t.requestSent(id('SUBSCRIBE'), peer, 'SUBSCRIBE');
    clock.advance(1000);
    expect(t.responseReceived(id('SUBSCRIBE'), 100)).toBe('pass');
    clock.advanceTo(10_000);
    expect(at()).toEqual([500, 1500, 5500, 9500]);
    expect(t.responseReceived(id('SUBSCRIBE'), 200)).toBe('pass');
    clock.advance(20_000);
    expect(at()).toEqual([500, 1500, 5500, 9500]);
  });

  it('K: retransmitted finals are absorbed for T4, then passed (unknown) again', () => {
    const { clock, t } = rig();
    t.requestSent(id('PUBLISH'), peer, 'PUBLISH');
    expect(t.responseReceived(id('PUBLISH'), 200)).toBe('pass');
    expect(t.responseReceived(id('PUBLISH'), 200)).toBe('absorb');
    clock.advance(5000);
    expect(t.responseReceived(id('PUBLISH'), 200)).toBe('pass');
    expect(clock.pendingCount).toBe(0);
  });

  it('keys by branch and method: a CANCEL is its own transaction', () => {
    const { clock, t, at } = rig();
    t.requestSent(id('INVITE'), peer, 'INVITE');
    t.requestSent(id('CANCEL'), peer, 'CANCEL');
    expect(t.responseReceived(id('CANCEL'), 200)).toBe('pass');
    clock.advance(1600);
    expect(at('INVITE')).toEqual([500, 1500]);
    expect(at('CANCEL')).toEqual([]);
  });
});

describe('owned client non-INVITE (keyline\'s own NOTIFYs)', () => {
  it('the first final goes to the owner once; provisionals and retransmitted finals are absorbed, never passed to sip.js', () => {
    const { clock, t, at } = rig();
    const got: number[] = [];
    t.requestSent(id('NOTIFY'), peer, 'NOTIFY', (s) => got.push(s));
    clock.advance(600);
    expect(t.responseReceived(id('NOTIFY'), 100)).toBe('absorb');
    expect(t.responseReceived(id('NOTIFY'), 481)).toBe('absorb');
    expect(t.responseReceived(id('NOTIFY'), 481)).toBe('absorb');
    clock.advance(40_000);
    expect(got).toEqual([481]);
    expect(at()).toEqual([500]);
    expect(t.size).toBe(0);
    expect(clock.pendingCount).toBe(0);
  });

  it('Timer F (64*T1) tells the owner 408 after the last Timer E re-send', () => {
    const { clock, t, at } = rig();
    const got: number[] = [];
    t.requestSent(id('NOTIFY'), peer, 'NOTIFY', (s) => got.push(s));
    clock.advance(31_999);
    expect(got).toEqual([]);
    clock.advance(1);
    expect(got).toEqual([408]);
    expect(at()).toEqual([500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
    expect(t.responseReceived(id('NOTIFY'), 200)).toBe('pass'); // gone: an unknown response, as for sip.js's
    expect(got).toEqual([408]);
  });

  it('a send failure forgets it without telling the owner (the sender reports 503 itself)', () => {
    const { clock, t } = rig();
    const got: number[] = [];
    t.requestSent(id('NOTIFY'), peer, 'NOTIFY', (s) => got.push(s));
    t.requestFailed(id('NOTIFY'));
    clock.advance(40_000);
    expect(got).toEqual([]);
    expect(clock.pendingCount).toBe(0);
  });
});

describe('client INVITE (Timers A, B, D)', () => {
  it('A: re-sends at 500, 1500, 3500, 7500, 15500, 31500 and gives up at B = 64*T1', () => {
    const { clock, t, at } = rig();
    t.requestSent(id('INVITE'), peer, 'INVITE');
    clock.advance(100_000);
    expect(at()).toEqual([500, 1500, 3500, 7500, 15500, 31500]);
    expect(t.size).toBe(0);
  });

  it('A stops on any response', () => {
    const { clock, t, at } = rig();
    t.requestSent(id('INVITE'), peer, 'INVITE');
    clock.advance(600);
    t.responseReceived(id('INVITE'), 100);
    clock.advance(100_000);
    expect(at()).toEqual([500]);
  });

  it('D: a retransmitted non-2xx final gets the ACK again and is absorbed, for 32 s', () => {
    const { clock, t, at } = rig();
    t.requestSent(id('INVITE'), peer, 'INVITE');
    expect(t.responseReceived(id('INVITE'), 486)).toBe('pass'); // the first goes to sip.js, which ACKs
    t.requestSent(id('ACK'), peer, 'ACK');
    clock.advance(1000);
    expect(t.responseReceived(id('INVITE'), 486)).toBe('absorb');
    expect(at('ACK')).toEqual([1000]);
    expect(at('INVITE')).toEqual([]);
    clock.advance(31_000);
    expect(t.responseReceived(id('INVITE'), 486)).toBe('pass');
    expect(at('ACK')).toEqual([1000]);
  });

  it('a 2xx ends the record: its retransmissions go to sip.js, which ACKs 2xx itself', () => {
    const { t } = rig();
    t.requestSent(id('INVITE'), peer, 'INVITE');
    t.responseReceived(id('INVITE'), 180);
    expect(t.responseReceived(id('INVITE'), 200)).toBe('pass');
    expect(t.responseReceived(id('INVITE'), 200)).toBe('pass');
    expect(t.size).toBe(0);
  });
});

describe('server non-INVITE (Timer J and the response cache)', () => {
  it('swallows a retransmission while the request is processed, then answers from the cache', () => {
    const { clock, t, at } = rig();
    expect(t.requestReceived(id('REGISTER'))).toBe('pass');
    expect(t.requestReceived(id('REGISTER'))).toBe('absorb');
    expect(at()).toEqual([]);
    t.responseSent(id('REGISTER'), 100, peer, '100');
    clock.advance(10);
    expect(t.requestReceived(id('REGISTER'))).toBe('absorb');
    expect(at('100')).toEqual([10]);
    t.responseSent(id('REGISTER'), 200, peer, '200');
    clock.advance(10);
    expect(t.requestReceived(id('REGISTER'))).toBe('absorb');
    expect(at('200')).toEqual([20]);
  });

  it('J: forgets the final after 64*T1; a new request there is new', () => {
    const { clock, t } = rig();
    t.requestReceived(id('OPTIONS'));
    t.responseSent(id('OPTIONS'), 200, peer, '200');
    clock.advance(31_999);
    expect(t.requestReceived(id('OPTIONS'))).toBe('absorb');
    clock.advance(1);
    expect(t.requestReceived(id('OPTIONS'))).toBe('pass');
  });

  it('tells clients apart by sent-by when they reuse a branch (§17.2.3)', () => {
    const { t } = rig();
    expect(t.requestReceived(id('OPTIONS'))).toBe('pass');
    expect(t.requestReceived({ ...id('OPTIONS'), sentBy: '10.0.0.9' })).toBe('pass');
  });

  it('leaves RFC 2543 branches (no magic cookie) to sip.js', () => {
    const { t } = rig();
    expect(t.requestReceived(id('OPTIONS', 'abc'))).toBe('pass');
    expect(t.requestReceived(id('OPTIONS', 'abc'))).toBe('pass');
  });
});

describe('server INVITE (Timers G, H, I, L)', () => {
  it('G: re-sends a non-2xx final at 500, 1500, 3500, 7500, 11500 ... until the ACK, which passes once (I absorbs the rest)', () => {
    const { clock, t, at } = rig();
    t.requestReceived(id('INVITE'));
    t.responseSent(id('INVITE'), 486, peer, '486');
    clock.advance(12_000);
    expect(at('486')).toEqual([500, 1500, 3500, 7500, 11500]);
    expect(t.requestReceived(id('ACK'))).toBe('pass');
    expect(t.requestReceived(id('ACK'))).toBe('absorb');
    expect(t.requestReceived(id('INVITE'))).toBe('absorb');
    clock.advance(20_000);
    expect(at('486')).toHaveLength(5);
    expect(t.size).toBe(0);
    expect(clock.pendingCount).toBe(0);
  });

  it('H: gives up after 64*T1 without an ACK', () => {
    const { clock, t, at } = rig();
    t.requestReceived(id('INVITE'));
    t.responseSent(id('INVITE'), 404, peer, '404');
    clock.advance(100_000);
    expect(at('404')).toEqual([500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
    expect(t.size).toBe(0);
  });

  it('a retransmitted INVITE gets the last provisional, or the final once there is one', () => {
    const { clock, t, at } = rig();
    t.requestReceived(id('INVITE'));
    expect(t.requestReceived(id('INVITE'))).toBe('absorb');
    t.responseSent(id('INVITE'), 180, peer, '180');
    clock.advance(100);
    expect(t.requestReceived(id('INVITE'))).toBe('absorb');
    expect(at('180')).toEqual([100]);
    t.responseSent(id('INVITE'), 603, peer, '603');
    clock.advance(100);
    expect(t.requestReceived(id('INVITE'))).toBe('absorb');
    expect(at('603')).toEqual([200]);
  });

  it('L: after a 2xx, retransmitted INVITEs are absorbed and nothing is re-sent here', () => {
    const { clock, t, at } = rig();
    t.requestReceived(id('INVITE'));
    t.responseSent(id('INVITE'), 200, peer, '200');
    expect(t.requestReceived(id('INVITE'))).toBe('absorb');
    clock.advance(31_999);
    expect(at()).toEqual([]);
    clock.advance(1);
    expect(t.size).toBe(0);
  });
});

describe('close', () => {
  it('cancels every timer and sends nothing afterwards', () => {
    const { clock, t, at } = rig();
    t.requestSent(id('OPTIONS', 'z9hG4bK1'), peer, 'OPTIONS');
    t.requestSent(id('INVITE', 'z9hG4bK2'), peer, 'INVITE');
    t.requestReceived(id('INVITE', 'z9hG4bK3'));
    t.responseSent(id('INVITE', 'z9hG4bK3'), 500, peer, '500');
    t.close();
    expect(clock.pendingCount).toBe(0);
    expect(t.size).toBe(0);
    clock.advance(100_000);
    expect(at()).toEqual([]);
  });
});
