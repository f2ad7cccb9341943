import { describe, expect, it } from 'vitest';
import type { LoadOptions } from './LoadedConfig.js';
import { parseConfig } from './parseConfig.js';
import { rejectedIssues } from './rejectedIssues.js';

const rejected = (text: string, opts?: LoadOptions): string[] => rejectedIssues(() => parseConfig(text, 'site.yaml', opts));

const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

describe('references between lines and stations (sla.md §2.4)', () => {
  it('a station naming an undeclared line', () => {
    const text = yaml(
      'lines:',
      '  - id: main',
      '    port: fxo1',
      '  - id: sales',
      '    port: fxo2',
      'stations:',
      '  - id: reception',
      '    kind: sim',
      '    lines: [main, sales]',
      '  - id: office',
      '    lines:',
      '    - line9',
      '    kind: sip',
    );
    expect(rejected(text)).toEqual(['site.yaml:12:7: stations[1].lines[0]: line "line9" is not declared']);
  });

  it('an undeclared line in an object entry is reported at its line key, with the nearest id', () => {
    const text = yaml('lines: [{ id: line1, port: p1 }]', 'stations:', '  - { id: s, kind: sim, lines: [{ line: lin1 }] }');
    // The warning comes along: a rejected file's report lists everything, in file order.
    expect(rejected(text)).toEqual([
      'site.yaml:1:9: warning: lines[0]: line "line1" has no appearance at any station: nobody can answer or seize it',
      'site.yaml:3:41: stations[0].lines[0].line: line "lin1" is not declared: did you mean "line1"?',
    ]);
  });

  it('sections may come in any order: stations before lines', () => {
    const loaded = parseConfig(yaml('stations: [{ id: s, kind: sim, lines: [l1] }]', 'lines: [{ id: l1, port: p1 }]'), 'site.yaml');
    expect(loaded.system.stations[0]?.appearances.map((a) => a.line)).toEqual(['l1']);
  });

  it('a station naming a line twice: the second mention is the error', () => {
    const text = yaml('lines: [{ id: l1, port: p1 }, { id: l2, port: p2 }]', 'stations:', '  - { id: s, kind: sim, lines: [l1, l2, { line: l1 }] }');
    expect(rejected(text)).toEqual([
      'site.yaml:3:49: stations[0].lines[2].line: line "l1" is already on this station\'s list (site.yaml:3:33): a station has one key per line',
    ]);
  });
});

describe('identity clashes', () => {
  it('duplicate line ids', () => {
    const text = yaml('lines:', '  - id: l1', '    port: p1', '  - id: l1', '    port: p2', 'stations: [{ id: s, kind: sim, lines: [l1] }]');
    expect(rejected(text)).toEqual(['site.yaml:4:9: lines[1].id: line id "l1" is already declared at site.yaml:2:9']);
  });

  it('duplicate station ids', () => {
    const text = yaml('lines: [{ id: l1, port: p1 }]', 'stations:', '  - id: desk', '    kind: sim', '    lines: [l1]', '  - id: desk', '    kind: sip', '    lines: [l1]');
    expect(rejected(text)).toEqual(['site.yaml:6:9: stations[1].id: station id "desk" is already declared at site.yaml:3:9']);
  });

  it('two lines on one port', () => {
    const text = yaml('lines:', '  - id: l1', '    port: fxo1', '  - id: l2', '    port: fxo1', 'stations: [{ id: s, kind: sim, lines: [l1, l2] }]');
    expect(rejected(text)).toEqual(['site.yaml:5:11: lines[1].port: port "fxo1" already carries line "l1" (site.yaml:3:11): one FXO port is one line']);
  });

  it('an explicit appearanceIndex clashing with another line\'s position is blamed on the explicit one', () => {
    const text = yaml('lines:', '  - id: l1', '    port: p1', '    appearanceIndex: 2', '  - id: l2', '    port: p2', 'stations: [{ id: s, kind: sim, lines: [l1, l2] }]');
    expect(rejected(text)).toEqual([
      'site.yaml:4:22: lines[0].appearanceIndex: appearanceIndex 2 is also used by line "l2" (by its position in lines): each line needs its own index',
    ]);
  });

  it('two explicit equal appearanceIndex values: the later one is the error', () => {
    const text = yaml('lines:', '  - { id: l1, port: p1, appearanceIndex: 7 }', '  - { id: l2, port: p2, appearanceIndex: 7 }', 'stations: [{ id: s, kind: sim, lines: [l1, l2] }]');
    expect(rejected(text)).toEqual([
      'site.yaml:3:42: lines[1].appearanceIndex: appearanceIndex 7 is also used by line "l1" (at site.yaml:2:42): each line needs its own index',
    ]);
  });

  it('appearanceIndex may reorder lines without clashing', () => {
    const text = yaml('lines:', '  - { id: l1, port: p1, appearanceIndex: 2 }', '  - { id: l2, port: p2, appearanceIndex: 1 }', 'stations: [{ id: s, kind: sim, lines: [l1, l2] }]');
    expect(parseConfig(text, 'site.yaml').appearanceIndex).toEqual({ l1: 2, l2: 1 });
  });
});

describe('empty ring windows: effective ring timeout from t0 not above the effective ring delay', () => {
  const site = (station: string, entry: string, defaults = ''): string =>
    yaml(`defaults: { station: { ${defaults} } }`, 'lines: [{ id: l1, port: p1 }]', 'stations:', `  - { id: s, kind: sim, ${station}lines: [${entry}] }`);

  it('the appearance\'s own ring delay', () => {
    expect(rejected(site('', '{ line: l1, ringDelay: 10, ringTimeout: 10 }'))).toEqual([
      'site.yaml:4:73: stations[0].lines[0].ringTimeout: ringTimeout 10 s is not above the ring delay 10 s (its own ringDelay): the ring window is empty, so station "s" would never ring for line "l1"; raise ringTimeout, or use ring: false for a lamp-only key',
    ]);
  });

  it('the station\'s ring delay', () => {
    expect(rejected(site('ringDelay: 10, ', '{ line: l1, ringTimeout: 5 }'))).toMatchObject([
      expect.stringMatching(/^site\.yaml:4:73: stations\[0\]\.lines\[0\]\.ringTimeout: ringTimeout 5 s is not above the ring delay 10 s \(the station's ringDelay\)/),
    ]);
  });

  it('the ring delay from defaults.station', () => {
    expect(rejected(site('', '{ line: l1, ringTimeout: 5 }', 'ringDelay: 8'))).toMatchObject([
      expect.stringMatching(/^site\.yaml:4:58: stations\[0\]\.lines\[0\]\.ringTimeout: ringTimeout 5 s is not above the ring delay 8 s \(defaults\.station\.ringDelay\)/),
    ]);
  });

  it('a ring timeout just above the delay is fine', () => {
    expect(() => parseConfig(site('', '{ line: l1, ringDelay: 10, ringTimeout: 10.001 }'), 'site.yaml')).not.toThrow();
  });

  it('ringTimeout 0 means "use the station\'s" and never empties the window', () => {
    expect(() => parseConfig(site('ringDelay: 10, ', '{ line: l1, ringTimeout: 0 }'), 'site.yaml')).not.toThrow();
  });

  it('the station\'s ringTimeout counts from the window opening, so it cannot empty it', () => {
    expect(() => parseConfig(site('ringDelay: 10, ringTimeout: 5, ', 'l1'), 'site.yaml')).not.toThrow();
  });

  it('a lamp-only appearance has no window to be empty', () => {
    expect(() => parseConfig(site('ringDelay: 10, ', '{ line: l1, ringTimeout: 5, ring: false }'), 'site.yaml')).not.toThrow();
  });
});

describe('general', () => {
  it('alertRetryMin above alertRetryMax is an error at alertRetryMin', () => {
    const text = yaml('general:', '  alertRetryMin: 20', 'lines: [{ id: l1, port: p1 }]', 'stations: [{ id: s, kind: sim, lines: [l1] }]');
    expect(rejected(text)).toEqual(['site.yaml:2:18: general.alertRetryMin: alertRetryMin (20 s) is above alertRetryMax (16 s): retries would never back off']);
  });

  it('when only alertRetryMax is written, the error is at alertRetryMax', () => {
    const text = yaml('general:', '  alertRetryMax: 1.5', 'lines: [{ id: l1, port: p1 }]', 'stations: [{ id: s, kind: sim, lines: [l1] }]');
    expect(rejected(text)).toEqual(['site.yaml:2:18: general.alertRetryMax: alertRetryMin (2 s) is above alertRetryMax (1.5 s): retries would never back off']);
  });
});

describe('the board: ports and panels', () => {
  const board: LoadOptions = { ports: ['line1', 'line2'], panels: ['desk1'] };

  it('a port or panel not on the board is an error when the board is known', () => {
    const text = yaml('lines: [{ id: l1, port: fxo1 }]', 'stations:', '  - { id: s, kind: sim, panel: desk9, lines: [l1] }');
    expect(rejected(text, board)).toEqual([
      'site.yaml:1:25: lines[0].port: port "fxo1" is not on this board; its FXO ports are: line1, line2',
      'site.yaml:3:32: stations[0].panel: panel "desk9" is not on this board; its key panels are: desk1',
    ]);
  });

  it('without a board, any port and panel names are accepted', () => {
    const text = yaml('lines: [{ id: l1, port: fxo1 }]', 'stations: [{ id: s, kind: sim, panel: desk9, lines: [l1] }]');
    expect(parseConfig(text, 'site.yaml').stationPanels).toEqual({ s: 'desk9' });
  });

  it('two stations bound to one panel', () => {
    const text = yaml(
      'lines: [{ id: l1, port: line1 }]',
      'stations:',
      '  - { id: a, kind: sim, panel: desk1, lines: [l1] }',
      '  - { id: b, kind: sim, panel: desk1, lines: [l1] }',
    );
    expect(rejected(text)).toEqual([
      'site.yaml:4:32: stations[1].panel: panel "desk1" is already bound to station "a" (site.yaml:3:32): a panel serves one station',
    ]);
  });
});

describe('all cross-reference errors at once', () => {
  it('reports every clash of the file, in file order', () => {
    const text = yaml(
      'lines:',
      '  - { id: l1, port: p1 }',
      '  - { id: l1, port: p1 }',
      'stations:',
      '  - { id: s, kind: sim, lines: [l1, l9] }',
    );
    expect(rejected(text).map((line) => line.split(': ').slice(0, 2).join(': '))).toEqual([
      'site.yaml:3:11: lines[1].id',
      'site.yaml:3:21: lines[1].port',
      'site.yaml:5:37: stations[0].lines[1]',
    ]);
  });
});
