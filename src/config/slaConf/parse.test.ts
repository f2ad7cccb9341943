import { describe, expect, it } from 'vitest';
import { parseAsteriskConf } from './parse.js';

const lines = (...l: string[]): string => l.join('\n');

describe('parseAsteriskConf', () => {
  it('reads sections and key=value entries with their line numbers, keys lower-cased', () => {
    const { sections, notes } = parseAsteriskConf(lines('[line1]', 'type = trunk', 'Device=DAHDI/1'), 'sla.conf');
    expect(notes).toEqual([]);
    expect(sections).toEqual([
      {
        name: 'line1', line: 1, template: false, inherits: [],
        entries: [{ key: 'type', value: 'trunk', line: 2 }, { key: 'device', value: 'DAHDI/1', line: 3 }],
      },
    ]);
  });

  it('keeps repeated keys in order (trunk= lines)', () => {
    const { sections } = parseAsteriskConf(lines('[s]', 'trunk=line1', 'trunk=line2,ringdelay=5'), 'sla.conf');
    expect(sections[0]?.entries.map((e) => e.value)).toEqual(['line1', 'line2,ringdelay=5']);
  });

  it('strips ; comments, keeps \\; as a semicolon, and reads => like =', () => {
    const { sections } = parseAsteriskConf(lines('[s] ; a station', 'device => SIP/a\\;b ; comment', '; whole line'), 'sla.conf');
    expect(sections[0]?.entries).toEqual([{ key: 'device', value: 'SIP/a;b', line: 2 }]);
  });

  it('skips ;-- block comments --; across lines, nested', () => {
    const { sections } = parseAsteriskConf(lines('[a]', ';-- x', '[b] ;-- inner --;', 'still=comment --;', 'k=v'), 'sla.conf');
    expect(sections.map((s) => s.name)).toEqual(['a']);
    expect(sections[0]?.entries).toEqual([{ key: 'k', value: 'v', line: 5 }]);
  });

  it('reads template marks and inheritance', () => {
    const { sections } = parseAsteriskConf(lines('[tpl](!)', '[x](tpl, other)', '[y](!,tpl)'), 'sla.conf');
    expect(sections.map((s) => [s.name, s.template, s.inherits])).toEqual([
      ['tpl', true, []],
      ['x', false, ['tpl', 'other']],
      ['y', true, ['tpl']],
    ]);
  });

  it('appends a (+) section to the earlier one of that name', () => {
    const { sections } = parseAsteriskConf(lines('[s]', 'a=1', '[s](+)', 'b=2'), 'sla.conf');
    expect(sections).toHaveLength(1);
    expect(sections[0]?.entries.map((e) => e.key)).toEqual(['a', 'b']);
  });

  it('notes what it cannot read, with the line, and goes on', () => {
    const { sections, notes } = parseAsteriskConf(
      lines('orphan=1', '#include "more.conf"', '[broken', 'x=1', '[s]', 'no value here', 'trunk+=line2', 'ok=1'),
      'sla.conf',
    );
    expect(notes.map((n) => [n.line, n.kind])).toEqual([[1, 'skipped'], [2, 'unmapped'], [3, 'skipped'], [4, 'skipped'], [6, 'skipped'], [7, 'skipped']]);
    expect(notes[1]?.message).toMatch(/^"#include "more.conf"" not followed/);
    expect(sections[0]?.entries).toEqual([{ key: 'ok', value: '1', line: 8 }]);
  });

  it('accepts Windows line ends', () => {
    const { sections } = parseAsteriskConf('[s]\r\nk=v\r\n', 'sla.conf');
    expect(sections[0]?.entries).toEqual([{ key: 'k', value: 'v', line: 2 }]);
  });
});
