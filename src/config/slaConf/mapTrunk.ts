import type { HoldKind } from '../../core/options.js';
import type { ImportNote } from './ImportNote.js';
import { astFalse, astTrue, wholeSeconds } from './asteriskBool.js';
import { guessPort } from './guessPort.js';
import type { ConfEntry, ConfSection } from './parse.js';
import { sanitizeId } from './sanitizeId.js';

/** A line as it will be written, durations in seconds as in sla.conf. */
export interface ImportedLine {
  id: string;
  port: string;
  label?: string;
  barge?: boolean;
  hold?: HoldKind;
  ringTimeout?: number;
  callerId?: boolean;
  /** Where it came from, for the comment above it in the YAML. */
  source: string;
}

export interface TrunkContext {
  file: string;
  /** Ports already given to earlier lines → the line that has it. */
  ports: Map<string, { id: string; line: number }>;
  notes: ImportNote[];
}

/** Port ids given out so far, so a fallback port never collides with a real one. */
function freePort(wanted: string, ports: TrunkContext['ports']): string {
  return sanitizeId(wanted, 'port', new Set(ports.keys()));
}

/** sla.md §2.1's "sla.conf" column: device → port, ringtimeout, barge, hold; the rest reported. */
export function mapTrunk(section: ConfSection, id: string, ctx: TrunkContext): ImportedLine {
  const note = (line: number, kind: ImportNote['kind'], message: string, entry?: ConfEntry): void => {
    const via = entry?.template === undefined ? '' : ` (inherited from [${entry.template}])`;
    ctx.notes.push({ file: ctx.file, line, section: section.name, kind, message: message + via });
  };
  const devices = section.entries.filter((e) => e.key === 'device');
  const device = devices[devices.length - 1];
  const line: ImportedLine = { id, port: '', source: `[${section.name}] at ${ctx.file}:${section.line}` };
  if (id !== section.name) {
    line.label = section.name;
    note(section.line, 'rename', `line id "${id}" (ids are lower-case letters, digits and "-"); label "${section.name}" keeps the old name on displays`);
  }

  const guess = device ? guessPort(device.value) : { reason: 'is missing' };
  const owner = 'port' in guess ? ctx.ports.get(guess.port) : undefined;
  if ('port' in guess && !owner) {
    line.port = guess.port;
    note(device?.line ?? section.line, 'guess', `port "${guess.port}" guessed from device "${device?.value ?? ''}": use the FXO port id of your board file`);
  } else {
    line.port = freePort(id, ctx.ports);
    const why = owner
      ? `device "${device?.value ?? ''}" is already the port of line "${owner.id}" (${ctx.file}:${owner.line})`
      : `device${device ? ` "${device.value}"` : ''} ${'reason' in guess ? guess.reason : ''}`;
    note(device?.line ?? section.line, 'unmapped', `${why}: port set to "${line.port}"; set the real FXO port before use`);
  }
  ctx.ports.set(line.port, { id, line: device?.line ?? section.line });

  for (const entry of section.entries) {
    const { key, value } = entry;
    if (key === 'type' || key === 'device') continue;
    if (key === 'ringtimeout') {
      const s = wholeSeconds(value);
      if (s === undefined) note(entry.line, 'skipped', `ringtimeout "${value}" is not a whole number of seconds (Asterisk ignored it too)`, entry);
      else line.ringTimeout = s;
    } else if (key === 'barge') {
      if (astFalse(value)) line.barge = false;
      else if (astTrue(value)) line.barge = true;
      else note(entry.line, 'changed', `barge "${value}" is neither yes nor no; Asterisk read it as yes, so barge stays allowed`, entry);
    } else if (key === 'hold') {
      const hold = value.toLowerCase();
      if (hold === 'open' || hold === 'private') line.hold = hold;
      else note(entry.line, 'skipped', `hold "${value}" is neither open nor private; the default (open) applies`, entry);
    } else if (key === 'autocontext') {
      note(entry.line, 'unmapped', `autocontext "${value}" not imported: keyline needs no dialplan, the FXO port reaches it directly`, entry);
    } else {
      note(entry.line, 'unmapped', `"${key}" is not an sla.conf trunk option; not imported`, entry);
    }
  }
  return line;
}
