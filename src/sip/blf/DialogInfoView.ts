import type { CallerId } from '../../core/callerId.js';
import type { Lamp } from '../../core/lamp.js';

/** The line call a dialog-info body describes (lamps.md §4.2): its handle and its far party. */
export interface DialogInfoCall {
  /** The per-line call sequence: the dialog id is `<line>-<seq>`, ids are never reused. */
  seq: number;
  direction: 'in' | 'out';
  /** The caller as the line reported it; null while not (yet) known. */
  callerId: CallerId | null;
  /** What was dialled on an outbound call ('' before the first digit). */
  digits: string;
}

/**
 * Everything one dialog-info document for one (viewer, line) is built from: plain data, no SIP
 * and no core objects, so the body is a pure function of it (`dialogInfoBody`). `lineView()`
 * builds it from the key system for local lines; remote lines build it from their subscription.
 */
export interface DialogInfoView {
  line: string;
  /** The line's label: the display name of `<local><identity>`. */
  label: string;
  /** The site domain: the entity is `sip:<line>@<domain>`. */
  domain: string;
  /** The viewer's lamp (lamps.md §2): the lamp alone picks the `<state>`. */
  lamp: Lamp;
  /**
   * The current line call. MUST be set for every lamp but `idle`, `out-of-service` and `unknown`;
   * ignored for those three, whose body is the latest call's dialog, terminated.
   */
  call: DialogInfoCall | null;
  /** The seq of the line's latest call, 0 if it never had one: the id of the terminated dialog. */
  lastSeq: number;
  /** The line is `seizing`: `in-use-other` is then shown `trying`, not `confirmed`. */
  lineSeizing: boolean;
  /** The line's `callerId` option (of the call's options snapshot): whether `<remote>` is shown. */
  callerIdOn: boolean;
}
