import type { Lamp } from '../../core/lamp.js';
import type { LineContext } from '../../core/lineContext.js';
import type { LineStateName } from '../../core/status.js';
import type { DialogInfoView } from './DialogInfoView.js';

/** The part of the key system a local line's view is read from (structurally `KeySystem`). */
export interface LineViewSource {
  lamp(station: string | null, line: string): Lamp | null;
  lineContext(line: string): Pick<LineContext, 'def' | 'seq' | 'call'> | undefined;
  lineState(line: string): LineStateName | undefined;
}

/**
 * The dialog-info view of a local line for one viewer (`null`: the outsider view, lamps.md §2),
 * read from the key system now; null if there is no such line or the viewer has no appearance
 * of it. Pure over the source: call it at the moment the body is sent.
 */
export function lineView(source: LineViewSource, viewer: string | null, line: string, domain: string): DialogInfoView | null {
  const lamp = source.lamp(viewer, line);
  const ctx = source.lineContext(line);
  if (lamp === null || ctx === undefined) return null;
  const call = ctx.call;
  return {
    line,
    label: ctx.def.label,
    domain,
    lamp,
    call: call === null ? null : { seq: call.seq, direction: call.direction, callerId: call.callerId, digits: call.digits },
    lastSeq: ctx.seq,
    lineSeizing: source.lineState(line) === 'seizing',
    // A call keeps the options it started with (sla.md §11); between calls the line's own apply.
    callerIdOn: call?.opts.callerId ?? ctx.def.options.callerId,
  };
}
