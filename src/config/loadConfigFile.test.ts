import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './ConfigError.js';
import { formatIssue } from './formatIssues.js';
import { loadConfigFile } from './loadConfigFile.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string): string => `${root}test/fixtures/configs/${name}`;
/** The simulated board of DESIGN.md: boards/sim-4line.json. */
const SIM_BOARD = { ports: ['line1', 'line2', 'line3', 'line4'], panels: ['desk1'] };

async function rejection(path: string, opts = {}): Promise<ConfigError> {
  try {
    await loadConfigFile(path, opts);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('loadConfigFile', () => {
  it('loads a valid file and names it in the result', async () => {
    const loaded = await loadConfigFile(fixture('valid-small.yaml'), SIM_BOARD);
    expect(loaded.file).toBe(fixture('valid-small.yaml'));
    expect(loaded.site).toEqual({ name: 'Branch 7', domain: 'branch7.example.net' });
    expect(loaded.system.stations.map((s) => s.id)).toEqual(['reception', 'office']);
    expect(loaded.stationPanels).toEqual({ reception: 'desk1' });
    expect(loaded.warnings).toEqual([]);
  });

  it('reports every shape error of a fixture with file, line, column and key', async () => {
    const error = await rejection(fixture('invalid-shape.yaml'));
    const file = fixture('invalid-shape.yaml');
    expect(error.issues.map(formatIssue)).toEqual([
      `${file}:2:27: site.domian: unknown key "domian" in site: did you mean "domain"?`,
      `${file}:6:18: lines[0].ringTimeout: must not be negative: durations are seconds, 0 or more; found -5`,
      `${file}:7:9: lines[1].id: a line id is a lower-case letter followed by up to 31 lower-case letters, digits or "-"; found "Line2"`,
      `${file}:9:11: lines[1].hold: expected one of: open, private; found "exclusive"`,
      `${file}:12:11: stations[0].kind: expected one of: sip, sim; found "desk"`,
      `${file}:13:12: stations[0].lines: a station needs at least one line: with an empty list it has no line key; found an empty list`,
    ]);
  });

  it('reports every reference error of a fixture', async () => {
    const error = await rejection(fixture('invalid-references.yaml'), SIM_BOARD);
    const file = fixture('invalid-references.yaml');
    expect(error.issues.map((i) => `${i.line}:${i.col} ${i.key} ${i.severity}`)).toEqual([
      '4:24 lines[1].port error',
      '9:27 stations[0].lines[2] error',
      '12:12 stations[1].panel error',
      '15:17 stations[1].lines[0].line error',
      '16:37 stations[1].lines[1].ringTimeout error',
    ]);
    expect(error.issues.every((i) => i.file === file)).toBe(true);
    expect(error.issues[3]?.message).toBe('line "line3" is not declared: did you mean "line1"?');
  });

  it('a file that cannot be read is a ConfigError, not a stack trace', async () => {
    const error = await rejection(fixture('no-such-file.yaml'));
    expect(error.code).toBe('CONFIG');
    expect(error.issues).toEqual([
      { file: fixture('no-such-file.yaml'), line: 0, col: 0, key: '', message: 'cannot read the configuration: no such file', severity: 'error' },
    ]);
    expect(error.message).toBe(`${fixture('no-such-file.yaml')}: rejected, 1 error\n${fixture('no-such-file.yaml')}: cannot read the configuration: no such file`);
  });

  it('a directory is not a configuration file', async () => {
    const error = await rejection(`${root}test/fixtures/configs`);
    expect(error.issues[0]?.message).toBe('cannot read the configuration: it is a directory, not a file');
  });
});

describe('examples/demo.yaml, the first file a new installer reads', () => {
  const demo = `${root}examples/demo.yaml`;

  it('loads cleanly against the simulated board, without a single warning', async () => {
    const loaded = await loadConfigFile(demo, SIM_BOARD);
    expect(loaded.warnings).toEqual([]);
  });

  it('has four lines on ports line1..line4 and the reception desk on panel desk1 with all of them', async () => {
    const { system, stationPanels } = await loadConfigFile(demo, SIM_BOARD);
    expect(system.lines.map((l) => l.port)).toEqual(['line1', 'line2', 'line3', 'line4']);
    expect(stationPanels).toEqual({ reception: 'desk1' });
    const reception = system.stations.find((s) => s.id === 'reception');
    expect(reception?.appearances.map((a) => a.line)).toEqual(['line1', 'line2', 'line3', 'line4']);
    expect(system.stations.every((s) => s.kind === 'sim')).toBe(true);
  });

  it('shows a ring delay and a lamp-only appearance', async () => {
    const { system } = await loadConfigFile(demo, SIM_BOARD);
    const appearances = system.stations.flatMap((s) => s.appearances);
    expect(appearances.some((a) => !a.ring)).toBe(true);
    expect(appearances.some((a) => a.ring && a.ringDelay > 0)).toBe(true);
  });
});
