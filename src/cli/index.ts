import { callsCommand } from './callsCommand.js';
import { doctorCommand } from './doctorCommand.js';
import { installServiceCommand } from './installServiceCommand.js';
import { processIo, type CliIo } from './CliIo.js';
import { reloadCommand } from './reloadCommand.js';
import { ServiceError } from './ServiceError.js';
import { simCommand } from './simCommand.js';
import { sipCommand } from './sipCommand.js';
import { statusCommand } from './statusCommand.js';
import { UnreachableError } from './UnreachableError.js';
import { COMMAND_USAGE, isCommandName, usage } from './usage.js';
import { UsageError } from './UsageError.js';
import { watchCommand } from './watchCommand.js';

export type { CliIo, CliStream } from './CliIo.js';

const COMMANDS: Readonly<Record<string, (args: string[], io: CliIo) => Promise<number>>> = {
  status: statusCommand,
  watch: watchCommand,
  calls: callsCommand,
  reload: reloadCommand,
  sim: simCommand,
  sip: sipCommand,
  doctor: (args, io) => doctorCommand(args, io),
  'install-service': (args, io) => installServiceCommand(args, io),
};

/**
 * The `keyline` command line, except `run` and `config`, which `src/main.ts` handles itself.
 * Returns the exit code: 0 done, 1 the service failed or is unreachable, 2 bad command line.
 */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.stdout.write(helpFor(args[0]));
      return 0;
    }
    const run = COMMANDS[command];
    if (run !== undefined) return await run(args, io);
    if (command === 'run' || command === 'config') {
      throw new UsageError(`"${command}" is run by the service entry point, not by this command line`);
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    return report(error, io);
  }
}

function helpFor(topic: string | undefined): string {
  if (topic === undefined) return usage();
  if (!isCommandName(topic)) throw new UsageError(`no help for "${topic}": unknown command`);
  return `${COMMAND_USAGE[topic]}\n`;
}

function report(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    const hint = error.usage === undefined ? 'run `keyline help` for usage' : `usage:\n${indent(error.usage)}`;
    io.stderr.write(`keyline: ${error.message}\n${hint}\n`);
    return 2;
  }
  if (error instanceof UnreachableError || error instanceof ServiceError) {
    io.stderr.write(`keyline: ${error.message}\n`);
    return 1;
  }
  io.stderr.write(`keyline: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
