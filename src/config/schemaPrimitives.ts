import { z } from 'zod';
import type { Ms } from '../core/time.js';

/** sla.md §2: ids of lines and stations. */
export const ID_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * The longest duration accepted, in seconds. Node's timers hold at most 2^31−1 ms (about 24.8
 * days) and silently fire after 1 ms when asked for more, so a larger `holdDropAfter` would drop
 * every held call at once instead of never.
 */
export const MAX_DURATION_S = 2_147_483;

/** YAML durations are seconds with millisecond resolution; the core counts integer milliseconds. */
export function secondsToMs(seconds: number): Ms {
  return Math.round(seconds * 1000);
}

const NUMBER_OF_SECONDS = 'expected a number of seconds (0 or more)';
const TOO_LONG = `must be at most ${MAX_DURATION_S} s (about 24.8 days), the longest timer the service can run`;

const NEGATIVE = 'must not be negative: durations are seconds, 0 or more';

/** A duration in seconds, 0 or more, delivered in milliseconds. */
export function duration() {
  return z
    .number({ error: NUMBER_OF_SECONDS })
    .min(0, NEGATIVE)
    .max(MAX_DURATION_S, TOO_LONG)
    // Rounding to the millisecond must not turn a tiny timer into 0, which means "off".
    .refine((s) => s <= 0 || secondsToMs(s) > 0, 'is below the 1 ms resolution: it would round to 0, which switches the timer off')
    .transform(secondsToMs);
}

/** A duration where 0 has no meaning and would break the service; `why` tells the installer. */
export function positiveDuration(why: string) {
  return z
    .number({ error: 'expected a number of seconds (more than 0)' })
    .min(0.001, { error: (issue) => (typeof issue.input === 'number' && issue.input < 0 ? NEGATIVE : `must be at least 0.001 s: ${why}`) })
    .max(MAX_DURATION_S, TOO_LONG)
    .transform(secondsToMs);
}

export function id(what: string) {
  return z
    .string({ error: `expected ${what} id` })
    .regex(ID_PATTERN, `${what} id is a lower-case letter followed by up to 31 lower-case letters, digits or "-"`);
}

/** A reference to something declared elsewhere (a line, a port, a panel): checked by name later. */
export function name(what: string) {
  return z.string({ error: `expected ${what}` }).min(1, `${what} must not be empty`);
}

const YAML11_BOOLEAN = /^(yes|no|on|off|y|n)$/i;

export function bool() {
  return z.boolean({
    error: (issue) =>
      typeof issue.input === 'string' && YAML11_BOOLEAN.test(issue.input)
        ? 'expected true or false (YAML 1.2 reads yes/no/on/off as text, not as a boolean)'
        : 'expected true or false',
  });
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected one of: ${values.join(', ')}` });
}

export function wholeNumber(min: number, why: string) {
  return z
    .number({ error: `expected a whole number, ${min} or more` })
    .int(`expected a whole number, ${min} or more`)
    .min(min, why);
}

const SIP_URI = /^sips?:[^\s]+$/i;

export function sipUri() {
  return z
    .string({ error: 'expected a SIP URI such as "sip:vm@pbx.example"' })
    .regex(SIP_URI, 'the forward target must be a sip: or sips: URI, such as "sip:vm@pbx.example"');
}

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export function hostname() {
  return z
    .string({ error: 'expected a domain name such as "branch7.example.net"' })
    .regex(HOSTNAME, 'expected a domain name such as "branch7.example.net" (letters, digits, "-" and dots)');
}
