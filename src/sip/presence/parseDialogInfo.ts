import type { XmlElement } from './xmlTree.js';
import { parseXml } from './xmlTree.js';

/** RFC 4235 §4: the namespace of every element keyline reads. */
export const DIALOG_INFO_NS = 'urn:ietf:params:xml:ns:dialog-info';

/** A body larger than this is refused unread (a full document of one line is well under 2 KiB; Kamailio aggregates a few). */
export const MAX_DIALOG_INFO_BYTES = 32 * 1024;
/** More dialogs than this in one document is refused: one line has one call at a time, plus a few terminated ones. */
export const MAX_DIALOGS = 64;

export type DialogStateName = 'trying' | 'proceeding' | 'early' | 'confirmed' | 'terminated';
const STATES: ReadonlySet<string> = new Set(['trying', 'proceeding', 'early', 'confirmed', 'terminated']);
const isState = (s: string): s is DialogStateName => STATES.has(s);

/** One `<dialog>` as keyline needs it (RFC 4235 §4.1.1–4.1.6). */
export interface DialogEntry {
  id: string;
  state: DialogStateName;
  direction: 'initiator' | 'recipient' | null;
  /** The local target carries `+sip.rendering="no"` (RFC 4235 §5.2): the call is on (open) hold. */
  held: boolean;
  /** `<remote><identity>`: the far party, when the publisher shows it. */
  remote: { uri: string; display: string | null } | null;
}

export interface DialogInfoDocument {
  version: number;
  state: 'full' | 'partial';
  entity: string;
  dialogs: DialogEntry[];
}

export type DialogInfoParse =
  | { ok: true; doc: DialogInfoDocument }
  | { ok: false; code: 'too-large' | 'malformed'; reason: string };

class Invalid extends Error {}

/**
 * Reads an `application/dialog-info+xml` body (presence.md §2 "Parsing received documents"):
 * strict about what the schema requires (root, `version`, `state`, `entity`; each dialog's `id`
 * and `<state>` from the RFC's list; `direction` one of two values), tolerant of what it allows
 * (several dialogs, the server's dummy dialog, missing optional parts, unknown elements and
 * namespaces). Pure; never throws: a refusal says why.
 */
export function parseDialogInfo(body: string): DialogInfoParse {
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > MAX_DIALOG_INFO_BYTES) return { ok: false, code: 'too-large', reason: `a body of ${bytes} bytes (at most ${MAX_DIALOG_INFO_BYTES})` };
  const xml = parseXml(body);
  if (!xml.ok) return { ok: false, code: 'malformed', reason: xml.reason };
  try {
    return { ok: true, doc: document(xml.root) };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, code: 'malformed', reason: err.message };
    return { ok: false, code: 'malformed', reason: `unreadable dialog-info (${err instanceof Error ? err.message : String(err)})` };
  }
}

function di(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name && c.ns === DIALOG_INFO_NS);
}

function document(root: XmlElement): DialogInfoDocument {
  if (root.name !== 'dialog-info' || root.ns !== DIALOG_INFO_NS) throw new Invalid(`the root is <${root.name}> in "${root.ns}", not <dialog-info> in ${DIALOG_INFO_NS}`);
  const versionText = root.attrs.get('version') ?? '';
  if (!/^\d{1,10}$/.test(versionText) || Number(versionText) > 0xffffffff) throw new Invalid(`version "${versionText.slice(0, 20)}" is not a non-negative 32-bit integer`);
  const state = root.attrs.get('state');
  if (state !== 'full' && state !== 'partial') throw new Invalid(`state "${(state ?? '').slice(0, 20)}" is neither full nor partial`);
  const entity = root.attrs.get('entity') ?? '';
  if (entity.trim() === '') throw new Invalid('no entity');
  const elements = di(root, 'dialog');
  if (elements.length > MAX_DIALOGS) throw new Invalid(`${elements.length} dialogs (at most ${MAX_DIALOGS})`);
  const dialogs = elements.map(dialog);
  const ids = new Set<string>();
  for (const d of dialogs) {
    if (ids.has(d.id)) throw new Invalid(`dialog id "${d.id.slice(0, 40)}" twice`);
    ids.add(d.id);
  }
  return { version: Number(versionText), state, entity: entity.trim(), dialogs };
}

function dialog(el: XmlElement): DialogEntry {
  const id = el.attrs.get('id') ?? '';
  if (id === '') throw new Invalid('a <dialog> without id');
  const stateEls = di(el, 'state');
  const stateText = stateEls[0]?.text.trim() ?? '';
  if (stateEls.length !== 1 || !isState(stateText)) throw new Invalid(`dialog "${id.slice(0, 40)}": <state> "${stateText.slice(0, 20)}" is not one of RFC 4235's`);
  const dir = el.attrs.get('direction');
  if (dir !== undefined && dir !== 'initiator' && dir !== 'recipient') throw new Invalid(`dialog "${id.slice(0, 40)}": direction "${dir.slice(0, 20)}"`);
  const local = di(el, 'local')[0];
  const held = !!local && di(local, 'target').some((t) => di(t, 'param').some((p) => p.attrs.get('pname')?.toLowerCase() === '+sip.rendering' && p.attrs.get('pvalue')?.toLowerCase() === 'no'));
  const remoteEl = di(el, 'remote')[0];
  const remoteId = remoteEl ? di(remoteEl, 'identity')[0] : undefined;
  const remote = remoteId && remoteId.text.trim() !== '' ? { uri: remoteId.text.trim(), display: remoteId.attrs.get('display') ?? null } : null;
  return { id, state: stateText, direction: dir ?? null, held, remote };
}
