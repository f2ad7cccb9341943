import type { CallLogEntry } from '../control/messages.js';
import type { CliIo } from './CliIo.js';
import { formatCalls } from './formatCalls.js';
import { parseCommandArgs } from './parseCommandArgs.js';
import { UsageError } from './UsageError.js';
import { COMMAND_USAGE } from './usage.js';
import { withClient } from './withClient.js';

/** `keyline calls [--json] [--limit N]`. */
export async function callsCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, { options: { limit: { type: 'string' } }, min: 0, max: 0, usage: COMMAND_USAGE.calls });
  if (parsed.help) {
    io.stdout.write(`${COMMAND_USAGE.calls}\n`);
    return 0;
  }
  const limit = parseLimit(parsed.options['limit']);
  const command = limit === undefined ? { cmd: 'calls' as const } : { cmd: 'calls' as const, limit };
  // The service answers `calls` with CallLogEntry[] (control/messages.ts).
  const entries = (await withClient(parsed.socketPath, (client) => client.request(command))) as CallLogEntry[];
  io.stdout.write(parsed.json ? `${JSON.stringify(entries, null, 2)}\n` : formatCalls(entries));
  return 0;
}

function parseLimit(value: string | boolean | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  if (!/^[1-9]\d{0,8}$/.test(value)) throw new UsageError(`--limit takes a positive whole number, not "${value}"`, COMMAND_USAGE.calls);
  return Number(value);
}
