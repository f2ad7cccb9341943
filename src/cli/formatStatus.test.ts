import { describe, expect, it } from 'vitest';
import type { SystemStatus } from '../control/messages.js';
import { formatAge, formatStatus } from './formatStatus.js';

const STATUS: SystemStatus = {
  t: 100_000,
  lines: [
    {
      id: '1', label: 'Main', port: 'fxo0', state: 'connected', pending: ['port fxo0 → fxo3'],
      call: {
        id: 'c7', direction: 'in', callerId: { number: '5551234', name: 'ALICE' }, t0: 1, answeredAt: 2,
        connected: ['desk1', 'desk3'], holders: [{ station: 'desk2', private: true }], seizer: null,
      },
    },
    {
      id: '2', label: 'Fax', port: 'fxo1', state: 'seizing', pending: [],
      call: { id: 'c8', direction: 'out', callerId: null, t0: 3, answeredAt: null, connected: [], holders: [], seizer: 'desk2' },
    },
  ],
  stations: [
    {
      id: 'desk1', kind: 'sip', busy: true, reachable: true, handset: 'up',
      lamps: [{ line: '1', lamp: 'in-use-mine' }, { line: '2', lamp: 'in-use-other' }], alerts: [], lastRefusal: null,
    },
    {
      id: 'desk2', kind: 'sim', busy: true, reachable: false, handset: 'up',
      lamps: [{ line: '1', lamp: 'held-private-mine' }], alerts: [{ line: '1', call: 'c7', kind: 'recall' }],
      lastRefusal: { reason: 'busy', line: '1', t: 88_000 },
    },
  ],
  lampField: [{ line: '1', lamp: 'in-use-other' }, { line: '2', lamp: 'in-use-other' }],
};

describe('formatStatus', () => {
  it('shows lines, pending reload items, stations and the appearance grid', () => {
    expect(formatStatus(STATUS)).toBe(
      [
        'LINES',
        'LINE  LABEL  STATE      CALL  CALLER           ON LINE       HOLDING          SEIZING',
        '1     Main   connected  c7    5551234 "ALICE"  desk1, desk3  desk2 (private)  -',
        '2     Fax    seizing    c8    outgoing         -             -                desk2',
        '',
        'PENDING until the call ends',
        '  line 1: port fxo0 → fxo3',
        '',
        'STATIONS',
        'STATION  KIND  BUSY  REACHABLE  HANDSET  ALERTS    LAST REFUSAL',
        'desk1    sip   yes   yes        up       -         -',
        'desk2    sim   yes   no         up       recall 1  busy on 1, 12 s ago',
        '',
        'APPEARANCES',
        'STATION     1                  2',
        'desk1       in-use-mine        in-use-other',
        'desk2       held-private-mine  -',
        'lamp field  in-use-other       in-use-other',
        '',
      ].join('\n'),
    );
  });

  it('appends the SIP sections after the appearances when SIP is on', () => {
    const sip = {
      listen: '127.0.0.1:5060', subscriptions: [], blocked: [],
      registrations: [{ station: 'desk1', contact: 'sip:desk1@192.0.2.5', flow: { proto: 'UDP', address: '192.0.2.5', port: 5060 }, expiresAt: 160_000 }],
      legs: [{ id: 'desk1#1', station: 'desk1', line: '1', kind: 'alert', state: 'confirmed', held: false }],
    };
    const text = formatStatus({ ...STATUS, sip });
    expect(text.startsWith(formatStatus(STATUS))).toBe(true);
    expect(text.slice(formatStatus(STATUS).length)).toBe([
      '',
      'REGISTRATIONS',
      'STATION  CONTACT              TRANSPORT           EXPIRES IN  USER AGENT',
      'desk1    sip:desk1@192.0.2.5  UDP 192.0.2.5:5060  60 s        -',
      '',
      'SUBSCRIPTIONS',
      'no subscriptions',
      '',
      'CALL LEGS',
      'STATION  LINE  KIND   STATE      HELD',
      'desk1    1     alert  confirmed  no',
      '',
      'BLOCKED ADDRESSES',
      'no blocked addresses',
      '',
    ].join('\n'));
  });

  it('shows line voltage and loop current after the lines, for the lines that report them', () => {
    const lines: SystemStatus['lines'] = [
      { ...STATUS.lines[0]!, levels: { onHook: { t: 88_000, volts: -48, milliamps: 0 }, offHook: { t: 99_000, volts: -7, milliamps: 26 } } },
      { ...STATUS.lines[1]!, levels: { onHook: { t: 40_000, volts: 2 } } },
    ];
    const text = formatStatus({ ...STATUS, lines });
    expect(text).toContain([
      '  line 1: port fxo0 → fxo3',
      '',
      'LINE LEVELS',
      'LINE  ON-HOOK               OFF-HOOK',
      '1     -48 V 0 mA, 12 s ago  -7 V 26 mA, 1 s ago',
      '2     2 V, 60 s ago         -',
      '',
      'STATIONS',
    ].join('\n'));
    // Without readings, no section.
    expect(formatStatus(STATUS)).not.toContain('LINE LEVELS');
  });

  it('formats ages', () => {
    expect(formatAge(400)).toBe('0 s');
    expect(formatAge(119_000)).toBe('119 s');
    expect(formatAge(600_000)).toBe('10 min');
    expect(formatAge(3 * 3600_000)).toBe('3 h');
  });
});

describe('formatStatus: remote lines (issue 5)', () => {
  it('lists each remote line with its lamp and subscription, and why an unknown one is unknown', () => {
    const text = formatStatus({
      ...STATUS,
      presence: {
        server: '127.0.0.1:5070;transport=tcp', lastSuccess: 90_000, lastError: null, lines: [],
        probe: { phase: 'active', lastError: null },
        remoteLines: [
          { id: 'a-line1', label: 'A/line1', uri: 'sip:line1@a.example.net', phase: 'active', state: 'ringing', lamp: 'ringing-not-here', refused: 0, lastError: null },
          { id: 'c-line1', label: 'C/line1', uri: 'sip:line1@c.example.net', phase: 'retrying', state: null, lamp: 'unknown', refused: 2, lastError: { t: 96_000, error: 'SUBSCRIBE answered 503 Service Unavailable' } },
        ],
      },
    });
    expect(text.slice(text.indexOf('REMOTE LINES'))).toBe([
      'REMOTE LINES',
      'LINE     LABEL    URI                      LAMP              SUBSCRIPTION  REFUSED  LAST ERROR',
      'a-line1  A/line1  sip:line1@a.example.net  ringing-not-here  active        -        -',
      'c-line1  C/line1  sip:line1@c.example.net  unknown           retrying      2        SUBSCRIBE answered 503 Service Unavailable (4 s ago)',
      '',
    ].join('\n'));
  });
});
