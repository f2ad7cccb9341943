import type { SystemStatus } from '../control/messages.js';
import type { CliIo } from './CliIo.js';
import { formatStatus } from './formatStatus.js';
import { parseCommandArgs } from './parseCommandArgs.js';
import { COMMAND_USAGE } from './usage.js';
import { withClient } from './withClient.js';

/** `keyline status [--json]`. */
export async function statusCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, { min: 0, max: 0, usage: COMMAND_USAGE.status });
  if (parsed.help) {
    io.stdout.write(`${COMMAND_USAGE.status}\n`);
    return 0;
  }
  // The service answers `status` with a SystemStatus (control/messages.ts).
  const status = (await withClient(parsed.socketPath, (client) => client.request({ cmd: 'status' }))) as SystemStatus;
  io.stdout.write(parsed.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
  return 0;
}
