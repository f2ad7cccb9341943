import type { ImportNote } from './ImportNote.js';

export interface ConfEntry {
  key: string;
  value: string;
  /** 1-based line in the file, kept through template inheritance so notes point at the source. */
  line: number;
  /** The template it was inherited from, if it was. */
  template?: string;
}

export interface ConfSection {
  name: string;
  line: number;
  /** `[name](!)`: a template, never an object of its own. */
  template: boolean;
  /** `[name](a,b)`: sections whose entries come first, in this order. */
  inherits: string[];
  entries: ConfEntry[];
}

export interface ParsedConf {
  sections: ConfSection[];
  notes: ImportNote[];
}

const SECTION = /^\[([^\]]+)\]\s*(?:\(([^)]*)\))?$/;

/**
 * Removes `;` comments and `;-- … --;` block comments (which may nest and span lines), keeping
 * `\;` as a literal semicolon: Asterisk's own rules for .conf files.
 */
function stripComments(line: string, depth: number): { text: string; depth: number } {
  let text = '';
  for (let i = 0; i < line.length; i++) {
    if (depth > 0) {
      if (line.startsWith('--;', i)) { depth--; i += 2; }
      else if (line.startsWith(';--', i)) { depth++; i += 2; }
      continue;
    }
    if (line.startsWith('\\;', i)) { text += ';'; i++; continue; }
    if (line.startsWith(';--', i)) { depth++; i += 2; continue; }
    if (line[i] === ';') break;
    text += line[i];
  }
  return { text: text.trim(), depth };
}

/**
 * Reads an Asterisk .conf file into sections and `key = value` entries in file order (repeated
 * keys such as `trunk=` all kept). `(+)` sections are appended to the earlier section of that
 * name, as Asterisk does. What it cannot read goes to the notes, never into an exception: an
 * import should get as far as it can.
 */
export function parseAsteriskConf(text: string, file: string): ParsedConf {
  const sections: ConfSection[] = [];
  const notes: ImportNote[] = [];
  let current: ConfSection | undefined;
  let depth = 0;
  const note = (line: number, kind: ImportNote['kind'], message: string): void => {
    notes.push({ file, line, section: current?.name ?? null, kind, message });
  };

  text.split(/\r?\n/).forEach((raw, index) => {
    const lineNo = index + 1;
    const stripped = stripComments(raw, depth);
    depth = stripped.depth;
    const line = stripped.text;
    if (line === '') return;

    if (line.startsWith('#')) {
      note(lineNo, 'unmapped', `"${line}" not followed: the importer reads one file; merge included files into it first`);
      return;
    }
    if (line.startsWith('[')) {
      const m = SECTION.exec(line);
      if (!m) {
        current = undefined;
        note(lineNo, 'skipped', `cannot read the section header "${line}"; its entries are skipped`);
        return;
      }
      const name = (m[1] ?? '').trim();
      const options = (m[2] ?? '').split(',').map((o) => o.trim()).filter((o) => o !== '');
      if (options.includes('+')) {
        const earlier = sections.find((s) => s.name.toLowerCase() === name.toLowerCase());
        if (earlier) { current = earlier; return; }
      }
      current = { name, line: lineNo, template: options.includes('!'), inherits: options.filter((o) => o !== '!' && o !== '+'), entries: [] };
      sections.push(current);
      return;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) {
      note(lineNo, 'skipped', `cannot read "${line}": expected key=value`);
      return;
    }
    if (!current) {
      note(lineNo, 'skipped', `"${line}" comes before any [section]; skipped`);
      return;
    }
    const key = line.slice(0, eq).trim();
    // `key => value` is the same as `key = value` in Asterisk files.
    const value = line.slice(eq + 1).replace(/^>/, '').trim();
    if (key.endsWith('+')) {
      note(lineNo, 'skipped', `"${key}=" (append to a value) is not supported by the importer; write the whole value`);
      return;
    }
    current.entries.push({ key: key.toLowerCase(), value, line: lineNo });
  });
  return { sections, notes };
}
