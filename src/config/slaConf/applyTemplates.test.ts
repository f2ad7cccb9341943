import { describe, expect, it } from 'vitest';
import { applyTemplates } from './applyTemplates.js';
import { parseAsteriskConf } from './parse.js';

const expand = (text: string) => applyTemplates(parseAsteriskConf(text, 'sla.conf'), 'sla.conf');

describe('applyTemplates', () => {
  it('puts the templates\' entries first, in order, marks them inherited, and drops templates', () => {
    const { sections, notes } = expand('[a](!)\nk=1\ntrunk=l1\n[b](!,a)\ntrunk=l2\n[s](b)\nk=2\n');
    expect(notes).toEqual([]);
    expect(sections.map((s) => s.name)).toEqual(['s']);
    expect(sections[0]?.entries).toEqual([
      { key: 'k', value: '1', line: 2, template: 'a' },
      { key: 'trunk', value: 'l1', line: 3, template: 'a' },
      { key: 'trunk', value: 'l2', line: 5, template: 'b' },
      { key: 'k', value: '2', line: 7 },
    ]);
  });

  it('inherits from several templates in the order written', () => {
    const { sections } = expand('[x](!)\nk=x\n[y](!)\nk=y\n[s](y,x)\n');
    expect(sections[0]?.entries.map((e) => e.value)).toEqual(['y', 'x']);
  });

  it('notes a template that is not declared above', () => {
    const { sections, notes } = expand('[s](tpl)\nk=1\n[tpl](!)\nj=2\n');
    expect(sections[0]?.entries.map((e) => e.key)).toEqual(['k']);
    expect(notes).toEqual([
      { file: 'sla.conf', line: 1, section: 's', kind: 'skipped', message: 'template "tpl" is not declared above this section; its options are not inherited' },
    ]);
  });
});
