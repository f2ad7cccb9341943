import { z } from 'zod';
import { MAX_DURATION_S, secondsToMs } from './schemaPrimitives.js';

/**
 * Values of the `sip:` section and of SIP stations. A password is never echoed: not in a message
 * here, and findingsFromZod never shows the value of a `password` key.
 */

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
export const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** Digest usernames also form the user part of the phone's address: RFC 3261 unreserved characters. */
const USERNAME = /^[A-Za-z0-9._~+-]{1,64}$/;

/** A realm is sent as a quoted string: no quote, backslash or control character. */
const REALM = /^[\x20\x21\x23-\x5b\x5d-\x7e]{1,128}$/;

export function ipv4() {
  return z
    .string({ error: 'expected an IPv4 address such as "192.168.1.10", or "0.0.0.0" for every address of this box' })
    .regex(IPV4, 'expected an IPv4 address such as "192.168.1.10", or "0.0.0.0" for every address of this box');
}

/** The host phones reach this box at: an IPv4 address or a DNS name, never "every address". */
export function advertisedHost() {
  const what = 'expected the IPv4 address or DNS name phones reach this box at, such as "192.168.1.10"';
  return z
    .string({ error: what })
    .refine((s) => IPV4.test(s) || HOSTNAME.test(s), what)
    .refine((s) => s !== '0.0.0.0', '0.0.0.0 means "every address" and cannot be reached: write the address phones use');
}

export function portNumber() {
  return z
    .number({ error: 'expected a port number, 1 to 65535' })
    .int('expected a port number, 1 to 65535')
    .min(1, 'expected a port number, 1 to 65535')
    .max(65535, 'expected a port number, 1 to 65535');
}

/** SIP Expires values are whole seconds; delivered in milliseconds. */
export function wholeSeconds(max = MAX_DURATION_S, tooLong = `must be at most ${MAX_DURATION_S} s, the longest timer the service can run`) {
  return z
    .number({ error: 'expected a whole number of seconds (1 or more)' })
    .int('expected a whole number of seconds: SIP expiry intervals are whole seconds')
    .min(1, 'must be at least 1 s: 0 would remove a registration as soon as it is made')
    .max(max, tooLong)
    .transform(secondsToMs);
}

export function realm() {
  return z
    .string({ error: 'expected a realm such as "branch7.example.net"' })
    .regex(REALM, 'a realm is 1 to 128 printable characters without " or \\');
}

/** YAML reads 201 as a number and 0201 as 201: a username or password must be written as text. */
function quoteHint(key: string, example: string): string {
  return `expected the ${key} as text: write it in quotes, e.g. ${key}: "${example}" (YAML reads an unquoted number as a number)`;
}

export function username() {
  return z
    .string({ error: (issue) => (typeof issue.input === 'number' ? quoteHint('username', '201') : 'expected a username') })
    .regex(USERNAME, 'a username is 1 to 64 letters, digits or the characters . _ ~ + -');
}

function characters(s: string): number {
  return [...s].length;
}

export function password() {
  return z
    .string({ error: (issue) => (typeof issue.input === 'number' ? quoteHint('password', '…') : 'expected the password as text, in quotes') })
    .superRefine((value, ctx) => {
      const n = characters(value);
      if (n < MIN_PASSWORD_LENGTH) ctx.addIssue({ code: 'custom', message: `password is too short (${n} characters, at least ${MIN_PASSWORD_LENGTH})` });
      else if (n > MAX_PASSWORD_LENGTH) ctx.addIssue({ code: 'custom', message: `password is too long (${n} characters, at most ${MAX_PASSWORD_LENGTH})` });
    });
}
