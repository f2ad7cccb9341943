import { describe, expect, it } from 'vitest';
import { parseConfig } from './parseConfig.js';
import { rejectedIssues } from './rejectedIssues.js';

/** Every issue of a rejected file, formatted as the installer sees it. */
function rejected(text: string): string[] {
  return rejectedIssues(() => parseConfig(text, 'site.yaml'));
}

const STATIONS = 'stations: [{ id: s, kind: sim, lines: [l1] }]\n';

describe('shape errors name file, line, column and key (sla.md §2.4)', () => {
  it('unknown key at the top level points at the key', () => {
    expect(rejected(`lines: [{ id: l1, port: p1 }]\n${STATIONS}colour: red\n`)).toEqual([
      'site.yaml:3:1: colour: unknown key "colour"; valid keys here: site, general, defaults, lines, stations, sip, media, presence, remoteLines',
    ]);
  });

  it('a misspelt option suggests the right one', () => {
    const text = `lines:\n  - id: l1\n    port: p1\n    ringtimeout: 30\n${STATIONS}`;
    expect(rejected(text)).toEqual([
      'site.yaml:4:5: lines[0].ringtimeout: unknown key "ringtimeout" in a line: did you mean "ringTimeout"?',
    ]);
  });

  it('a station option on a line says where it belongs', () => {
    const text = `lines:\n  - id: l1\n    port: p1\n    ringDelay: 5\n${STATIONS}`;
    expect(rejected(text)).toEqual([
      'site.yaml:4:5: lines[0].ringDelay: unknown key "ringDelay": "ringDelay" is set in stations, not in a line',
    ]);
  });

  it('identity keys cannot go under defaults', () => {
    const text = `defaults:\n  line: { port: p1 }\n  station: { kind: sip }\nlines: [{ id: l1, port: p1 }]\n${STATIONS}`;
    expect(rejected(text)).toEqual([
      'site.yaml:2:11: defaults.line.port: "port" cannot be set under defaults.line: it belongs to one line',
      'site.yaml:3:14: defaults.station.kind: "kind" cannot be set under defaults.station: it belongs to one station',
    ]);
  });

  it('an unknown key in an appearance entry points at that key', () => {
    const text = 'lines: [{ id: l1, port: p1 }]\nstations:\n  - id: s\n    kind: sim\n    lines: [{ line: l1, delay: 3 }]\n';
    expect(rejected(text)).toEqual([
      'site.yaml:5:25: stations[0].lines[0].delay: unknown key "delay"; valid keys here: line, ringDelay, ringTimeout, ring',
    ]);
  });

  it('wrong types point at the value and say what was found', () => {
    const text = [
      'lines:',
      '  - id: l1',
      '    port: p1',
      '    barge: "yes"',
      '    maxConnected: 2.5',
      '    callerIdWait: 4s',
      'stations:',
      '  - id: s',
      '    kind: phone',
      '    lines: l1',
      '',
    ].join('\n');
    expect(rejected(text)).toEqual([
      'site.yaml:4:12: lines[0].barge: expected true or false (YAML 1.2 reads yes/no/on/off as text, not as a boolean); found "yes"',
      'site.yaml:5:19: lines[0].maxConnected: expected a whole number, 1 or more; found 2.5',
      'site.yaml:6:19: lines[0].callerIdWait: expected a number of seconds (0 or more); found "4s"',
      'site.yaml:9:11: stations[0].kind: expected one of: sip, sim; found "phone"',
      'site.yaml:10:12: stations[0].lines: expected a list of line ids, most preferred first; found "l1"',
    ]);
  });

  it('negative durations are errors, wherever they are set', () => {
    const text = [
      'general: { alertStartTimeout: -1 }',
      'defaults: { station: { ringDelay: -2 } }',
      'lines: [{ id: l1, port: p1, holdRecall: -3 }]',
      'stations: [{ id: s, kind: sim, lines: [{ line: l1, ringTimeout: -4 }] }]',
      '',
    ].join('\n');
    expect(rejected(text)).toEqual([
      'site.yaml:1:31: general.alertStartTimeout: must not be negative: durations are seconds, 0 or more; found -1',
      'site.yaml:2:35: defaults.station.ringDelay: must not be negative: durations are seconds, 0 or more; found -2',
      'site.yaml:3:41: lines[0].holdRecall: must not be negative: durations are seconds, 0 or more; found -3',
      'site.yaml:4:65: stations[0].lines[0].ringTimeout: must not be negative: durations are seconds, 0 or more; found -4',
    ]);
  });

  it('timers where 0 would break the service must be above 0', () => {
    expect(rejected(`lines: [{ id: l1, port: p1, seizeTimeout: 0 }]\n${STATIONS}`)).toEqual([
      'site.yaml:1:43: lines[0].seizeTimeout: must be at least 0.001 s: with no time to wait for dial tone every seizure would fail; found 0',
    ]);
  });

  it('maxConnected below 1 is an error', () => {
    expect(rejected(`lines: [{ id: l1, port: p1, maxConnected: 0 }]\n${STATIONS}`)).toEqual([
      'site.yaml:1:43: lines[0].maxConnected: maxConnected must be at least 1: no station could ever be connected; found 0',
    ]);
  });

  it('a station with an empty lines list is an error at the list', () => {
    expect(rejected('lines: [{ id: l1, port: p1 }]\nstations:\n  - { id: s, kind: sim, lines: [] }\n')).toEqual([
      'site.yaml:3:32: stations[0].lines: a station needs at least one line: with an empty list it has no line key; found an empty list',
    ]);
  });

  it('a site without lines is an error', () => {
    expect(rejected('lines: []\nstations: []\n')).toEqual([
      'site.yaml:1:8: lines: a site needs at least one line; found an empty list',
    ]);
  });

  it('a forward target that is not a sip: or sips: URI is an error at the target', () => {
    const text = `lines:\n  - { id: l1, port: p1, noAnswer: { forward: "tel:+15551234" } }\n${STATIONS}`;
    expect(rejected(text)).toEqual([
      'site.yaml:2:46: lines[0].noAnswer.forward: the forward target must be a sip: or sips: URI, such as "sip:vm@pbx.example"; found "tel:+15551234"',
    ]);
  });

  it('sips: forward targets are accepted', () => {
    const loaded = parseConfig(`lines: [{ id: l1, port: p1, noAnswer: { forward: "sips:vm@pbx.example" } }]\n${STATIONS}`, 'site.yaml');
    expect(loaded.system.lines[0]?.options.noAnswer).toEqual({ kind: 'forward', target: 'sips:vm@pbx.example' });
  });

  it('noAnswer that is neither none nor {forward} names both forms', () => {
    expect(rejected(`lines: [{ id: l1, port: p1, noAnswer: voicemail }]\n${STATIONS}`)).toEqual([
      'site.yaml:1:39: lines[0].noAnswer: expected none or { forward: <sip-uri> }; found "voicemail"',
    ]);
  });

  it('ids must match [a-z][a-z0-9-]{0,31}', () => {
    const text = 'lines: [{ id: Line1, port: p1 }]\nstations: [{ id: 2nd-floor, kind: sim, lines: [Line1] }]\n';
    expect(rejected(text)).toEqual([
      'site.yaml:1:15: lines[0].id: a line id is a lower-case letter followed by up to 31 lower-case letters, digits or "-"; found "Line1"',
      'site.yaml:2:18: stations[0].id: a station id is a lower-case letter followed by up to 31 lower-case letters, digits or "-"; found "2nd-floor"',
    ]);
  });

  it('a missing required key is named and points at the mapping that lacks it', () => {
    expect(rejected('lines:\n  - { id: l1 }\nstations:\n  - id: s\n    lines: [l1]\n')).toEqual([
      'site.yaml:2:5: lines[0].port: required key "port" is missing',
      'site.yaml:4:5: stations[0].kind: required key "kind" is missing',
    ]);
  });

  it('appearance entries: a non-id, and an object without line', () => {
    const text = 'lines: [{ id: l1, port: p1 }]\nstations:\n  - { id: s, kind: sim, lines: [l1, 5, { ringDelay: 3 }] }\n';
    expect(rejected(text)).toEqual([
      'site.yaml:3:37: stations[0].lines[1]: expected a line id, or { line: <id>, ringDelay, ringTimeout, ring }; found 5',
      'site.yaml:3:40: stations[0].lines[2].line: required key "line" is missing',
    ]);
  });

  it('an empty value is reported at its key', () => {
    expect(rejected(`lines:\n  - id: l1\n    port:\n${STATIONS}`)).toEqual([
      'site.yaml:3:5: lines[0].port: expected the FXO port id of the board; found nothing',
    ]);
  });
});

describe('the document itself', () => {
  it('an empty file says what a site needs', () => {
    expect(rejected('')).toEqual(['site.yaml:1:1: the file is empty: a site needs at least `lines:` and `stations:`']);
  });

  it('a list at the top level is refused', () => {
    expect(rejected('- a\n- b\n')).toEqual(['site.yaml:1:1: expected a mapping with `lines:` and `stations:` at the top level']);
  });

  it('YAML syntax errors are issues with their position and key', () => {
    expect(rejected('lines: [{ id: l1, port: p1 }]\nstations: [{ id: s, kind: sim, lines: [l1] }\n')).toEqual([
      'site.yaml:3:1: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('a second YAML document is refused where it starts', () => {
    expect(rejected(`lines: [{ id: l1, port: p1 }]\n${STATIONS}---\nlines: []\n`)).toEqual([
      'site.yaml:3:1: a second document starts here (---): a site configuration is one YAML document',
    ]);
  });

  it('an alias bomb is refused instead of expanded', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]', ''];
    expect(rejected(bomb.join('\n'))).toEqual([
      'site.yaml:1:1: cannot read the document: Excessive alias count indicates a resource exhaustion attack',
    ]);
  });

  it('a key written twice in one mapping is an error at the second', () => {
    expect(rejected(`lines:\n  - id: l1\n    port: p1\n    port: p2\n${STATIONS}`)).toEqual([
      'site.yaml:4:5: lines[0].port: this key appears twice in the same mapping',
    ]);
  });
});

describe('all errors at once, no cascade', () => {
  it('reports every shape error of the file in file order', () => {
    const text = [
      'lines:',
      '  - { id: l1, port: p1, hold: closed }',
      '  - { id: l2, port: p2, barge: 1 }',
      'stations:',
      '  - { id: s, kind: sim, ringDelay: -1, lines: [l1, l2] }',
      '',
    ].join('\n');
    expect(rejected(text)).toEqual([
      'site.yaml:2:31: lines[0].hold: expected one of: open, private; found "closed"',
      'site.yaml:3:32: lines[1].barge: expected true or false; found 1',
      'site.yaml:5:36: stations[0].ringDelay: must not be negative: durations are seconds, 0 or more; found -1',
    ]);
  });

  it('cross-reference checks wait until the shape is valid', () => {
    // `l9` is undeclared, but the misspelt `lines` key of l1 is the real problem: report only that.
    const text = 'lines: [{ id: l1, prot: p1 }]\nstations: [{ id: s, kind: sim, lines: [l9] }]\n';
    expect(rejected(text)).toEqual([
      'site.yaml:1:9: lines[0].port: required key "port" is missing',
      'site.yaml:1:19: lines[0].prot: unknown key "prot" in a line: did you mean "port"?',
    ]);
  });
});
