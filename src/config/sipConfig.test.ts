import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from './loadConfigFile.js';
import { formatIssue } from './formatIssues.js';
import { parseConfig } from './parseConfig.js';
import { rejectedIssues } from './rejectedIssues.js';

function rejected(text: string): string[] {
  return rejectedIssues(() => parseConfig(text, 'site.yaml'));
}

const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;
const LINES = 'lines: [{ id: l1, port: p1 }]';
const SIP_ON = 'sip: { listen: { address: 192.0.2.10 } }';
const PHONE = '  - { id: desk, kind: sip, password: "desk-pass-1", lines: [l1] }';

describe('the sip: section', () => {
  it('the fixture loads: listen, realm from the site domain, registration and security in ms, credentials', async () => {
    const file = fileURLToPath(new URL('../../test/fixtures/configs/sip-site.yaml', import.meta.url));
    const loaded = await loadConfigFile(file, { ports: ['line1', 'line2'], panels: ['desk1'] });
    expect(loaded.warnings).toEqual([]);
    expect(loaded.sip).toEqual({
      listen: { address: '0.0.0.0', port: 5060, advertisedHost: '192.0.2.10', tcp: true },
      realm: 'branch7.example.net',
      digest: ['SHA-256', 'MD5'],
      registration: { minExpires: 60_000, maxExpires: 3_600_000, defaultExpires: 600_000 },
      security: { authFailures: 5, window: 60_000, blockFor: 300_000 },
    });
    expect(loaded.credentials).toEqual([
      { station: 'office', username: 'office', password: 'office-secret-1' },
      { station: 'manager', username: '201', password: 'manager-secret-2' },
    ]);
    expect(loaded.system.stations.map((s) => [s.id, s.kind])).toEqual([['reception', 'sim'], ['office', 'sip'], ['manager', 'sip']]);
  });

  it('defaults: port 5060, tcp on, the listen address advertised, realm keyline.invalid without a domain', () => {
    const loaded = parseConfig(yaml(SIP_ON, LINES, 'stations:', PHONE), 'site.yaml');
    expect(loaded.sip).toEqual({
      listen: { address: '192.0.2.10', port: 5060, advertisedHost: '192.0.2.10', tcp: true },
      realm: 'keyline.invalid',
      digest: ['SHA-256', 'MD5'],
      registration: { minExpires: 60_000, maxExpires: 3_600_000, defaultExpires: 3_600_000 },
      security: { authFailures: 5, window: 60_000, blockFor: 300_000 },
    });
    expect(loaded.credentials).toEqual([{ station: 'desk', username: 'desk', password: 'desk-pass-1' }]);
  });

  it('an explicit realm wins over the site domain', () => {
    const text = yaml('site: { domain: b7.example.net }', 'sip: { listen: { address: 10.0.0.2 }, realm: "Branch 7" }', LINES, 'stations:', PHONE);
    expect(parseConfig(text, 'site.yaml').sip?.realm).toBe('Branch 7');
  });

  it('an unwritten defaultExpires stays within a written maxExpires', () => {
    const text = yaml('sip: { listen: { address: 10.0.0.2 }, registration: { maxExpires: 600 } }', LINES, 'stations:', PHONE);
    expect(parseConfig(text, 'site.yaml').sip?.registration).toEqual({ minExpires: 60_000, maxExpires: 600_000, defaultExpires: 600_000 });
  });

  it('without the section SIP is off: sip is null, no credentials, and a SIP station needs no password', () => {
    const loaded = parseConfig(yaml(LINES, 'stations: [{ id: desk, kind: sip, lines: [l1] }]'), 'site.yaml');
    expect(loaded.sip).toBeNull();
    expect(loaded.credentials).toEqual([]);
    expect(loaded.warnings).toEqual([]);
  });

  it('a password without the section is a warning that SIP is off', () => {
    const loaded = parseConfig(yaml(LINES, 'stations:', PHONE), 'site.yaml');
    expect(loaded.warnings.map(formatIssue)).toEqual([
      'site.yaml:3:28: warning: stations[0].password: SIP is off: without a sip: section no phone can register; add one, e.g. sip: { listen: { address: 192.168.1.10 } }',
    ]);
    expect(loaded.credentials).toEqual([]);
  });

  it('listening on 0.0.0.0 (the default address) requires advertise', () => {
    expect(rejected(yaml('sip:', '  listen: { port: 5070 }', LINES, 'stations:', PHONE))).toEqual([
      'site.yaml:2:11: sip.listen.advertise: required key "advertise" is missing: listening on 0.0.0.0 (every address) gives phones no address to send to; write the address or name they reach this box at (it goes into Via and Contact), or set listen.address to that IPv4 address',
    ]);
  });

  it('advertise may be a DNS name, but not 0.0.0.0', () => {
    const ok = parseConfig(yaml('sip: { listen: { advertise: pbx.b7.example.net } }', LINES, 'stations:', PHONE), 'site.yaml');
    expect(ok.sip?.listen).toEqual({ address: '0.0.0.0', port: 5060, advertisedHost: 'pbx.b7.example.net', tcp: true });
    expect(rejected(yaml('sip: { listen: { advertise: 0.0.0.0 } }', LINES, 'stations:', PHONE))).toEqual([
      'site.yaml:1:29: sip.listen.advertise: 0.0.0.0 means "every address" and cannot be reached: write the address phones use; found "0.0.0.0"',
    ]);
  });

  it('shape errors: address, port, tcp, realm, expiry and security values', () => {
    const text = yaml(
      'sip:',
      '  listen:',
      '    address: 192.168.1.300',
      '    port: 70000',
      '    tcp: yes',
      '  realm: "a\\"b"',
      '  registration:',
      '    minExpires: 7200',
      '    maxExpires: 30.5',
      '  security:',
      '    authFailures: 0',
      '    window: 0',
      '    blockFor: -1',
      LINES,
      'stations:',
      PHONE,
    );
    expect(rejected(text)).toEqual([
      'site.yaml:3:14: sip.listen.address: expected an IPv4 address such as "192.168.1.10", or "0.0.0.0" for every address of this box; found "192.168.1.300"',
      'site.yaml:4:11: sip.listen.port: expected a port number, 1 to 65535; found 70000',
      'site.yaml:5:10: sip.listen.tcp: expected true or false (YAML 1.2 reads yes/no/on/off as text, not as a boolean); found "yes"',
      'site.yaml:6:10: sip.realm: a realm is 1 to 128 printable characters without " or \\; found "a\\"b"',
      'site.yaml:8:17: sip.registration.minExpires: must be at most 3600 s: RFC 3261 §10.3 lets a registrar refuse only intervals under an hour; found 7200',
      'site.yaml:9:17: sip.registration.maxExpires: expected a whole number of seconds: SIP expiry intervals are whole seconds; found 30.5',
      'site.yaml:11:19: sip.security.authFailures: authFailures must be at least 1: with 0 one mistyped password would block a phone; found 0',
      'site.yaml:12:13: sip.security.window: must be at least 0.001 s: failures are counted within this time; found 0',
      'site.yaml:13:15: sip.security.blockFor: must not be negative: durations are seconds, 0 or more; found -1',
    ]);
  });

  it('unknown keys in the section suggest the right one or say where the key belongs', () => {
    const text = yaml('sip:', '  listen: { adress: 10.0.0.2 }', '  password: x', '  registration: { minExpire: 60 }', LINES, 'stations:', PHONE);
    expect(rejected(text)).toEqual([
      'site.yaml:2:13: sip.listen.adress: unknown key "adress" in sip.listen: did you mean "address"?',
      'site.yaml:3:3: sip.password: unknown key "password": "password" is set in stations, not in sip',
      'site.yaml:4:19: sip.registration.minExpire: unknown key "minExpire" in sip.registration: did you mean "minExpires"?',
    ]);
  });

  it('the section must be a mapping', () => {
    expect(rejected(yaml('sip: on', LINES, 'stations:', PHONE))).toEqual([
      'site.yaml:1:6: sip: expected a mapping such as { listen: { address: 192.168.1.10 } }; found "on"',
    ]);
  });

  it('expiry bounds must be in order: minExpires ≤ defaultExpires ≤ maxExpires', () => {
    const site = (registration: string): string[] =>
      rejected(yaml('sip:', '  listen: { address: 10.0.0.2 }', `  registration: { ${registration} }`, LINES, 'stations:', PHONE));
    expect(site('minExpires: 600, maxExpires: 300')).toEqual([
      'site.yaml:3:31: sip.registration.minExpires: minExpires (600 s) is above maxExpires (300 s): no interval could be granted',
    ]);
    expect(site('maxExpires: 30')).toEqual([
      'site.yaml:3:31: sip.registration.maxExpires: minExpires (60 s) is above maxExpires (30 s): no interval could be granted',
    ]);
    expect(site('defaultExpires: 30')).toEqual([
      'site.yaml:3:35: sip.registration.defaultExpires: defaultExpires (30 s) is below minExpires (60 s): a phone asking for no interval would be refused',
    ]);
    expect(site('maxExpires: 600, defaultExpires: 900')).toEqual([
      'site.yaml:3:52: sip.registration.defaultExpires: defaultExpires (900 s) is above maxExpires (600 s)',
    ]);
  });
});

describe('SIP stations: username, password, panelAutoAnswer', () => {
  const site = (...stations: string[]): string => yaml(SIP_ON, LINES, 'stations:', ...stations);

  it('with SIP on, a SIP station without a password is an error naming the station', () => {
    expect(rejected(site(PHONE, '  - id: office', '    kind: sip', '    lines: [l1]'))).toEqual([
      'site.yaml:5:5: stations[1].password: required key "password" is missing: station "office" is a SIP phone, and phones register with a password; set one of at least 8 characters (the same on the phone)',
    ]);
  });

  it('a short password is refused without being echoed', () => {
    const issues = rejected(site('  - { id: desk, kind: sip, password: "s3cr3t", lines: [l1] }'));
    expect(issues).toEqual(['site.yaml:4:38: stations[0].password: password is too short (6 characters, at least 8)']);
    expect(issues.join('\n')).not.toContain('s3cr3t');
  });

  it('characters, not bytes, are counted', () => {
    expect(rejected(site('  - { id: desk, kind: sip, password: "pässwör", lines: [l1] }'))).toEqual([
      'site.yaml:4:38: stations[0].password: password is too short (7 characters, at least 8)',
    ]);
  });

  it('an unquoted number as password or username asks for quotes and never shows the password', () => {
    const issues = rejected(site('  - { id: desk, kind: sip, username: 201, password: 12345678, lines: [l1] }'));
    expect(issues).toEqual([
      'site.yaml:4:38: stations[0].username: expected the username as text: write it in quotes, e.g. username: "201" (YAML reads an unquoted number as a number); found 201',
      'site.yaml:4:53: stations[0].password: expected the password as text: write it in quotes, e.g. password: "…" (YAML reads an unquoted number as a number)',
    ]);
    expect(issues.join('\n')).not.toContain('12345678');
  });

  it('a password is never echoed, whatever is wrong with it', () => {
    const long = 'x'.repeat(129);
    const issues = rejected(site(`  - { id: desk, kind: sip, password: "${long}", lines: [l1] }`, '  - { id: pad, kind: sim, password: "sim-secret-9", lines: [l1] }'));
    expect(issues).toEqual(['site.yaml:4:38: stations[0].password: password is too long (129 characters, at most 128)']);
    expect(issues.join('\n')).not.toContain('xxxxxxxx');
  });

  it('a YAML error inside a password names the key, not the text YAML found there', () => {
    const issues = rejected(yaml(SIP_ON, LINES, 'stations:', '  - id: desk', '    kind: sip', '    password: hunter2 x: y', '    lines: [l1]'));
    expect(issues).toEqual(['site.yaml:6:15: stations[0].password: YAML syntax: Nested mappings are not allowed in compact mappings']);
    expect(issues.join('\n')).not.toContain('hunter2');
  });

  it('username, password and panelAutoAnswer on a sim station are errors at the key', () => {
    const text = site(PHONE, '  - { id: pad, kind: sim, username: pad, password: "sim-secret-9", panelAutoAnswer: true, lines: [l1] }');
    const issues = rejected(text);
    expect(issues).toEqual([
      'site.yaml:5:27: stations[1].username: "username" is only for SIP phones, and station "pad" is kind: sim',
      'site.yaml:5:42: stations[1].password: "password" is only for SIP phones, and station "pad" is kind: sim',
      'site.yaml:5:68: stations[1].panelAutoAnswer: "panelAutoAnswer" is only for SIP phones, and station "pad" is kind: sim',
    ]);
    expect(issues.join('\n')).not.toContain('sim-secret-9');
  });

  it('a username must have the form of a SIP user part', () => {
    expect(rejected(site('  - { id: desk, kind: sip, username: "desk@b7", password: "desk-pass-1", lines: [l1] }'))).toEqual([
      'site.yaml:4:38: stations[0].username: a username is 1 to 64 letters, digits or the characters . _ ~ + -; found "desk@b7"',
    ]);
  });

  it('usernames are unique: a written username clashing with another station\'s id is blamed on the username', () => {
    const text = site(
      '  - { id: desk, kind: sip, username: front, password: "desk-pass-1", lines: [l1] }',
      '  - { id: front, kind: sip, password: "front-pass-1", lines: [l1] }',
    );
    expect(rejected(text)).toEqual([
      'site.yaml:4:38: stations[0].username: username "front" is already station "front"\'s (its station id, site.yaml:5:11): each SIP station needs its own',
    ]);
  });

  it('two written usernames clashing: the later one is the error', () => {
    const text = site(
      '  - { id: desk, kind: sip, username: "201", password: "desk-pass-1", lines: [l1] }',
      '  - { id: office, kind: sip, username: "201", password: "office-pass-1", lines: [l1] }',
    );
    expect(rejected(text)).toEqual([
      'site.yaml:5:40: stations[1].username: username "201" is already station "desk"\'s (its username, site.yaml:4:38): each SIP station needs its own',
    ]);
  });

  it('username, password and panelAutoAnswer cannot go under defaults.station', () => {
    const text = yaml(SIP_ON, 'defaults: { station: { password: "shared-secret" } }', LINES, 'stations:', PHONE);
    const issues = rejected(text);
    expect(issues).toEqual([
      'site.yaml:2:24: defaults.station.password: "password" cannot be set under defaults.station: it belongs to one station',
    ]);
    expect(issues.join('\n')).not.toContain('shared-secret');
  });

  it('panelAutoAnswer is resolved for SIP stations, and is a warning without a panel', () => {
    const loaded = parseConfig(
      site(
        '  - { id: desk, kind: sip, panel: desk1, panelAutoAnswer: true, password: "desk-pass-1", lines: [l1] }',
        '  - { id: hall, kind: sip, panelAutoAnswer: true, password: "hall-pass-1", lines: [l1] }',
      ),
      'site.yaml',
    );
    expect(loaded.panelAutoAnswer).toEqual(['desk', 'hall']);
    expect(loaded.warnings.map(formatIssue)).toEqual([
      'site.yaml:5:45: warning: stations[1].panelAutoAnswer: panelAutoAnswer has no effect: station "hall" has no panel',
    ]);
  });
});
