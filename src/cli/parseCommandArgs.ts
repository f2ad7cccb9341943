import { parseArgs } from 'node:util';
import { defaultSocketPath } from '../control/socketPath.js';
import { UsageError } from './UsageError.js';

export type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

export interface CommandArgs {
  positionals: string[];
  /** Command options by name: a string, `true` for a flag, undefined when not given. */
  options: Record<string, string | boolean | undefined>;
  json: boolean;
  help: boolean;
  socketPath: string;
}

/**
 * Parses one command's arguments: its own options plus `--socket PATH`, `--json` and `--help`.
 * Anything else, or a positional count outside `[min, max]`, is a `UsageError` carrying `usage`.
 */
export function parseCommandArgs(args: string[], spec: { options?: OptionSpec; min: number; max: number; usage: string }): CommandArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      options: {
        ...spec.options,
        socket: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(firstSentence(error instanceof Error ? error.message : String(error)), spec.usage);
  }
  const { socket, json, help, ...options } = parsed.values;
  const result: CommandArgs = {
    positionals: parsed.positionals,
    options: flatten(options),
    json: json === true,
    help: help === true,
    socketPath: typeof socket === 'string' ? socket : defaultSocketPath(),
  };
  if (result.help) return result;
  const count = result.positionals.length;
  if (count < spec.min) throw new UsageError('missing argument', spec.usage);
  if (count > spec.max) throw new UsageError(`unexpected argument "${result.positionals[spec.max] ?? ''}"`, spec.usage);
  return result;
}

function flatten(values: Record<string, string | boolean | Array<string | boolean> | undefined>): CommandArgs['options'] {
  const options: CommandArgs['options'] = {};
  for (const [name, value] of Object.entries(values)) options[name] = Array.isArray(value) ? value.at(-1) : value;
  return options;
}

function firstSentence(message: string): string {
  const end = message.indexOf('. ');
  return end === -1 ? message : message.slice(0, end);
}
