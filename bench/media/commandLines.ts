import { createInterface } from 'node:readline';

/**
 * The child side of `JsonLineChild`: calls `handle` with each JSON command read from stdin (in
 * order, one at a time), and `onEnd` when stdin closes — the parent's cue to exit.
 */
export function commandLines(handle: (command: Record<string, unknown>) => Promise<void> | void, onEnd: () => Promise<void> | void): void {
  const rl = createInterface({ input: process.stdin });
  let chain = Promise.resolve();
  rl.on('line', (line) => {
    if (line.trim() === '') return;
    const command = JSON.parse(line) as Record<string, unknown>;
    chain = chain.then(() => handle(command)).catch((err: unknown) => {
      process.stderr.write(`command failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    });
  });
  rl.on('close', () => { void chain.then(onEnd); });
}

/** Prints one message for the parent. */
export function reply(message: Record<string, unknown> & { type: string }): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}
