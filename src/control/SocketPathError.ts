/** Why the control socket path cannot be taken: `IN_USE` by a live service, or `NOT_SOCKET`. */
export class SocketPathError extends Error {
  override readonly name = 'SocketPathError';

  constructor(
    readonly code: 'IN_USE' | 'NOT_SOCKET',
    message: string,
  ) {
    super(message);
  }
}
