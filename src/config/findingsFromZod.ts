import type { z } from 'zod';
import type { Finding } from './Finding.js';
import type { KeyPath } from './keyPath.js';
import { isSecretKey } from './secretKeys.js';
import { unknownKeyMessage } from './unknownKeyMessage.js';

type Issue = z.core.$ZodIssue;

/** Explains a key that a strict mapping does not have, given the path of that mapping. */
export type UnknownKeyMessage = (parent: KeyPath, key: string) => string;

function valueAt(data: unknown, path: KeyPath): unknown {
  let node = data;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}

/** The offending value as an installer would recognise it in the file. */
function describe(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  return String(value);
}

function toKeyPath(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((seg) => (typeof seg === 'number' ? seg : String(seg)));
}

/**
 * A union branch "matches" when the value has the branch's form and only its details are wrong:
 * no complaint about the value as a whole, except keys it should not have.
 */
function matchingBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  const fitting = branches.filter((b) => b.every((i) => i.path.length > 0 || i.code === 'unrecognized_keys'));
  return fitting.length === 1 ? fitting[0] : undefined;
}

/**
 * Turns zod issues into findings that read well in an installer's terminal: unknown keys point at
 * the key and suggest the nearest one, missing keys name the key, bad values say what was found,
 * and a union (a line id or an object; `none` or `{forward}`) reports the form the author
 * evidently meant instead of both.
 */
export function findingsFromZod(
  issues: readonly Issue[],
  data: unknown,
  prefix: KeyPath = [],
  unknownKey: UnknownKeyMessage = unknownKeyMessage,
): Finding[] {
  const out: Finding[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...toKeyPath(issue.path)];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ path: [...path, key], anchor: 'key', severity: 'error', message: unknownKey(path, key) });
      }
      continue;
    }
    if (issue.code === 'invalid_key') {
      // A mapping's key has the wrong form (a key number that is not a number): point at the key.
      for (const inner of issue.issues) out.push({ path, anchor: 'key', severity: 'error', message: inner.message });
      continue;
    }
    if (issue.code === 'invalid_union') {
      const branch = matchingBranch(issue.errors);
      if (branch) {
        out.push(...findingsFromZod(branch, data, path, unknownKey));
        continue;
      }
    }
    const value = valueAt(data, path);
    const last = path[path.length - 1];
    // toJS() gives null for an empty value, so undefined can only mean the key is not there.
    if (value === undefined && typeof last === 'string') {
      out.push({ path, anchor: 'value', severity: 'error', message: `required key "${last}" is missing` });
      continue;
    }
    // At the top level the message already says what the document is; "found a list" adds nothing,
    // and neither does repeating a value the message already quotes (`unknown driver "sim-fx0"`).
    // A secret is never shown, whatever its type.
    const shown = describe(value);
    const quoted = typeof value === 'string' && issue.message.includes(shown);
    const found = path.length === 0 || quoted || isSecretKey(last) ? '' : `; found ${shown}`;
    out.push({ path, anchor: 'value', severity: 'error', message: `${issue.message}${found}` });
  }
  return out;
}
