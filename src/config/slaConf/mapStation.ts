import type { HoldKind } from '../../core/options.js';
import { nearest } from '../editDistance.js';
import type { ImportNote } from './ImportNote.js';
import { wholeSeconds } from './asteriskBool.js';
import type { ConfEntry, ConfSection } from './parse.js';

/** An appearance as written: a bare line id when it carries no option of its own. */
export type ImportedAppearance = string | { line: string; ringDelay?: number; ringTimeout?: number; ring?: boolean };

export interface ImportedStation {
  id: string;
  kind: 'sip';
  /** The phone's SIP account name in Asterisk, when it is not the station id: the phone keeps it. */
  username?: string;
  ringDelay?: number;
  ringTimeout?: number;
  hold?: HoldKind;
  lines: ImportedAppearance[];
  source: string;
}

export interface StationContext {
  file: string;
  /** Trunk section name, lower-cased (Asterisk matches trunk names case-insensitively) → line. */
  trunks: Map<string, { id: string; name: string; line: number }>;
  notes: ImportNote[];
}

interface Appearance {
  line: string;
  ringDelay?: number;
  ringTimeout?: number;
}

const SIP_DEVICE = /^(?:SIP|PJSIP)\/([^/,]+)$/i;
/** What the site file accepts as a username (sipPrimitives). */
const USERNAME = /^[A-Za-z0-9._~+-]{1,64}$/;

/**
 * sla.md §2.2/§2.3's "sla.conf" columns: device → kind, ringdelay, ringtimeout, hold, and one
 * appearance per `trunk=`, in order. Returns undefined for a station left with no line: keyline
 * requires at least one.
 */
export function mapStation(section: ConfSection, id: string, ctx: StationContext): ImportedStation | undefined {
  const note = (line: number, kind: ImportNote['kind'], message: string, entry?: ConfEntry): void => {
    const via = entry?.template === undefined ? '' : ` (inherited from [${entry.template}])`;
    ctx.notes.push({ file: ctx.file, line, section: section.name, kind, message: message + via });
  };
  if (id !== section.name) note(section.line, 'rename', `station id "${id}" (ids are lower-case letters, digits and "-")`);
  const options: Pick<ImportedStation, 'ringDelay' | 'ringTimeout' | 'hold'> = {};
  const account: Pick<ImportedStation, 'username'> = {};

  const devices = section.entries.filter((e) => e.key === 'device');
  const device = devices[devices.length - 1];
  const sip = device ? SIP_DEVICE.exec(device.value) : null;
  if (!device) note(section.line, 'changed', 'no device: imported as a SIP station; keyline alerts stations over SIP');
  else if (!sip) note(device.line, 'changed', `device "${device.value}" is not a SIP phone: imported as a SIP station; keyline alerts stations over SIP`);
  else if (sip[1] !== undefined && sip[1] !== id && USERNAME.test(sip[1])) {
    account.username = sip[1];
    note(device.line, 'changed', `the phone was "${device.value}" in Asterisk; in keyline it is station "${id}" with username "${sip[1]}", so its account name stays`);
  } else if (sip[1] !== id) {
    note(device.line, 'changed', `the phone was "${device.value}" in Asterisk; in keyline it is station "${id}", and its username must be changed to "${id}"`);
  }

  const appearances: Appearance[] = [];
  for (const entry of section.entries) {
    const { key, value } = entry;
    if (key === 'type' || key === 'device') continue;
    if (key === 'trunk') addTrunk(entry, section, appearances, ctx, (line, kind, message) => note(line, kind, message, entry));
    else if (key === 'ringdelay' || key === 'ringtimeout') {
      const s = wholeSeconds(value);
      if (s === undefined) note(entry.line, 'skipped', `${key} "${value}" is not a whole number of seconds (Asterisk ignored it too)`, entry);
      else if (key === 'ringdelay') options.ringDelay = s;
      else options.ringTimeout = s;
    } else if (key === 'hold') {
      const hold = value.toLowerCase();
      if (hold === 'open' || hold === 'private') options.hold = hold;
      else note(entry.line, 'skipped', `hold "${value}" is neither open nor private; the default (open) applies`, entry);
    } else if (key === 'autocontext') {
      note(entry.line, 'unmapped', `autocontext "${value}" not imported: keyline needs no dialplan, phones reach it directly`, entry);
    } else {
      note(entry.line, 'unmapped', `"${key}" is not an sla.conf station option; not imported`, entry);
    }
  }

  if (appearances.length === 0) {
    note(section.line, 'skipped', 'station not imported: it has no usable trunk= line, and a keyline station needs at least one line');
    return undefined;
  }
  const lines = appearances.map((a) => toEntry(a, options.ringDelay ?? 0, (message) => note(section.line, 'changed', message)));
  // Key order is the order the YAML shows them in: identity, options, then the list.
  return { id, kind: 'sip', ...account, ...options, lines, source: `[${section.name}] at ${ctx.file}:${section.line}` };
}

function addTrunk(
  entry: ConfEntry,
  section: ConfSection,
  appearances: Appearance[],
  ctx: StationContext,
  note: (line: number, kind: ImportNote['kind'], message: string) => void,
): void {
  const [rawName = '', ...options] = entry.value.split(',');
  const name = rawName.trim();
  const trunk = ctx.trunks.get(name.toLowerCase());
  if (!trunk) {
    const near = nearest(name, [...ctx.trunks.values()].map((t) => t.name));
    const hint = near === undefined ? '' : ` (did you mean "${near}"?)`;
    note(entry.line, 'skipped', `trunk "${name}" is not declared as a trunk${hint}; this appearance is not imported`);
    return;
  }
  if (trunk.line > section.line) {
    note(entry.line, 'changed', `trunk "${name}" is declared below this station (${ctx.file}:${trunk.line}), so Asterisk ignored this line; keyline imports it`);
  }
  let appearance = appearances.find((a) => a.line === trunk.id);
  if (appearance) note(entry.line, 'changed', `trunk "${name}" is listed twice; kept at its first position, options merged, as Asterisk does`);
  else {
    appearance = { line: trunk.id };
    appearances.push(appearance);
  }
  for (const option of options) {
    const [rawKey = '', rawValue = ''] = option.split('=');
    const key = rawKey.trim().toLowerCase();
    const seconds = wholeSeconds(rawValue);
    if (key !== 'ringdelay' && key !== 'ringtimeout') {
      note(entry.line, 'unmapped', `"${rawKey.trim()}" is not a per-trunk option (ringdelay, ringtimeout); not imported`);
    } else if (seconds === undefined) {
      note(entry.line, 'skipped', `${key} "${rawValue.trim()}" is not a whole number of seconds (Asterisk ignored it too)`);
    } else if (key === 'ringdelay') {
      // Asterisk reads a per-trunk 0 as "not set": the station's value applies, as when omitted here.
      if (seconds > 0) appearance.ringDelay = seconds;
      else delete appearance.ringDelay;
    } else if (seconds > 0) appearance.ringTimeout = seconds;
    else delete appearance.ringTimeout;
  }
}

/**
 * Asterisk never rings a station whose per-trunk ring timeout ends before its ring delay; keyline
 * refuses that as an empty window (sla.md §2.4). The faithful translation is a lamp-only key.
 */
function toEntry(a: Appearance, stationDelay: number, changed: (message: string) => void): ImportedAppearance {
  const delay = a.ringDelay ?? stationDelay;
  if (a.ringTimeout !== undefined && a.ringTimeout <= delay) {
    changed(
      `line "${a.line}": ringtimeout ${a.ringTimeout} is not above the ring delay ${delay}, so Asterisk never rang this ` +
        'station for it; imported as a lamp-only key (ring: false)',
    );
    return { line: a.line, ring: false };
  }
  if (a.ringDelay === undefined && a.ringTimeout === undefined) return a.line;
  return { ...a };
}
