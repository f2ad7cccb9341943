import { describe, expect, it } from 'vitest';
import { parseConfig } from './parseConfig.js';
import { rejectedIssues } from './rejectedIssues.js';

const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;
const SITE = [
  'site: { domain: b.example.net }',
  'lines: [{ id: line1, port: p1 }]',
  'stations: [{ id: s, kind: sim, lines: [line1] }]',
  'presence: { server: "sip:127.0.0.1:5070" }',
];
const rejected = (text: string): string[] => rejectedIssues(() => parseConfig(text, 'site.yaml'));

describe('the remoteLines: list', () => {
  it('absent: no remote lines', () => {
    expect(parseConfig(yaml(...SITE), 'site.yaml').remoteLines).toEqual([]);
  });

  it('each entry resolved, the label defaulting to the id', () => {
    const loaded = parseConfig(yaml(...SITE,
      'remoteLines:',
      '  - { id: a-line1, uri: "sip:line1@a.example.net", label: "A/line1" }',
      '  - { id: c-line2, uri: "sip:line2@c.example.net:5070", keys: [{ panel: desk1, key: 5 }] }',
    ), 'site.yaml');
    expect(loaded.remoteLines).toEqual([
      { id: 'a-line1', uri: 'sip:line1@a.example.net', label: 'A/line1', keys: [] },
      { id: 'c-line2', uri: 'sip:line2@c.example.net:5070', label: 'c-line2', keys: [{ panel: 'desk1', key: 5 }] },
    ]);
  });

  it('an id of a local line is refused, naming where the local line is', () => {
    expect(rejected(yaml(...SITE, 'remoteLines: [{ id: line1, uri: "sip:line1@a.example.net" }]'))).toEqual([
      expect.stringMatching(/^site\.yaml:5:\d+: remoteLines\[0\]\.id: "line1" is already a local line \(site\.yaml:2:\d+\)/),
    ]);
  });

  it('duplicate ids and duplicate URIs are refused', () => {
    const issues = rejected(yaml(...SITE,
      'remoteLines:',
      '  - { id: a1, uri: "sip:line1@a.example.net" }',
      '  - { id: a1, uri: "sip:line2@a.example.net" }',
      '  - { id: a3, uri: "SIP:line1@A.example.net" }',
    ));
    expect(issues).toEqual([
      expect.stringMatching(/^site\.yaml:7:\d+: remoteLines\[1\]\.id: remote line id "a1" is already declared at site\.yaml:6:\d+$/),
      expect.stringMatching(/^site\.yaml:8:\d+: remoteLines\[2\]\.uri: .* is already shown as remote line "a1"/),
    ]);
  });

  it('a bad URI, a bad id and an unknown key are reported with file:line:col', () => {
    const issues = rejected(yaml(...SITE,
      'remoteLines:',
      '  - { id: A1, uri: "line1@a.example.net", colour: red }',
    ));
    expect(issues.join('\n')).toMatch(/site\.yaml:6:\d+: remoteLines\[0\]\.id: a remote line id is a lower-case letter/);
    expect(issues.join('\n')).toMatch(/site\.yaml:6:\d+: remoteLines\[0\]\.uri: expected the remote line's presentity URI/);
    expect(issues.join('\n')).toMatch(/site\.yaml:6:\d+: remoteLines\[0\]/);
    expect(issues).toHaveLength(3);
  });

  it("this site's own line as a remote URI is refused", () => {
    expect(rejected(yaml(...SITE, 'remoteLines: [{ id: me, uri: "sip:line1@b.example.net" }]'))).toEqual([
      expect.stringMatching(/remoteLines\[0\]\.uri: sip:line1@b\.example\.net is this site's own line "line1"/),
    ]);
  });

  it("this site's own line is refused with a port or in other letter case too", () => {
    expect(rejected(yaml(...SITE, 'remoteLines: [{ id: me, uri: "sip:Line1@B.example.net:5060" }]'))).toEqual([
      expect.stringMatching(/remoteLines\[0\]\.uri: sip:Line1@B\.example\.net:5060 is this site's own line "line1"/),
    ]);
  });

  it('remote lines need a presence server', () => {
    const noPresence = SITE.filter((l) => !l.startsWith('presence'));
    expect(rejected(yaml(...noPresence, 'remoteLines: [{ id: a1, uri: "sip:line1@a.example.net" }]'))).toEqual([
      expect.stringMatching(/^site\.yaml:4:1: remoteLines: remote lines are subscribed to through the presence server/),
    ]);
  });

  it('a station listing a remote line is told to use a panel or BLF key instead', () => {
    const text = yaml(
      'site: { domain: b.example.net }',
      'lines: [{ id: line1, port: p1 }]',
      'stations: [{ id: s, kind: sim, lines: [line1, a1] }]',
      'presence: { server: "sip:127.0.0.1:5070" }',
      'remoteLines: [{ id: a1, uri: "sip:line1@a.example.net" }]',
    );
    expect(rejected(text)).toEqual([expect.stringMatching(/^site\.yaml:3:\d+: stations\[0\]\.lines\[1\]: "a1" is a remote line: .*panel key \(its `keys:` in remoteLines\) or a phone BLF key/)]);
  });

  it('panel keys: on a panel of the board, one remote line per key', () => {
    const text = yaml(...SITE,
      'remoteLines:',
      '  - { id: a1, uri: "sip:line1@a.example.net", keys: [{ panel: desk1, key: 5 }, { panel: nope, key: 6 }] }',
      '  - { id: a2, uri: "sip:line2@a.example.net", keys: [{ panel: desk1, key: 5 }, { panel: desk1, key: 0 }] }',
    );
    expect(rejectedIssues(() => parseConfig(text, 'site.yaml', { panels: ['desk1'] }))).toEqual([
      expect.stringMatching(/^site\.yaml:7:\d+: remoteLines\[1\]\.keys\[1\]\.key: panel keys are numbered from 1; found 0$/),
    ]);
    expect(rejectedIssues(() => parseConfig(text.replace('key: 0', 'key: 7'), 'site.yaml', { panels: ['desk1'] }))).toEqual([
      expect.stringMatching(/^site\.yaml:6:\d+: remoteLines\[0\]\.keys\[1\]\.panel: panel "nope" is not on this board; its key panels are: desk1$/),
      expect.stringMatching(/^site\.yaml:7:\d+: remoteLines\[1\]\.keys\[0\]\.key: key desk1:5 already shows remote line "a1" \(site\.yaml:6:\d+\)$/),
    ]);
  });
});
