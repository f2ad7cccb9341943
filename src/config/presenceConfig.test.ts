import { describe, expect, it } from 'vitest';
import { parseConfig } from './parseConfig.js';
import { rejectedIssues } from './rejectedIssues.js';

const rejected = (text: string): string[] => rejectedIssues(() => parseConfig(text, 'site.yaml'));

const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;
const SITE = ['site: { domain: branch7.example.net }', 'lines: [{ id: l1, port: p1 }]', 'stations: [{ id: s, kind: sim, lines: [l1] }]'];

describe('the presence: section', () => {
  it('absent: nothing is published', () => {
    expect(parseConfig(yaml(...SITE), 'site.yaml').presence).toBeNull();
  });

  it('server only: TCP by default, port 5060, 600 s, no credentials', () => {
    const loaded = parseConfig(yaml(...SITE, 'presence: { server: "sip:Presence.example.net" }'), 'site.yaml');
    expect(loaded.presence).toEqual({
      server: { host: 'presence.example.net', port: 5060, transport: 'tcp' }, outboundProxy: null, expires: 600_000, credentials: null,
    });
  });

  it('every key: UDP server, expiry in ms, digest credentials, outbound proxy', () => {
    const loaded = parseConfig(yaml(...SITE,
      'presence:',
      '  server: "sip:127.0.0.1:5070;transport=udp"',
      '  expires: 300',
      '  username: branch7',
      '  password: "pub-secret-1"',
      '  outboundProxy: "sip:192.0.2.1:5080;transport=tcp"',
    ), 'site.yaml');
    expect(loaded.presence).toEqual({
      server: { host: '127.0.0.1', port: 5070, transport: 'udp' },
      outboundProxy: { host: '192.0.2.1', port: 5080, transport: 'tcp' },
      expires: 300_000,
      credentials: { username: 'branch7', password: 'pub-secret-1' },
    });
  });

  it('a server with a user part or another transport is an error at the value', () => {
    expect(rejected(yaml(...SITE, 'presence: { server: "sip:line1@presence.example.net;transport=tls" }'))).toEqual([
      'site.yaml:4:21: presence.server: expected a SIP URI with no user part, such as "sip:presence.example.net:5060;transport=tcp"; found "sip:line1@presence.example.net;transp..."',
    ]);
  });

  it('a port out of range and an expiry too short are errors at their values', () => {
    const issues = rejected(yaml(...SITE, 'presence:', '  server: "sip:10.0.0.1:70000"', '  expires: 10'));
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatch(/^site\.yaml:5:11: presence\.server: the port must be 1 to 65535/);
    expect(issues[1]).toMatch(/^site\.yaml:6:12: presence\.expires: must be at least 60 s/);
  });

  it('a username without a password is an error at the key; the password is never shown', () => {
    expect(rejected(yaml(...SITE, 'presence:', '  server: "sip:10.0.0.1"', '  username: branch7'))).toEqual([
      'site.yaml:6:3: presence.username: presence: a username needs a password for the server\'s digest challenge',
    ]);
    const short = rejected(yaml(...SITE, 'presence:', '  server: "sip:10.0.0.1"', '  username: branch7', '  password: "abc"'));
    expect(short.join('\n')).not.toContain('abc');
    expect(short[0]).toMatch(/^site\.yaml:7:13: presence\.password: password is too short/);
  });

  it('an unknown key is named with the valid ones', () => {
    expect(rejected(yaml(...SITE, 'presence: { server: "sip:10.0.0.1", proxy: "sip:10.0.0.2" }'))[0])
      .toMatch(/^site\.yaml:4:37: presence\.proxy: unknown key "proxy"/);
  });
});
