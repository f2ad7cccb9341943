import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMap, isSeq, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../ConfigError.js';
import { parseConfig } from '../parseConfig.js';
import { formatImportNote } from './ImportNote.js';
import { importSlaConf } from './importSlaConf.js';

const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/sla.conf', import.meta.url));
const fixture = (): ReturnType<typeof importSlaConf> => importSlaConf(readFileSync(FIXTURE, 'utf8'), 'sla.conf');
const conf = (...lines: string[]): string => `${lines.join('\n')}\n`;
const TRUNK = conf('[line1]', 'type=trunk', 'device=DAHDI/1');

/**
 * What the installer does after an import: sla.conf has no passwords and no address, so the
 * imported file is refused until both are set. Edits the YAML as a document, keeping the rest.
 */
function completed(yaml: string): string {
  const doc = parseDocument(yaml);
  if (doc.hasIn(['sip'])) doc.setIn(['sip', 'listen', 'advertise'], '192.0.2.10');
  const stations = doc.get('stations', true);
  if (isSeq(stations)) {
    for (const station of stations.items) if (isMap(station)) station.set('password', `pw-${String(station.get('id'))}-2024`);
  }
  return doc.toString();
}
const loadImported = (yaml: string) => parseConfig(completed(yaml), 'imported.yaml');

describe('importSlaConf: the fixture, modelled on Asterisk\'s sla.conf.sample', () => {
  it('produces YAML that loads cleanly through the site loader once passwords and the address are set, without a warning', () => {
    const { yaml } = fixture();
    expect(loadImported(yaml).warnings).toEqual([]);
  });

  it('is refused until every SIP station has a password and sip.listen.advertise is set: no weak default', () => {
    const { yaml, report } = fixture();
    let issues: string[] = [];
    try {
      parseConfig(yaml, 'imported.yaml');
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      issues = e.issues.map((i) => `${i.line}:${i.col} ${i.key}`);
    }
    expect(issues).toEqual([
      '11:11 sip.listen.advertise',
      '26:5 stations[0].password',
      '29:5 stations[1].password',
      '32:5 stations[2].password',
    ]);
    expect(yaml).toContain('# password: not in sla.conf (the phone\'s secret was in sip.conf or pjsip.conf): add password: "…"');
    expect(report.map(formatImportNote)).toEqual(expect.arrayContaining([
      'sla.conf: changed: added a sip: section so the phones can register: set sip.listen.advertise to the address phones reach this box at',
      'sla.conf: unmapped: passwords are not in sla.conf (the phones\' secrets were in sip.conf or pjsip.conf): give reception, station-201, warehouse a password of 8 characters or more; keyline config check refuses the file until each has one',
    ]));
  });

  it('keeps the phone\'s Asterisk account name as its username when the station id differs', () => {
    const loaded = loadImported(fixture().yaml);
    expect(loaded.credentials.map((c) => [c.station, c.username])).toEqual([
      ['reception', 'reception'],
      ['station-201', '201'],
      ['warehouse', 'warehouse'],
    ]);
    expect(fixture().report.map(formatImportNote)).toContain(
      'sla.conf:52: [201] changed: the phone was "PJSIP/201" in Asterisk; in keyline it is station "station-201" with username "201", so its account name stays',
    );
  });

  it('starts with a header saying it was imported, and from where', () => {
    expect(fixture().yaml.split('\n')[0]).toBe('# keyline site configuration imported from sla.conf (Asterisk sla.conf).');
  });

  it('maps trunks to lines: device → port, ringtimeout, hold, barge; attemptcallerid=no → callerId false', () => {
    const { system } = loadImported(fixture().yaml);
    expect(system.lines.map((l) => [l.id, l.port, l.label])).toEqual([
      ['line1', 'fxo1', 'line1'],
      ['line2', 'fxo2', 'line2'],
      ['line-3', 'fxo3', 'Line_3'],
      ['line4', 'line4', 'line4'],
    ]);
    const [line1, line2, line3] = system.lines;
    expect(line1?.options).toMatchObject({ ringTimeout: 40_000, hold: 'open', barge: true, callerId: false });
    expect(line2?.options).toMatchObject({ ringTimeout: 0, hold: 'private', callerId: false });
    expect(line3?.options).toMatchObject({ barge: false, callerId: false });
  });

  it('maps stations: SIP/PJSIP → sip, template trunks first, per-trunk ringdelay, station ring options', () => {
    const { system } = loadImported(fixture().yaml);
    expect(system.stations.map((s) => [s.id, s.kind, s.options.hold])).toEqual([
      ['reception', 'sip', 'open'],
      ['station-201', 'sip', 'open'],
      ['warehouse', 'sip', 'private'],
    ]);
    const [reception, s201, warehouse] = system.stations;
    expect(reception?.appearances).toEqual([
      { line: 'line1', ring: true, ringDelay: 0, ringTimeout: 0, stationRingTimeout: 0 },
      { line: 'line2', ring: true, ringDelay: 0, ringTimeout: 0, stationRingTimeout: 0 },
      { line: 'line-3', ring: true, ringDelay: 5000, ringTimeout: 0, stationRingTimeout: 0 },
      { line: 'line4', ring: true, ringDelay: 0, ringTimeout: 0, stationRingTimeout: 0 },
    ]);
    expect(s201?.options).toMatchObject({ ringDelay: 10_000, ringTimeout: 20_000 });
    // trunk=line4,ringtimeout=5 under ringdelay=10: Asterisk never rang it; a lamp-only key here.
    expect(s201?.appearances.map((a) => [a.line, a.ring])).toEqual([['line1', true], ['line2', true], ['line4', false]]);
    // The repeated trunk=line1 keeps the template's position and takes the later ringdelay.
    expect(warehouse?.appearances.map((a) => [a.line, a.ringDelay])).toEqual([['line1', 15_000], ['line2', 0]]);
  });

  it('reports guesses, renames, changes and what it could not map, each with file:line', () => {
    const report = fixture().report.map(formatImportNote);
    expect(report).toEqual(expect.arrayContaining([
      'sla.conf:18: [line1] guess: port "fxo1" guessed from device "DAHDI/1": use the FXO port id of your board file',
      'sla.conf:19: [line1] unmapped: autocontext "line1" not imported: keyline needs no dialplan, the FXO port reaches it directly',
      'sla.conf:28: [Line_3] rename: line id "line-3" (ids are lower-case letters, digits and "-"); label "Line_3" keeps the old name on displays',
      'sla.conf:36: [line4] unmapped: device "Local/disa@line4_outbound" is an IP trunk or Local channel; keyline lines are analog FXO ports: port set to "line4"; set the real FXO port before use',
      'sla.conf:42: [Reception] unmapped: autocontext "sla_stations" not imported: keyline needs no dialplan, phones reach it directly (inherited from [station])',
      'sla.conf:46: [Reception] rename: station id "reception" (ids are lower-case letters, digits and "-")',
      'sla.conf:51: [201] rename: station id "station-201" (ids are lower-case letters, digits and "-")',
      'sla.conf:51: [201] changed: line "line4": ringtimeout 5 is not above the ring delay 10, so Asterisk never rang this station for it; imported as a lamp-only key (ring: false)',
      'sla.conf:58: [warehouse] changed: device "DAHDI/10" is not a SIP phone: imported as a SIP station; keyline alerts stations over SIP',
      'sla.conf:60: [warehouse] skipped: trunk "line3" is not declared as a trunk (did you mean "Line_3"?); this appearance is not imported',
      'sla.conf:61: [warehouse] changed: trunk "line1" is listed twice; kept at its first position, options merged, as Asterisk does',
      'sla.conf:63: [lobby] skipped: station not imported: it has no usable trunk= line, and a keyline station needs at least one line',
      'sla.conf:68: [pager] skipped: no type= (trunk or station): section not imported, as in Asterisk',
      'sla.conf: changed: attemptcallerid is off (Asterisk\'s default): every line gets callerId: false; set it to true to show callers',
    ]));
  });

  it('ignores what sits in a ;-- block comment --; (the removed fax trunk)', () => {
    const { yaml, report } = fixture();
    expect(yaml).not.toMatch(/fax/);
    expect(report.some((n) => n.section === 'fax')).toBe(false);
  });

  it('lists the report in file order, file-wide notes last', () => {
    const lines = fixture().report.map((n) => (n.line === 0 ? Infinity : n.line));
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });
});

describe('importSlaConf: single rules', () => {
  const load = (text: string) => loadImported(importSlaConf(text, 'sla.conf').yaml);

  it('attemptcallerid=yes leaves callerId at its default (true)', () => {
    const { system } = load(conf('[general]', 'attemptcallerid=yes', TRUNK, '[s]', 'type=station', 'device=SIP/s', 'trunk=line1'));
    expect(system.lines[0]?.options.callerId).toBe(true);
  });

  it('a per-trunk ringdelay=0 means "the station\'s", as in Asterisk', () => {
    const { system } = load(conf(TRUNK, '[s]', 'type=station', 'device=SIP/s', 'ringdelay=4', 'trunk=line1,ringdelay=0'));
    expect(system.stations[0]?.appearances[0]?.ringDelay).toBe(4000);
  });

  it('per-trunk ringtimeout counts from the first ring, as the appearance ringTimeout does', () => {
    const { system } = load(conf(TRUNK, '[s]', 'type=station', 'device=SIP/s', 'trunk=line1,ringdelay=2,ringtimeout=9'));
    expect(system.stations[0]?.appearances[0]).toMatchObject({ ringDelay: 2000, ringTimeout: 9000 });
  });

  it('trunk names match case-insensitively, as Asterisk matches them', () => {
    const { system } = load(conf(TRUNK, '[s]', 'type=station', 'device=SIP/s', 'trunk=LINE1'));
    expect(system.stations[0]?.appearances.map((a) => a.line)).toEqual(['line1']);
  });

  it('a trunk declared below the station is imported, with a note that Asterisk ignored it', () => {
    const { yaml, report } = importSlaConf(conf('[s]', 'type=station', 'device=SIP/s', 'trunk=line1', TRUNK), 'sla.conf');
    expect(loadImported(yaml).system.stations[0]?.appearances.map((a) => a.line)).toEqual(['line1']);
    expect(report.map(formatImportNote)).toContain(
      'sla.conf:4: [s] changed: trunk "line1" is declared below this station (sla.conf:5), so Asterisk ignored this line; keyline imports it',
    );
  });

  it('two trunks on one DAHDI channel: the second gets a placeholder port and a note', () => {
    const { yaml, report } = importSlaConf(conf(TRUNK, '[line2]', 'type=trunk', 'device=DAHDI/1'), 'sla.conf');
    expect(loadImported(yaml).system.lines.map((l) => l.port)).toEqual(['fxo1', 'line2']);
    expect(report.map(formatImportNote)).toContain(
      'sla.conf:7: [line2] unmapped: device "DAHDI/1" is already the port of line "line1" (sla.conf:3): port set to "line2"; set the real FXO port before use',
    );
  });

  it('unknown options, bad values and unknown per-trunk options are reported with their line', () => {
    const { report } = importSlaConf(
      conf('[line1]', 'type=trunk', 'device=DAHDI/1', 'ringtimeout=soon', 'barge=maybe', 'hold=exclusive', 'colour=red',
        '[s]', 'type=station', 'device=SIP/s', 'trunk=line1,ringdelay=x,volume=3'),
      'sla.conf',
    );
    expect(report.filter((n) => n.line > 0).map(formatImportNote)).toEqual([
      'sla.conf:3: [line1] guess: port "fxo1" guessed from device "DAHDI/1": use the FXO port id of your board file',
      'sla.conf:4: [line1] skipped: ringtimeout "soon" is not a whole number of seconds (Asterisk ignored it too)',
      'sla.conf:5: [line1] changed: barge "maybe" is neither yes nor no; Asterisk read it as yes, so barge stays allowed',
      'sla.conf:6: [line1] skipped: hold "exclusive" is neither open nor private; the default (open) applies',
      'sla.conf:7: [line1] unmapped: "colour" is not an sla.conf trunk option; not imported',
      'sla.conf:11: [s] skipped: ringdelay "x" is not a whole number of seconds (Asterisk ignored it too)',
      'sla.conf:11: [s] unmapped: "volume" is not a per-trunk option (ringdelay, ringtimeout); not imported',
    ]);
  });

  it('a section declared twice is merged, as Asterisk merges it', () => {
    const { yaml, report } = importSlaConf(conf(TRUNK, '[line1]', 'ringtimeout=30'), 'sla.conf');
    expect(loadImported(yaml).system.lines[0]?.options.ringTimeout).toBe(30_000);
    expect(report.map(formatImportNote)).toContain(
      'sla.conf:5: [line1] changed: [line1] is declared again (first at sla.conf:1); merged into it, as Asterisk does',
    );
  });

  it('an empty sla.conf imports to nothing and says so', () => {
    const { report } = importSlaConf('', 'sla.conf');
    expect(report.map(formatImportNote)).toContain('sla.conf: skipped: no trunk sections found: a keyline site needs at least one line');
  });
});
