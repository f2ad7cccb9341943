import type { KeyPath } from './keyPath.js';

/** Keys whose values are secrets: no message or key path ever shows what was written there. */
export const SECRET_KEYS: ReadonlySet<string | number> = new Set(['password']);

export function isSecretKey(seg: string | number | undefined): boolean {
  return seg !== undefined && SECRET_KEYS.has(seg);
}

/**
 * The path cut after its first secret key: text under one (a password that YAML read as a
 * mapping, `password: abc x: y`) would otherwise show up as a key.
 */
export function withoutSecrets(path: KeyPath): KeyPath {
  const at = path.findIndex((seg) => isSecretKey(seg));
  return at < 0 ? path : path.slice(0, at + 1);
}
