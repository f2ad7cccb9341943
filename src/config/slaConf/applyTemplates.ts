import type { ImportNote } from './ImportNote.js';
import type { ConfEntry, ConfSection, ParsedConf } from './parse.js';

/**
 * Expands `[name](tpl1,tpl2)` the way Asterisk does: the templates' entries first, in order, then
 * the section's own, so a later value of a single-valued option wins and repeated `trunk=` lines
 * accumulate. A section may only inherit from one declared above it. Templates (`(!)`) are
 * dropped from the result.
 */
export function applyTemplates(parsed: ParsedConf, file: string): { sections: ConfSection[]; notes: ImportNote[] } {
  const notes: ImportNote[] = [];
  const expanded = new Map<ConfSection, ConfEntry[]>();

  const expand = (section: ConfSection, index: number): ConfEntry[] => {
    const done = expanded.get(section);
    if (done) return done;
    const entries: ConfEntry[] = [];
    for (const name of section.inherits) {
      const parentIndex = parsed.sections.findIndex((s, i) => i < index && s.name.toLowerCase() === name.toLowerCase());
      const parent = parsed.sections[parentIndex];
      if (!parent) {
        notes.push({ file, line: section.line, section: section.name, kind: 'skipped', message: `template "${name}" is not declared above this section; its options are not inherited` });
        continue;
      }
      entries.push(...expand(parent, parentIndex).map((e) => ({ ...e, template: e.template ?? parent.name })));
    }
    entries.push(...section.entries);
    expanded.set(section, entries);
    return entries;
  };

  const sections = parsed.sections
    .map((section, index) => ({ ...section, entries: expand(section, index) }))
    .filter((section) => !section.template);
  return { sections, notes: [...parsed.notes, ...notes] };
}
