import { describe, expect, it } from 'vitest';
import { formatIssue } from './formatIssues.js';
import { parseConfig } from './parseConfig.js';
import { rejectedIssues } from './rejectedIssues.js';

const SMALL = `site: { domain: branch7.example.net }
general: { alertRetryMax: 20.5 }
defaults: { line: { ringTimeout: 40, holdRecall: 45 }, station: { ringTimeout: 30, ringDelay: 2 } }
lines:
  - { id: line1, port: fxo1, label: Main, noAnswer: { forward: "sip:vm@pbx.example" } }
  - { id: line2, port: fxo2, hold: private, ringTimeout: 0, holdRecall: 0, appearanceIndex: 5 }
stations:
  - { id: reception, kind: sim, panel: desk1, lines: [line1, line2] }
  - { id: office, kind: sip, ringDelay: 10, autoHold: false, lines: [line2, { line: line1, ringDelay: 0, ringTimeout: 20 }] }
`;

function rejected(text: string): string[] {
  return rejectedIssues(() => parseConfig(text, 'site.yaml'));
}

describe('parseConfig resolves a valid site', () => {
  it('golden: a small site resolves to exactly this SystemDef', () => {
    const loaded = parseConfig(SMALL, 'site.yaml');
    expect(loaded).toEqual({
      file: 'site.yaml',
      site: { name: 'branch7.example.net', domain: 'branch7.example.net' },
      system: {
        general: { alertRetryMin: 2000, alertRetryMax: 20_500, alertStartTimeout: 4000 },
        lines: [
          {
            id: 'line1',
            label: 'Main',
            port: 'fxo1',
            options: {
              barge: true, joinTone: true, maxConnected: 4, hold: 'open', ringTimeout: 40_000,
              noAnswer: { kind: 'forward', target: 'sip:vm@pbx.example' }, callerId: true, callerIdWait: 4000,
              musicOnHold: 'default', holdRecall: 45_000, privateHoldRecall: 90_000, recallTimeout: 30_000,
              holdDropAfter: 1_800_000, seizeTimeout: 3000, onHookGuard: 1000,
            },
          },
          {
            id: 'line2',
            label: 'line2',
            port: 'fxo2',
            options: {
              barge: true, joinTone: true, maxConnected: 4, hold: 'private', ringTimeout: 0,
              noAnswer: { kind: 'none' }, callerId: true, callerIdWait: 4000,
              musicOnHold: 'default', holdRecall: 0, privateHoldRecall: 90_000, recallTimeout: 30_000,
              holdDropAfter: 1_800_000, seizeTimeout: 3000, onHookGuard: 1000,
            },
          },
        ],
        stations: [
          {
            id: 'reception',
            kind: 'sim',
            options: { ringDelay: 2000, ringTimeout: 30_000, hold: 'open', offHookPreference: 'ringing-first', autoHold: true },
            appearances: [
              { line: 'line1', ring: true, ringDelay: 2000, ringTimeout: 0, stationRingTimeout: 30_000 },
              { line: 'line2', ring: true, ringDelay: 2000, ringTimeout: 0, stationRingTimeout: 30_000 },
            ],
          },
          {
            id: 'office',
            kind: 'sip',
            options: { ringDelay: 10_000, ringTimeout: 30_000, hold: 'open', offHookPreference: 'ringing-first', autoHold: false },
            appearances: [
              { line: 'line2', ring: true, ringDelay: 10_000, ringTimeout: 0, stationRingTimeout: 30_000 },
              { line: 'line1', ring: true, ringDelay: 0, ringTimeout: 20_000, stationRingTimeout: 30_000 },
            ],
          },
        ],
      },
      stationPanels: { reception: 'desk1' },
      appearanceIndex: { line1: 1, line2: 5 },
      // No sip: section: SIP is off, and a SIP station needs no password yet.
      sip: null,
      credentials: [],
      panelAutoAnswer: [],
      presence: null,
      remoteLines: [],
      media: { rtpPorts: null, musicOnHold: {} },
      warnings: [],
    });
  });

  it('without site: domain is keyline.invalid and the name defaults to the domain', () => {
    const loaded = parseConfig('lines: [{ id: a, port: p }]\nstations: [{ id: s, kind: sim, lines: [a] }]\n', 'x.yaml');
    expect(loaded.site).toEqual({ name: 'keyline.invalid', domain: 'keyline.invalid' });
    expect(loaded.stationPanels).toEqual({});
  });

  it('site.name is kept when given', () => {
    const loaded = parseConfig('site: { name: Branch 7 }\nlines: [{ id: a, port: p }]\nstations: [{ id: s, kind: sim, lines: [a] }]\n', 'x.yaml');
    expect(loaded.site).toEqual({ name: 'Branch 7', domain: 'keyline.invalid' });
  });
});

describe('reload (sla.md §11)', () => {
  it('an option removed from the file takes its default again', () => {
    const withOption = parseConfig('lines: [{ id: l1, port: p1, holdRecall: 5 }]\nstations: [{ id: s, kind: sim, lines: [l1] }]\n', 'a.yaml');
    const without = parseConfig('lines: [{ id: l1, port: p1 }]\nstations: [{ id: s, kind: sim, lines: [l1] }]\n', 'a.yaml');
    expect(withOption.system.lines[0]?.options.holdRecall).toBe(5000);
    expect(without.system.lines[0]?.options.holdRecall).toBe(60_000);
  });

  it('changing one loaded configuration does not change the defaults of the next', () => {
    const text = 'lines: [{ id: l1, port: p1 }]\nstations: [{ id: s, kind: sim, lines: [l1] }]\n';
    const first = parseConfig(text, 'a.yaml').system.lines[0];
    if (first?.options.noAnswer.kind === 'none') Object.assign(first.options.noAnswer, { kind: 'forward', target: 'sip:x@y' });
    expect(parseConfig(text, 'a.yaml').system.lines[0]?.options.noAnswer).toEqual({ kind: 'none' });
  });
});

describe('precedence: appearance > line or station > defaults > built-in (sla.md §2)', () => {
  const site = (defaults: string, station: string, entry: string): string =>
    `defaults: { station: { ${defaults} } }\nlines: [{ id: l1, port: p1 }]\nstations:\n  - { id: s, kind: sim, ${station} lines: [${entry}] }\n`;
  const appearance = (defaults: string, station: string, entry: string) =>
    parseConfig(site(defaults, station, entry), 'site.yaml').system.stations[0]?.appearances[0];

  it('ringDelay: the appearance wins over the station, the defaults and the built-in', () => {
    expect(appearance('ringDelay: 3', 'ringDelay: 5,', '{ line: l1, ringDelay: 7 }')?.ringDelay).toBe(7000);
  });
  it('ringDelay: the station wins over the defaults', () => {
    expect(appearance('ringDelay: 3', 'ringDelay: 5,', 'l1')?.ringDelay).toBe(5000);
  });
  it('ringDelay: the defaults win over the built-in', () => {
    expect(appearance('ringDelay: 3', '', 'l1')?.ringDelay).toBe(3000);
  });
  it('ringDelay: the built-in is 0', () => {
    expect(appearance('', '', 'l1')?.ringDelay).toBe(0);
  });
  it('an appearance ringDelay of 0 is a value, not "unset": it overrides the station', () => {
    expect(appearance('', 'ringDelay: 5,', '{ line: l1, ringDelay: 0 }')?.ringDelay).toBe(0);
  });
  it('ringTimeout: the appearance keeps its own (from t0); the station\'s effective one is stationRingTimeout', () => {
    expect(appearance('ringTimeout: 30', 'ringTimeout: 12,', '{ line: l1, ringTimeout: 20 }')).toEqual({
      line: 'l1', ring: true, ringDelay: 0, ringTimeout: 20_000, stationRingTimeout: 12_000,
    });
  });
  it('ringTimeout: without its own, an appearance has 0 and the station\'s timeout comes from defaults', () => {
    expect(appearance('ringTimeout: 30', '', 'l1')).toMatchObject({ ringTimeout: 0, stationRingTimeout: 30_000 });
  });
  it('ring defaults to true and false makes a lamp-only appearance', () => {
    expect(appearance('', '', '{ line: l1 }')?.ring).toBe(true);
    expect(appearance('', '', '{ line: l1, ring: false }')?.ring).toBe(false);
  });
  it('station options: the station wins over defaults.station', () => {
    const text = 'defaults: { station: { hold: private, autoHold: false } }\nlines: [{ id: l1, port: p1 }]\n' +
      'stations: [{ id: s, kind: sim, hold: open, lines: [l1] }, { id: t, kind: sim, lines: [l1] }]\n';
    const [s, t] = parseConfig(text, 'site.yaml').system.stations;
    expect(s?.options).toMatchObject({ hold: 'open', autoHold: false });
    expect(t?.options).toMatchObject({ hold: 'private', autoHold: false });
  });
  it('line options: the line wins over defaults.line, which wins over the built-in', () => {
    const text = 'defaults: { line: { holdRecall: 20, musicOnHold: jazz } }\n' +
      'lines: [{ id: l1, port: p1, holdRecall: 0 }, { id: l2, port: p2 }]\nstations: [{ id: s, kind: sim, lines: [l1, l2] }]\n' +
      'media: { musicOnHold: { jazz: jazz.wav } }\n';
    const [l1, l2] = parseConfig(text, 'site.yaml').system.lines;
    expect(l1?.options).toMatchObject({ holdRecall: 0, musicOnHold: 'jazz', recallTimeout: 30_000 });
    expect(l2?.options).toMatchObject({ holdRecall: 20_000, musicOnHold: 'jazz' });
  });
});

describe('durations: seconds in YAML, integer milliseconds in the SystemDef', () => {
  const lineOptions = (option: string) =>
    parseConfig(`lines: [{ id: l1, port: p1, ${option} }]\nstations: [{ id: s, kind: sim, lines: [l1] }]\n`, 'site.yaml')
      .system.lines[0]?.options;

  it('converts seconds to milliseconds', () => {
    expect(lineOptions('holdDropAfter: 600')?.holdDropAfter).toBe(600_000);
  });
  it('keeps millisecond resolution', () => {
    expect(lineOptions('callerIdWait: 0.25')?.callerIdWait).toBe(250);
  });
  it('rounds to the nearest millisecond', () => {
    expect(lineOptions('onHookGuard: 1.0005')?.onHookGuard).toBe(1001);
    expect(lineOptions('onHookGuard: 2.0004')?.onHookGuard).toBe(2000);
  });
  it('0 stays 0 (off)', () => {
    expect(lineOptions('ringTimeout: 0')?.ringTimeout).toBe(0);
  });
  it('refuses a duration that would round to 0 and so switch its timer off', () => {
    expect(rejected('lines: [{ id: l1, port: p1, holdRecall: 0.0004 }]\nstations: []\n')).toEqual([
      'site.yaml:1:41: lines[0].holdRecall: is below the 1 ms resolution: it would round to 0, which switches the timer off; found 0.0004',
    ]);
  });
  it('refuses a duration longer than a Node timer can run', () => {
    expect(rejected('lines: [{ id: l1, port: p1, holdDropAfter: 2147484 }]\nstations: []\n')).toEqual([
      'site.yaml:1:44: lines[0].holdDropAfter: must be at most 2147483 s (about 24.8 days), the longest timer the service can run; found 2147484',
    ]);
  });
});

describe('warnings', () => {
  it('a line without any appearance is a warning, and the site still loads', () => {
    const loaded = parseConfig('lines:\n  - { id: l1, port: p1 }\n  - { id: l2, port: p2 }\nstations: [{ id: s, kind: sim, lines: [l1] }]\n', 'site.yaml');
    expect(loaded.warnings.map(formatIssue)).toEqual([
      'site.yaml:3:5: warning: lines[1]: line "l2" has no appearance at any station: nobody can answer or seize it',
    ]);
    expect(loaded.system.lines.map((l) => l.id)).toEqual(['l1', 'l2']);
  });
  it('a lamp-only appearance counts as an appearance', () => {
    const loaded = parseConfig('lines: [{ id: l1, port: p1 }]\nstations: [{ id: s, kind: sim, lines: [{ line: l1, ring: false }] }]\n', 'site.yaml');
    expect(loaded.warnings).toEqual([]);
  });
  it('a line ringTimeout that ends before a station\'s ring delay is a warning at that appearance', () => {
    const loaded = parseConfig(
      'lines: [{ id: l1, port: p1, ringTimeout: 10 }]\nstations:\n  - { id: s, kind: sim, ringDelay: 10, lines: [l1] }\n',
      'site.yaml',
    );
    expect(loaded.warnings.map(formatIssue)).toEqual([
      'site.yaml:3:48: warning: stations[0].lines[0]: station "s" never rings for line "l1": the line\'s ringTimeout 10 s stops all ringing before the ring delay 10 s (the station\'s ringDelay) ends',
    ]);
  });
});
