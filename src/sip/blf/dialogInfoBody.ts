import type { Lamp } from '../../core/lamp.js';
import type { DialogInfoCall, DialogInfoView } from './DialogInfoView.js';
import { remoteIdentity } from './remoteIdentity.js';
import { sipUser } from './sipUser.js';
import { xmlEscape as x } from './xmlEscape.js';

export const DIALOG_INFO_CONTENT_TYPE = 'application/dialog-info+xml';

type DialogShape =
  | { kind: 'ended'; error: boolean }
  | { kind: 'live'; state: 'early' | 'trying' | 'confirmed'; direction: 'recipient' | 'initiator' | 'call'; hold: boolean };

const early = { kind: 'live', state: 'early', direction: 'recipient', hold: false } as const;
const confirmed = { kind: 'live', state: 'confirmed', direction: 'call', hold: false } as const;
const held = { ...confirmed, hold: true } as const;

/** The table of lamps.md §4.2: the `<state>`, the direction and the hold marker of each lamp. */
const SHAPES: Readonly<Record<Lamp, DialogShape>> = Object.freeze({
  'idle': { kind: 'ended', error: false },
  'out-of-service': { kind: 'ended', error: true },
  'unknown': { kind: 'ended', error: true },
  'ringing-here': early,
  'ringing-not-here': early,
  'recall': early,
  'seizing': { kind: 'live', state: 'trying', direction: 'initiator', hold: false },
  'in-use-mine': confirmed,
  'in-use-other': confirmed,
  'held-mine': held,
  'held-other': held,
  'held-private-mine': held,
  'held-private-other': confirmed,
});

/** `in-use-other` while the line is seizing looks like the seizer's own key: `trying`. */
const TAKING = SHAPES.seizing;

/** Everything of a document before its version number. */
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="';

/**
 * `dialogInfoBody(view, version)` from `dialogInfoBody(view, 0)`: the same text, without
 * rendering the view again (a NOTIFY to each of hundreds of subscribers renders its document
 * once). Throws a RangeError for a version that is not an integer >= 0 or a document not made
 * by `dialogInfoBody` with version 0.
 */
export function withVersion(version0Document: string, version: number): string {
  if (!Number.isSafeInteger(version) || version < 0) throw new RangeError(`withVersion: version must be an integer >= 0, got ${version}`);
  if (!version0Document.startsWith(HEAD) || version0Document.charCodeAt(HEAD.length) !== 48 /* '0' */ || version0Document.charCodeAt(HEAD.length + 1) !== 34 /* '"' */) {
    throw new RangeError('withVersion: not a dialog-info document of version 0');
  }
  return `${HEAD}${version}${version0Document.slice(HEAD.length + 1)}`;
}

/**
 * The RFC 4235 document one viewer gets for one line (lamps.md §4.2, §4.3): `state="full"`,
 * exactly one `<dialog>`, the given `version`, UTF-8 with every configured or PSTN text escaped.
 * Pure. Throws a TypeError if a lamp that shows a call comes without `view.call` (misuse).
 */
export function dialogInfoBody(view: DialogInfoView, version: number): string {
  if (!Number.isSafeInteger(version) || version < 0) throw new RangeError(`dialogInfoBody: version must be an integer >= 0, got ${version}`);
  const entity = lineUri(view);
  return `${HEAD}${version}" state="full" entity="${x(entity)}">\n`
    + dialogElement(view)
    + '</dialog-info>\n';
}

function dialogElement(view: DialogInfoView): string {
  const base = SHAPES[view.lamp];
  const shape = view.lamp === 'in-use-other' && view.lineSeizing ? TAKING : base;
  if (shape.kind === 'ended') {
    const state = shape.error ? '<state event="error">terminated</state>' : '<state>terminated</state>';
    return `  <dialog id="${x(`${view.line}-${view.lastSeq}`)}">${state}</dialog>\n`;
  }
  const call = view.call;
  if (call === null) throw new TypeError(`dialogInfoBody: view.call is required for lamp ${view.lamp} (line ${view.line})`);
  return `  <dialog ${handle(view, call)} direction="${directionOf(shape.direction, call)}">\n`
    + `    <state>${shape.state}</state>\n`
    + `    ${local(view, shape.hold)}\n`
    + remote(view, call)
    + '  </dialog>\n';
}

/** The line call's handle (presence.md §2): it names the line call, not any one phone leg. */
function handle(view: DialogInfoView, call: DialogInfoCall): string {
  const id = `${view.line}-${call.seq}`;
  return `id="${x(id)}" call-id="${x(`${id}@${view.domain}`)}" local-tag="l${call.seq}" remote-tag="r${call.seq}"`;
}

function directionOf(d: 'recipient' | 'initiator' | 'call', call: DialogInfoCall): string {
  if (d !== 'call') return d;
  return call.direction === 'in' ? 'recipient' : 'initiator';
}

function local(view: DialogInfoView, hold: boolean): string {
  const uri = x(lineUri(view));
  const identity = `<identity${display(view.label)}>${uri}</identity>`;
  if (!hold) return `<local>${identity}</local>`;
  return `<local>${identity}\n      <target uri="${uri}"><param pname="+sip.rendering" pvalue="no"/></target></local>`;
}

function remote(view: DialogInfoView, call: DialogInfoCall): string {
  if (!view.callerIdOn) return '';
  const id = remoteIdentity(call, view.domain);
  if (id === null) return '';
  return `    <remote><identity${display(id.display)}>${x(id.uri)}</identity></remote>\n`;
}

function display(name: string | null): string {
  return name === null || name === '' ? '' : ` display="${x(name)}"`;
}

function lineUri(view: DialogInfoView): string {
  return `sip:${sipUser(view.line)}@${view.domain}`;
}
