import type { SystemStatus } from '../control/messages.js';
import type { CliIo } from './CliIo.js';
import { formatLegs, formatRegistrations, formatSubscriptions } from './formatSip.js';
import type { SipView } from './formatSip.js';
import { parseCommandArgs } from './parseCommandArgs.js';
import { COMMAND_USAGE } from './usage.js';
import { UsageError } from './UsageError.js';
import { withClient } from './withClient.js';

export const SIP_OFF = 'SIP is off (no sip: section in the configuration)';

/** What each `keyline sip` subcommand shows of the status's `sip` part, as a table and as JSON. */
const VIEWS = {
  registrations: { table: (sip: SipView, now: number) => formatRegistrations(sip, now), json: (sip: SipView) => sip.registrations },
  subscriptions: { table: (sip: SipView) => formatSubscriptions(sip), json: (sip: SipView) => sip.subscriptions },
  legs: { table: (sip: SipView) => formatLegs(sip), json: (sip: SipView) => sip.legs },
} as const;

/**
 * `keyline sip registrations|subscriptions|legs [--json]`: the SIP part of `status`, no command of
 * its own. With SIP off: the note (on stderr and `null` on stdout with --json), exit 0.
 */
export async function sipCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, { min: 1, max: 1, usage: COMMAND_USAGE.sip });
  if (parsed.help) {
    io.stdout.write(`${COMMAND_USAGE.sip}\n`);
    return 0;
  }
  const name = parsed.positionals[0] ?? '';
  if (!Object.hasOwn(VIEWS, name)) throw new UsageError(`unknown sip subcommand "${name}"`, COMMAND_USAGE.sip);
  const view = VIEWS[name as keyof typeof VIEWS];
  // The service answers `status` with a SystemStatus (control/messages.ts).
  const status = (await withClient(parsed.socketPath, (client) => client.request({ cmd: 'status' }))) as SystemStatus;
  const sip = status.sip;
  if (sip === undefined) {
    if (parsed.json) {
      io.stdout.write('null\n');
      io.stderr.write(`keyline: ${SIP_OFF}\n`);
    } else {
      io.stdout.write(`${SIP_OFF}\n`);
    }
    return 0;
  }
  io.stdout.write(parsed.json ? `${JSON.stringify(view.json(sip), null, 2)}\n` : view.table(sip, status.t));
  return 0;
}
