import type { ControlErrorCode } from '../control/messages.js';

/**
 * The service answered a request with an error, or stopped answering: `TIMEOUT` (no answer in
 * time) or `CLOSED` (the connection ended). Exit code 1.
 */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';

  constructor(
    readonly code: ControlErrorCode | 'TIMEOUT' | 'CLOSED',
    message: string,
  ) {
    super(message);
  }
}
