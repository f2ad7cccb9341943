/**
 * Whether `err` was thrown by sip.js's own code: the top frame of its stack is in the sip.js
 * package. The service logs such an exception and goes on (sip.js throws from its own timer
 * callbacks, e.g. a transaction that times out after its dialog went away), but an error thrown
 * by keyline's code is a crash even when sip.js called that code (a delegate, a transport
 * callback): the process puts every line on-hook and exits, and systemd restarts it. Matching
 * anywhere in the stack instead would swallow keyline's own bugs and leave the service running
 * in a state nobody checked.
 */
export function thrownBySipjs(err: unknown): err is Error & { stack: string } {
  if (!(err instanceof Error) || typeof err.stack !== 'string') return false;
  const top = err.stack.split('\n').find((line) => /^\s+at /.test(line));
  return top !== undefined && /[\\/]node_modules[\\/]sip\.js[\\/]/.test(top);
}
