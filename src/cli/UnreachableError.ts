/** The control socket cannot be reached: the service is not running, or this user may not use it. Exit code 1. */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';

  constructor(
    readonly path: string,
    readonly code: string,
  ) {
    super(
      code === 'EACCES'
        ? `permission denied on ${path} (is this user in the keyline group?)`
        : `cannot reach the keyline service at ${path} (is it running? start it with \`keyline run\`)`,
    );
  }
}
