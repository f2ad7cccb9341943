import { resolve } from 'node:path';
import type { SimCommand } from '../control/messages.js';
import { parseCommandArgs } from './parseCommandArgs.js';
import { UsageError } from './UsageError.js';

type SimOption = 'number' | 'name' | 'withheld' | 'digits' | 'tone' | 'file' | 'once' | 'silence' | 'out' | 'clear';

/** Options that are flags; the others take a value. */
const FLAGS: ReadonlySet<SimOption> = new Set(['once', 'silence', 'clear']);

interface SimSpec {
  synopsis: string;
  /** Required positional arguments, then how many optional ones may follow. */
  required: number;
  optional?: number;
  options?: readonly SimOption[];
  build(args: readonly string[], options: Partial<Record<SimOption, string | true>>): SimCommand;
}

const SPECS: Readonly<Record<string, SimSpec>> = {
  ring: {
    synopsis: 'ring LINE [--number N] [--name NAME] [--withheld P|O]',
    required: 1,
    options: ['number', 'name', 'withheld'],
    build: ([line = ''], { number, name, withheld }) => ({
      cmd: 'sim.ring', line, ...defined({ number, name }), ...(typeof withheld === 'string' ? { withheld: parseWithheld(withheld) } : {}),
    }),
  },
  hangup: { synopsis: 'hangup LINE                 the far end hangs up or stops ringing', required: 1, build: ([line = '']) => ({ cmd: 'sim.hangup', line }) },
  offhook: {
    synopsis: 'offhook STATION [--digits D]',
    required: 1,
    options: ['digits'],
    build: ([station = ''], { digits }) => ({ cmd: 'sim.offhook', station, ...defined({ digits }) }),
  },
  onhook: { synopsis: 'onhook STATION', required: 1, build: ([station = '']) => ({ cmd: 'sim.onhook', station }) },
  press: {
    synopsis: 'press STATION LINE [--digits D]',
    required: 2,
    options: ['digits'],
    build: ([station = '', line = ''], { digits }) => ({ cmd: 'sim.press', station, line, ...defined({ digits }) }),
  },
  hold: { synopsis: 'hold STATION', required: 1, build: ([station = '']) => ({ cmd: 'sim.hold', station }) },
  answer: {
    synopsis: 'answer STATION [LINE]',
    required: 1,
    optional: 1,
    build: ([station = '', line]) => ({ cmd: 'sim.answer', station, ...defined({ line }) }),
  },
  decline: { synopsis: 'decline STATION LINE', required: 2, build: ([station = '', line = '']) => ({ cmd: 'sim.decline', station, line }) },
  reachable: {
    synopsis: 'reachable STATION on|off',
    required: 2,
    build: ([station = '', state = '']) => ({ cmd: 'sim.reachable', station, reachable: parseOnOff(state) }),
  },
  battery: {
    synopsis: 'battery LINE on|off',
    required: 2,
    build: ([line = '', state = '']) => ({ cmd: 'sim.battery', line, present: parseOnOff(state) }),
  },
  play: {
    synopsis: 'play LINE --tone HZ | --file F.wav [--once] | --silence   what the far party says',
    required: 1,
    options: ['tone', 'file', 'once', 'silence'],
    build: ([line = ''], { tone, file, once, silence }) => {
      const given = [tone, file, silence].filter((v) => v !== undefined).length;
      if (given !== 1) throw new UsageError('give exactly one of --tone HZ, --file F.wav or --silence');
      if (typeof tone === 'string') return { cmd: 'sim.play', line, tone: parseHz(tone) };
      if (typeof file === 'string') return { cmd: 'sim.play', line, file: resolve(file), ...(once === true ? { loop: false } : {}) };
      return { cmd: 'sim.play', line, silence: true };
    },
  },
  dtmf: {
    synopsis: 'dtmf LINE DIGITS                           the far party sends DTMF',
    required: 2,
    build: ([line = '', digits = '']) => ({ cmd: 'sim.dtmf', line, digits: digits.toUpperCase() }),
  },
  heard: {
    synopsis: 'heard LINE --out F.wav [--clear]             what the far party heard, as a WAV file',
    required: 1,
    options: ['out', 'clear'],
    build: ([line = ''], { clear }) => ({ cmd: 'sim.heard', line, ...(clear === true ? { clear: true } : {}) }),
  },
  'panel-press': {
    synopsis: 'panel-press PANEL KEY',
    required: 2,
    build: ([panel = '', key = '']) => ({ cmd: 'sim.panelPress', panel, key: parseKey(key) }),
  },
};

export const SIM_USAGE = Object.values(SPECS)
  .map((spec) => `keyline sim ${spec.synopsis}`)
  .join('\n');

export type SimArgs = { help: string } | { help: null; command: SimCommand; socketPath: string; json: boolean; out?: string };

/**
 * `keyline sim SUB ...` to the SimCommand the service runs, or a UsageError naming what is wrong.
 * With `--help`, `help` holds the usage to print.
 */
export function parseSimArgs(args: readonly string[]): SimArgs {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h' || sub === 'help') return { help: SIM_USAGE };
  if (sub === undefined) throw new UsageError('sim needs a subcommand', SIM_USAGE);
  const spec = SPECS[sub];
  if (spec === undefined) throw new UsageError(`unknown sim subcommand "${sub}"`, SIM_USAGE);
  const usage = `keyline sim ${spec.synopsis}`;
  const allowed = spec.options ?? [];
  const parsed = parseCommandArgs(rest, {
    options: Object.fromEntries(allowed.map((name) => [name, { type: FLAGS.has(name) ? 'boolean' as const : 'string' as const }])),
    min: spec.required,
    max: spec.required + (spec.optional ?? 0),
    usage,
  });
  if (parsed.help) return { help: usage };
  const options: Partial<Record<SimOption, string | true>> = {};
  for (const name of allowed) {
    const value = parsed.options[name];
    if (typeof value === 'string' || value === true) options[name] = value;
  }
  if (sub === 'heard' && typeof options.out !== 'string') throw new UsageError('heard needs --out F.wav', usage);
  try {
    const command = spec.build(parsed.positionals, options);
    const out = typeof options.out === 'string' ? { out: resolve(options.out) } : {};
    return { help: null, command, socketPath: parsed.socketPath, json: parsed.json, ...out };
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(error.message, usage);
    throw error;
  }
}

function parseHz(value: string): number {
  const hz = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(hz > 0 && hz < 4000)) throw new UsageError(`--tone takes a frequency in Hz below 4000, not "${value}"`);
  return hz;
}

function defined<T extends Record<string, string | true | undefined>>(fields: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: string };
}

function parseOnOff(value: string): boolean {
  if (value === 'on') return true;
  if (value === 'off') return false;
  throw new UsageError(`expected on or off, not "${value}"`);
}

function parseWithheld(value: string): 'P' | 'O' {
  const upper = value.toUpperCase();
  if (upper === 'P' || upper === 'O') return upper;
  throw new UsageError(`--withheld takes P (private) or O (unavailable), not "${value}"`);
}

function parseKey(value: string): number {
  if (!/^\d{1,4}$/.test(value)) throw new UsageError(`KEY is a key number, not "${value}"`);
  return Number(value);
}
