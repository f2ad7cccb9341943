import type { ImportNote, SlaImport } from './ImportNote.js';
import { applyTemplates } from './applyTemplates.js';
import { astTrue } from './asteriskBool.js';
import { emitSiteYaml } from './emitSiteYaml.js';
import { mapStation } from './mapStation.js';
import type { ImportedStation } from './mapStation.js';
import { mapTrunk } from './mapTrunk.js';
import type { ImportedLine } from './mapTrunk.js';
import type { ConfSection } from './parse.js';
import { parseAsteriskConf } from './parse.js';
import { sanitizeId } from './sanitizeId.js';

function lastValue(section: ConfSection, key: string): { value: string; line: number } | undefined {
  const entries = section.entries.filter((e) => e.key === key);
  return entries[entries.length - 1];
}

/**
 * Converts an Asterisk `sla.conf` into a keyline site configuration. Everything the conversion
 * guessed (ports), renamed (ids), changed or could not carry over (autocontext, dialplan-only
 * settings, unknown options, non-SIP stations) is in the report with the sla.conf line it
 * concerns. With stations, the YAML has a `sip:` section and loads only once the installer has
 * set `sip.listen.advertise` and every station's password: sla.conf has neither, and a
 * placeholder password would be a weak default left in place. Never throws on bad input: a
 * broken line is a note.
 */
export function importSlaConf(text: string, file: string): SlaImport {
  const { sections, notes } = applyTemplates(parseAsteriskConf(text, file), file);
  const note = (line: number, section: string | null, kind: ImportNote['kind'], message: string): void => {
    notes.push({ file, line, section, kind, message });
  };

  const trunks: ConfSection[] = [];
  const byName = new Map<string, ConfSection>();
  const stationSections: ConfSection[] = [];
  let callerId = false;
  for (const section of sections) {
    if (section.name.toLowerCase() === 'general') {
      for (const entry of section.entries) {
        if (entry.key === 'attemptcallerid') callerId = astTrue(entry.value);
        else note(entry.line, section.name, 'unmapped', `"${entry.key}" is not an sla.conf general option; not imported`);
      }
      continue;
    }
    // Asterisk updates the object it already has when a name comes back; so does the import.
    const earlier = byName.get(section.name.toLowerCase());
    if (earlier) {
      earlier.entries.push(...section.entries);
      note(section.line, section.name, 'changed', `[${section.name}] is declared again (first at ${file}:${earlier.line}); merged into it, as Asterisk does`);
      continue;
    }
    byName.set(section.name.toLowerCase(), section);
    const type = lastValue(section, 'type');
    if (type?.value.toLowerCase() === 'trunk') trunks.push(section);
    else if (type?.value.toLowerCase() === 'station') stationSections.push(section);
    else if (!type) note(section.line, section.name, 'skipped', 'no type= (trunk or station): section not imported, as in Asterisk');
    else note(type.line, section.name, 'skipped', `type "${type.value}" is neither trunk nor station: section not imported`);
  }

  const lineIds = new Set<string>();
  const ports = new Map<string, { id: string; line: number }>();
  const trunkRefs = new Map<string, { id: string; name: string; line: number }>();
  const lines: ImportedLine[] = trunks.map((section) => {
    const line = mapTrunk(section, sanitizeId(section.name, 'line', lineIds), { file, ports, notes });
    if (!callerId) line.callerId = false;
    trunkRefs.set(section.name.toLowerCase(), { id: line.id, name: section.name, line: section.line });
    return line;
  });

  const stationIds = new Set<string>();
  const stations = stationSections
    .map((section) => mapStation(section, sanitizeId(section.name, 'station', stationIds), { file, trunks: trunkRefs, notes }))
    .filter((s): s is ImportedStation => s !== undefined);

  if (lines.length === 0) note(0, null, 'skipped', 'no trunk sections found: a keyline site needs at least one line');
  if (!callerId) {
    note(0, null, 'changed', 'attemptcallerid is off (Asterisk\'s default): every line gets callerId: false; set it to true to show callers');
  }
  note(0, null, 'unmapped', 'music on hold (SLATrunk option M) and what happens to unanswered calls live in the dialplan, not in sla.conf: set musicOnHold and noAnswer on the lines by hand');
  if (stations.length > 0) {
    note(0, null, 'changed', 'added a sip: section so the phones can register: set sip.listen.advertise to the address phones reach this box at');
    note(
      0, null, 'unmapped',
      `passwords are not in sla.conf (the phones' secrets were in sip.conf or pjsip.conf): give ${stations.map((s) => s.id).join(', ')} ` +
        'a password of 8 characters or more; keyline config check refuses the file until each has one',
    );
  }

  const header = [
    `keyline site configuration imported from ${file} (Asterisk sla.conf).`,
    'Review the import report before use: ports are guesses from DAHDI channel numbers and',
    'must match the board file. Options not written here take keyline\'s defaults (sla.md §2).',
    'Add site: { name: ..., domain: ... } to publish line state under your own domain.',
  ];
  // File order, then the notes about the file as a whole (line 0) at the end.
  const order = (n: ImportNote): number => (n.line === 0 ? Number.MAX_SAFE_INTEGER : n.line);
  notes.sort((a, b) => order(a) - order(b));
  return { yaml: emitSiteYaml(header, lines, stations), report: notes };
}
