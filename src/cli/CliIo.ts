/** Where a command writes; `process.stdout` and `process.stderr` fit, and so does a test buffer. */
export interface CliStream {
  write(text: string): unknown;
  isTTY?: boolean;
  /** Terminal height; the live board is cut to fit so it redraws in place. */
  rows?: number;
}

export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  /** Ends `keyline watch` with exit 0 when aborted. Default: SIGINT or SIGTERM. */
  interrupt?: AbortSignal;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr };
}
