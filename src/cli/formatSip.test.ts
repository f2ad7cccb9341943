import { describe, expect, it } from 'vitest';
import type { SipView } from './formatSip.js';
import { formatBlocked, formatLegs, formatRegistrations, formatSipSections, formatSubscriptions, sipCaption } from './formatSip.js';

const NOW = 500_000;

const SIP: SipView = {
  listen: '192.0.2.1:5060',
  registrations: [
    { station: 'phone2', contact: 'sip:phone2@[2001:db8::7]:5062', flow: { proto: 'TCP', address: '2001:db8::7', port: 40112 }, expiresAt: NOW + 3_599_600 },
    {
      station: 'phone1', contact: 'sip:phone1-0x55@192.0.2.10:5070', flow: { proto: 'UDP', address: '192.0.2.10', port: 5070 },
      expiresAt: NOW + 58_400, userAgent: 'baresip v1.0.0 (x86_64/linux)',
    },
    { station: 'phone1', contact: 'sip:phone1@192.0.2.11', flow: { proto: 'UDP', address: '192.0.2.11', port: 5060 }, expiresAt: NOW - 2000 },
  ],
  subscriptions: [
    { id: 's2', subscriber: 'phone2', viewer: null, line: 'line2', expiresIn: 600, version: null, state: 'active' },
    { id: 's1', subscriber: 'phone1', viewer: 'phone1', line: 'line1', expiresIn: 312.4, version: 7, state: 'ending' },
    { id: 's3', subscriber: null, viewer: null, line: 'line1', expiresIn: 60, version: 0, state: 'active' },
  ],
  legs: [
    { id: 'phone2#4', station: 'phone2', line: null, kind: 'outbound', state: 'early', held: false },
    { id: 'phone1#2', station: 'phone1', line: 'line1', kind: 'alert', state: 'confirmed', held: true },
  ],
  blocked: [{ address: '198.51.100.9', until: NOW + 299_500 }],
};

const EMPTY: SipView = { listen: '127.0.0.1:5060', registrations: [], subscriptions: [], legs: [], blocked: [] };

describe('formatSip', () => {
  it('lists each registered contact by station: transport and source, seconds to expiry (never negative), user agent', () => {
    expect(formatRegistrations(SIP, NOW)).toBe([
      'STATION  CONTACT                          TRANSPORT                EXPIRES IN  USER AGENT',
      'phone1   sip:phone1-0x55@192.0.2.10:5070  UDP 192.0.2.10:5070      58 s        baresip v1.0.0 (x86_64/linux)',
      'phone1   sip:phone1@192.0.2.11            UDP 192.0.2.11:5060      0 s         -',
      'phone2   sip:phone2@[2001:db8::7]:5062    TCP [2001:db8::7]:40112  3600 s      -',
      '',
    ].join('\n'));
  });

  it('lists subscriptions with their view (a station or the outsider view), expiry, last version and state', () => {
    expect(formatSubscriptions(SIP)).toBe([
      'SUBSCRIBER  VIEW      LINE   EXPIRES IN  VERSION  STATE',
      'unknown     outsider  line1  60 s        0        active',
      'phone1      phone1    line1  312 s       7        ending',
      'phone2      outsider  line2  600 s       -        active',
      '',
    ].join('\n'));
  });

  it('lists call legs and blocked addresses', () => {
    expect(formatLegs(SIP)).toBe([
      'STATION  LINE   KIND      STATE      HELD',
      'phone1   line1  alert     confirmed  yes',
      'phone2   -      outbound  early      no',
      '',
    ].join('\n'));
    expect(formatBlocked(SIP, NOW)).toBe('ADDRESS       UNBLOCKED IN\n198.51.100.9  300 s\n');
  });

  it('says so when a list is empty', () => {
    expect(formatSipSections(EMPTY, NOW)).toEqual([
      'REGISTRATIONS\nno registrations\n',
      'SUBSCRIPTIONS\nno subscriptions\n',
      'CALL LEGS\nno call legs\n',
      'BLOCKED ADDRESSES\nno blocked addresses\n',
    ]);
  });

  it('captions the watch board with phones (not contacts) registered and subscriptions', () => {
    expect(sipCaption(SIP)).toBe('SIP 192.0.2.1:5060  2 phones registered · 3 subscriptions');
    expect(sipCaption({ ...EMPTY, registrations: SIP.registrations.slice(1), subscriptions: SIP.subscriptions.slice(0, 1) }))
      .toBe('SIP 127.0.0.1:5060  1 phone registered · 1 subscription');
    expect(sipCaption(EMPTY)).toBe('SIP 127.0.0.1:5060  0 phones registered · 0 subscriptions');
  });
});
