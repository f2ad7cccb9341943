import type { ReloadResult } from '../control/messages.js';
import type { CliIo } from './CliIo.js';
import { parseCommandArgs } from './parseCommandArgs.js';
import { COMMAND_USAGE } from './usage.js';
import { withClient } from './withClient.js';

/** `keyline reload [--json]`: exit 0 when applied, 1 when the file was rejected. */
export async function reloadCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, { min: 0, max: 0, usage: COMMAND_USAGE.reload });
  if (parsed.help) {
    io.stdout.write(`${COMMAND_USAGE.reload}\n`);
    return 0;
  }
  // The service answers `reload` with a ReloadResult (control/messages.ts).
  const result = (await withClient(parsed.socketPath, (client) => client.request({ cmd: 'reload' }))) as ReloadResult;
  if (parsed.json) {
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return result.applied ? 0 : 1;
  }
  if (!result.applied) {
    io.stderr.write(`keyline: configuration rejected, nothing changed:\n${bullets(result.errors)}`);
    return 1;
  }
  const out = ['configuration reloaded\n'];
  if (result.changes.length > 0) out.push(`applied:\n${bullets(result.changes)}`);
  if (result.pending.length > 0) out.push(`pending until their calls end:\n${bullets(result.pending)}`);
  if (result.changes.length === 0 && result.pending.length === 0) out.push('no changes\n');
  io.stdout.write(out.join(''));
  return 0;
}

function bullets(items: readonly string[]): string {
  return items.map((item) => `  ${item}\n`).join('');
}
