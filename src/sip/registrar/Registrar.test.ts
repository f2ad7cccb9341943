import { Core } from 'sip.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../hal/sim/SimulatedClock.js';
import type { Binding, Flow, SipLog } from '../types.js';
import { Registrar } from './Registrar.js';

const loggers = new Core.LoggerFactory();
loggers.builtinEnabled = false;

interface Req {
  to?: string;
  callId?: string;
  cseq?: number;
  contacts?: string[];
  expires?: string;
  extra?: string[];
}

/** A REGISTER as a phone sends it, parsed by sip.js's own parser. */
function register(r: Req = {}): Core.IncomingRequestMessage {
  const text = [
    'REGISTER sip:branch7.example.net SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.21:5062;branch=z9hG4bK-r1;rport',
    'Max-Forwards: 70',
    `From: <sip:${r.to ?? 'office'}@branch7.example.net>;tag=f1`,
    `To: <sip:${r.to ?? 'office'}@branch7.example.net>`,
    `Call-ID: ${r.callId ?? 'reg-1@192.0.2.21'}`,
    `CSeq: ${r.cseq ?? 1} REGISTER`,
    ...(r.contacts ?? ['<sip:office@192.0.2.21:5062;transport=udp>']).map((c) => `Contact: ${c}`),
    ...(r.expires === undefined ? [] : [`Expires: ${r.expires}`]),
    'User-Agent: Yealink SIP-T46U 108.86.0.45',
    ...(r.extra ?? []),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const message = Core.Parser.parseMessage(text, loggers.getLogger('test'));
  if (!(message instanceof Core.IncomingRequestMessage)) throw new Error('test REGISTER did not parse');
  return message;
}

/**
 * `Contact: *`: sip.js 0.21.2's grammar cannot parse it, so the parser drops the whole message.
 * This builds what the parser delivers once the runtime patch stores the value raw.
 */
function wildcard(r: Req): Core.IncomingRequestMessage {
  const message = register({ ...r, contacts: [] });
  message.addHeader('contact', '*');
  return message;
}

const OFFICE = { station: 'office', username: 'office' };
const UDP: Flow = { proto: 'UDP', address: '192.0.2.21', port: 5062 };
const POLICY = { minExpires: 60_000, maxExpires: 3_600_000, defaultExpires: 3_600_000 };
const DATE = new Date(Date.UTC(2024, 4, 17, 9, 30, 0));

describe('Registrar', () => {
  let clock: SimulatedClock;
  let registrar: Registrar;
  let changes: [string, Binding[]][];
  let lines: string[];

  beforeEach(() => {
    clock = new SimulatedClock(5_000);
    lines = [];
    const log: SipLog = { log: (level, component, fields) => lines.push(`${level} ${component} ${JSON.stringify(fields)}`) };
    registrar = new Registrar({ policy: POLICY, clock, log, date: () => DATE });
    changes = [];
    registrar.onChange((station, bindings) => changes.push([station, [...bindings]]));
  });

  it('binds a contact: 200 lists it with its expires and a Date; the station becomes reachable', () => {
    const r = registrar.register(register({ expires: '600' }), OFFICE, UDP);
    expect(r).toEqual({
      status: 200,
      reason: 'OK',
      headers: ['Contact: <sip:office@192.0.2.21:5062;transport=udp>;expires=600', 'Date: Fri, 17 May 2024 09:30:00 GMT'],
    });
    expect(registrar.bindings('office')).toEqual([{
      station: 'office',
      contact: 'sip:office@192.0.2.21:5062;transport=udp',
      flow: UDP,
      expiresAt: 605_000,
      callId: 'reg-1@192.0.2.21',
      cseq: 1,
      userAgent: 'Yealink SIP-T46U 108.86.0.45',
    }]);
    expect(changes).toEqual([['office', registrar.bindings('office')]]);
    expect(lines).toEqual(['info sip {"event":"register","station":"office","contact":"sip:office@192.0.2.21:5062;transport=udp","expires":600,"proto":"UDP","address":"192.0.2.21"}']);
  });

  it('a binding expires on the clock, exactly at its time, and the station becomes unreachable', () => {
    registrar.register(register({ expires: '120' }), OFFICE, UDP);
    clock.advance(119_999);
    expect(registrar.bindings('office')).toHaveLength(1);
    clock.advance(1);
    expect(registrar.bindings('office')).toEqual([]);
    expect(changes.map(([s, b]) => [s, b.length])).toEqual([['office', 1], ['office', 0]]);
    expect(clock.pendingCount).toBe(0);
    expect(lines.at(-1)).toBe('info sip {"event":"expired","station":"office","contact":"sip:office@192.0.2.21:5062;transport=udp"}');
  });

  it('a refresh restarts the interval and does not announce the station again', () => {
    registrar.register(register({ expires: '120' }), OFFICE, UDP);
    clock.advance(100_000);
    const r = registrar.register(register({ expires: '120', cseq: 2 }), OFFICE, UDP);
    expect(r.headers[0]).toBe('Contact: <sip:office@192.0.2.21:5062;transport=udp>;expires=120');
    clock.advance(119_999);
    expect(registrar.bindings('office')).toHaveLength(1);
    clock.advance(1);
    expect(registrar.bindings('office')).toHaveLength(0);
    expect(changes.map(([, b]) => b.length)).toEqual([1, 0]);
    expect(clock.pendingCount).toBe(0);
  });

  it('no interval asked: defaultExpires; more than maxExpires: maxExpires', () => {
    registrar.register(register(), OFFICE, UDP);
    expect(registrar.bindings('office')[0]?.expiresAt).toBe(5_000 + 3_600_000);
    const r = registrar.register(register({ cseq: 2, expires: '86400' }), OFFICE, UDP);
    expect(r.headers[0]).toMatch(/;expires=3600$/);
  });

  it('an interval under minExpires is 423 Interval Too Brief with Min-Expires, and nothing changes', () => {
    const r = registrar.register(register({ expires: '30' }), OFFICE, UDP);
    expect(r).toEqual({ status: 423, reason: 'Interval Too Brief', headers: ['Min-Expires: 60'] });
    expect(registrar.all()).toEqual([]);
    expect(changes).toEqual([]);
    // One contact too brief refuses the whole request.
    const mixed = register({ contacts: ['<sip:office@192.0.2.21:5062>;expires=600', '<sip:office@192.0.2.22>;expires=10'] });
    expect(registrar.register(mixed, OFFICE, UDP).status).toBe(423);
    expect(registrar.all()).toEqual([]);
  });

  it('a contact\'s expires parameter wins over the Expires header', () => {
    const r = registrar.register(register({ expires: '600', contacts: ['<sip:office@192.0.2.21:5062>;expires=300', '<sip:office@192.0.2.22>'] }), OFFICE, UDP);
    expect(r.headers.slice(0, 2)).toEqual(['Contact: <sip:office@192.0.2.21:5062>;expires=300', 'Contact: <sip:office@192.0.2.22>;expires=600']);
  });

  it('several contacts per station: reachable on the first, unreachable only when the last goes', () => {
    registrar.register(register({ contacts: ['<sip:office@192.0.2.21:5062>;expires=300', '<sip:office@192.0.2.22>;expires=600'] }), OFFICE, UDP);
    const softphone: Flow = { proto: 'TCP', address: '192.0.2.30', port: 50_312 };
    registrar.register(register({ callId: 'soft-1', contacts: ['<sip:office@192.0.2.30:50312;transport=tcp>;expires=900'] }), OFFICE, softphone);
    expect(registrar.bindings('office').map((b) => [b.contact, b.flow.proto])).toEqual([
      ['sip:office@192.0.2.21:5062', 'UDP'],
      ['sip:office@192.0.2.22', 'UDP'],
      ['sip:office@192.0.2.30:50312;transport=tcp', 'TCP'],
    ]);
    clock.advance(600_000);
    expect(registrar.bindings('office')).toHaveLength(1);
    clock.advance(300_000);
    expect(changes.map(([, b]) => b.length)).toEqual([2, 0]);
  });

  it('expires=0 removes that contact only', () => {
    registrar.register(register({ contacts: ['<sip:office@192.0.2.21:5062>', '<sip:office@192.0.2.22>'] }), OFFICE, UDP);
    const r = registrar.register(register({ cseq: 2, contacts: ['<sip:office@192.0.2.22>;expires=0'] }), OFFICE, UDP);
    expect(r.headers).toEqual(['Contact: <sip:office@192.0.2.21:5062>;expires=3600', `Date: ${DATE.toUTCString()}`]);
    expect(lines.at(-1)).toBe('info sip {"event":"unregister","station":"office","contact":"sip:office@192.0.2.22"}');
    expect(changes.map(([, b]) => b.length)).toEqual([2]);
  });

  it('Contact: * with Expires: 0 removes every binding of the station', () => {
    registrar.register(register({ contacts: ['<sip:office@192.0.2.21:5062>', '<sip:office@192.0.2.22>'] }), OFFICE, UDP);
    const r = registrar.register(wildcard({ cseq: 2, expires: '0' }), OFFICE, UDP);
    expect(r).toEqual({ status: 200, reason: 'OK', headers: [`Date: ${DATE.toUTCString()}`] });
    expect(registrar.all()).toEqual([]);
    expect(changes.map(([, b]) => b.length)).toEqual([2, 0]);
    expect(clock.pendingCount).toBe(0);
  });

  it('Contact: * needs Expires: 0 and must stand alone (400)', () => {
    expect(registrar.register(wildcard({ expires: '60' }), OFFICE, UDP).status).toBe(400);
    expect(registrar.register(wildcard({}), OFFICE, UDP).status).toBe(400);
    const both = register({ expires: '0' });
    both.addHeader('contact', '*');
    expect(registrar.register(both, OFFICE, UDP)).toMatchObject({ status: 400, reason: 'Wildcard Contact Must Be Alone' });
  });

  it('the same Call-ID with a CSeq not above the binding\'s is refused (500) and changes nothing', () => {
    registrar.register(register({ cseq: 5, expires: '600' }), OFFICE, UDP);
    expect(registrar.register(register({ cseq: 4, expires: '0' }), OFFICE, UDP)).toEqual({ status: 500, reason: 'CSeq Out of Order', headers: [] });
    expect(registrar.register(register({ cseq: 5, expires: '900' }), OFFICE, UDP).status).toBe(500);
    expect(registrar.register(wildcard({ cseq: 3, expires: '0' }), OFFICE, UDP).status).toBe(500);
    expect(registrar.bindings('office')[0]).toMatchObject({ cseq: 5, expiresAt: 605_000 });
    // A new Call-ID (the phone rebooted) may start again from a low CSeq.
    expect(registrar.register(register({ callId: 'reboot-1', cseq: 1, expires: '900' }), OFFICE, UDP).status).toBe(200);
    expect(registrar.bindings('office')[0]).toMatchObject({ callId: 'reboot-1', cseq: 1, expiresAt: 905_000 });
  });

  it('the To address-of-record must be the station\'s: its username or id, any host', () => {
    const manager = { station: 'manager', username: '201' };
    expect(registrar.register(register({ to: '201' }), manager, UDP).status).toBe(200);
    expect(registrar.register(register({ to: 'manager', callId: 'm2' }), manager, UDP).status).toBe(200);
    expect(registrar.register(register({ to: 'office', callId: 'm3' }), manager, UDP)).toEqual({ status: 403, reason: 'Forbidden', headers: [] });
    expect(registrar.bindings('office')).toEqual([]);
  });

  it('a REGISTER without Contact asks for the current bindings', () => {
    registrar.register(register({ expires: '600' }), OFFICE, UDP);
    clock.advance(100_000);
    const r = registrar.register(register({ cseq: 2, contacts: [] }), OFFICE, UDP);
    expect(r.headers).toEqual(['Contact: <sip:office@192.0.2.21:5062;transport=udp>;expires=500', `Date: ${DATE.toUTCString()}`]);
  });

  it('a refresh over another flow moves the binding to it', () => {
    registrar.register(register(), OFFICE, UDP);
    const tcp: Flow = { proto: 'TCP', address: '192.0.2.21', port: 49_152 };
    registrar.register(register({ cseq: 2 }), OFFICE, tcp);
    expect(registrar.bindings('office').map((b) => b.flow)).toEqual([tcp]);
  });

  it('refuses more than maxBindingsPerStation contacts (403)', () => {
    const small = new Registrar({ policy: POLICY, clock, maxBindingsPerStation: 2 });
    const three = ['<sip:a@192.0.2.1>', '<sip:b@192.0.2.2>', '<sip:c@192.0.2.3>'];
    expect(small.register(register({ contacts: three }), OFFICE, UDP)).toEqual({ status: 403, reason: 'Too Many Contacts', headers: [] });
    expect(small.register(register({ contacts: three.slice(0, 2) }), OFFICE, UDP).status).toBe(200);
    expect(small.register(register({ cseq: 2, contacts: [three[2] ?? '', `${three[0] ?? ''};expires=0`] }), OFFICE, UDP).status).toBe(200);
    small.dispose();
  });

  it('unreadable Expires values are 400; a Require it does not know is 420', () => {
    expect(registrar.register(register({ expires: 'soon' }), OFFICE, UDP)).toMatchObject({ status: 400, reason: 'Invalid Expires' });
    expect(registrar.register(register({ contacts: ['<sip:office@192.0.2.21>;expires=-5'] }), OFFICE, UDP).status).toBe(400);
    expect(registrar.register(register({ extra: ['Require: outbound, path'] }), OFFICE, UDP)).toEqual({
      status: 420, reason: 'Bad Extension', headers: ['Unsupported: outbound, path'],
    });
    expect(registrar.all()).toEqual([]);
  });

  it('removeStation drops a station\'s bindings and says it is unreachable; dispose stops every timer', () => {
    registrar.register(register(), OFFICE, UDP);
    registrar.register(register({ to: '201' }), { station: 'manager', username: '201' }, UDP);
    registrar.removeStation('office');
    expect(changes.map(([s, b]) => [s, b.length])).toEqual([['office', 1], ['manager', 1], ['office', 0]]);
    expect(registrar.all().map((b) => b.station)).toEqual(['manager']);
    registrar.dispose();
    expect(clock.pendingCount).toBe(0);
  });

  it('bindings() hands out copies', () => {
    registrar.register(register(), OFFICE, UDP);
    const [b] = registrar.bindings('office');
    if (b) b.flow.port = 1;
    expect(registrar.bindings('office')[0]?.flow.port).toBe(5062);
  });
});

describe('Registrar export and restore (restart)', () => {
  it('restores saved bindings for known stations with their remaining lifetime; listeners hear the station is reachable', () => {
    const clock = new SimulatedClock();
    const first = new Registrar({ policy: POLICY, clock });
    first.register(register({ cseq: 1, contacts: ['<sip:office@10.0.0.5:5060>'], expires: '600' }), OFFICE, UDP);
    clock.advance(100_000);
    const saved = first.export();
    expect(saved.map((b) => b.remainingMs)).toEqual([500_000]);

    const clock2 = new SimulatedClock(5_000_000);
    const second = new Registrar({ policy: POLICY, clock: clock2 });
    const heard: Array<[string, number]> = [];
    second.onChange((s, b) => heard.push([s, b.length]));
    expect(second.restore([...saved, { ...saved[0]!, station: 'gone' }], new Set(['office']))).toBe(1);
    expect(heard).toEqual([['office', 1]]);
    expect(second.bindings('office').map((b) => b.contact)).toEqual(['sip:office@10.0.0.5:5060']);
    clock2.advance(500_000);
    expect(second.bindings('office')).toEqual([]);
    expect(heard).toEqual([['office', 1], ['office', 0]]);
  });
});
