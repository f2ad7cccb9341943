import { z } from 'zod';
import type { ControlRequest } from './messages.js';

const MAX_ID_LENGTH = 200;
const id = z.number().int().nonnegative();
const name = z.string().min(1).max(MAX_ID_LENGTH);
const digits = z.string().regex(/^[0-9*#A-Da-d,wW]{0,64}$/, 'expected up to 64 dial digits (0-9 * # A-D , w)');

function request<C extends string, S extends z.ZodRawShape>(cmd: C, shape: S) {
  return z.strictObject({ id, cmd: z.literal(cmd), ...shape });
}

type SchemaFor<C extends ControlRequest['cmd']> = z.ZodType<Extract<ControlRequest, { cmd: C }>>;

/**
 * One strict schema per command: unknown fields are refused so a misspelt option is named, not
 * ignored. Keyed by command, so a command added to `ControlCommand` without a schema fails the
 * type check.
 */
export const REQUEST_SCHEMAS: { readonly [C in ControlRequest['cmd']]: SchemaFor<C> } = {
  status: request('status', {}),
  watch: request('watch', {}),
  calls: request('calls', { limit: z.number().int().positive().optional() }),
  reload: request('reload', {}),
  'sim.ring': request('sim.ring', {
    line: name,
    number: z.string().max(64).optional(),
    name: z.string().max(64).optional(),
    withheld: z.enum(['P', 'O']).optional(),
  }),
  'sim.hangup': request('sim.hangup', { line: name }),
  'sim.offhook': request('sim.offhook', { station: name, digits: digits.optional() }),
  'sim.onhook': request('sim.onhook', { station: name }),
  'sim.press': request('sim.press', { station: name, line: name, digits: digits.optional() }),
  'sim.hold': request('sim.hold', { station: name }),
  'sim.answer': request('sim.answer', { station: name, line: name.optional() }),
  'sim.decline': request('sim.decline', { station: name, line: name }),
  'sim.reachable': request('sim.reachable', { station: name, reachable: z.boolean() }),
  'sim.battery': request('sim.battery', { line: name, present: z.boolean() }),
  'sim.panelPress': request('sim.panelPress', { panel: name, key: z.number().int().nonnegative() }),
  'sim.play': request('sim.play', {
    line: name,
    tone: z.number().gt(0).lt(4000).optional(),
    file: z.string().min(1).max(4096).optional(),
    loop: z.boolean().optional(),
    silence: z.literal(true).optional(),
  }).refine((r) => [r.tone, r.file, r.silence].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of tone, file or silence',
  }),
  'sim.heard': request('sim.heard', { line: name, clear: z.boolean().optional() }),
  'sim.dtmf': request('sim.dtmf', { line: name, digits: z.string().regex(/^[0-9*#A-D]{1,64}$/, 'expected 1 to 64 DTMF digits (0-9 * # A-D)') }),
};

export const KNOWN_COMMANDS = Object.keys(REQUEST_SCHEMAS) as ReadonlyArray<ControlRequest['cmd']>;

export function isKnownCommand(cmd: string): cmd is ControlRequest['cmd'] {
  return Object.hasOwn(REQUEST_SCHEMAS, cmd);
}

export const requestIdSchema = id;
