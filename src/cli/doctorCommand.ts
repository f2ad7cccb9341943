import type { CliIo } from './CliIo.js';
import type { DoctorProbe } from './doctor/DoctorProbe.js';
import { formatFindings } from './doctor/formatFindings.js';
import { runDoctor } from './doctor/runDoctor.js';
import { systemProbe } from './doctor/systemProbe.js';
import { parseCommandArgs } from './parseCommandArgs.js';
import { COMMAND_USAGE } from './usage.js';

/** Where systemd's RuntimeDirectory=keyline puts the socket, for an SSH session that has no $RUNTIME_DIRECTORY. */
export const SERVICE_SOCKET = '/run/keyline/control.sock';

/**
 * `keyline doctor [--board F] [--socket S] [--unit U] [--json]`: what is plugged in and which
 * board entry it is, device permissions, ModemManager, libusb, the systemd unit and notify state,
 * and the running service's lines and SIP, each problem with advice. Exit 1 when one fails.
 */
export async function doctorCommand(args: string[], io: CliIo, probe: DoctorProbe = systemProbe()): Promise<number> {
  const usage = COMMAND_USAGE.doctor;
  const parsed = parseCommandArgs(args, { min: 0, max: 0, usage, options: { board: { type: 'string' }, unit: { type: 'string' } } });
  if (parsed.help) {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  const explicit = args.some((a) => a === '--socket' || a.startsWith('--socket='));
  const sockets = explicit ? [parsed.socketPath] : [...new Set([parsed.socketPath, SERVICE_SOCKET])];
  const board = typeof parsed.options['board'] === 'string' ? parsed.options['board'] : null;
  const unit = typeof parsed.options['unit'] === 'string' ? parsed.options['unit'] : 'keyline.service';
  const findings = await runDoctor(probe, { boardPath: board, sockets, unit });
  io.stdout.write(parsed.json ? `${JSON.stringify(findings, null, 2)}\n` : formatFindings(findings));
  return findings.some((f) => f.level === 'fail') ? 1 : 0;
}
