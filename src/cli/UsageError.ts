/** A command line keyline cannot run: unknown command, missing or bad argument. Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';

  /** `usage`: the synopsis of the command concerned, shown below the message. */
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
}
