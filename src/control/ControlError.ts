import type { ControlErrorCode } from './messages.js';

/**
 * An expected failure of a control request (STYLE.md 6). A handler throws it and the client gets
 * `{ ok: false, error: { code, message } }`; any other exception becomes `INTERNAL`.
 */
export class ControlError extends Error {
  override readonly name = 'ControlError';

  constructor(
    readonly code: ControlErrorCode,
    message: string,
  ) {
    super(message);
  }
}
