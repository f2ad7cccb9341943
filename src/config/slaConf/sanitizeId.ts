const MAX_ID = 32;

/**
 * Turns an Asterisk section name into a keyline id (`[a-z][a-z0-9-]{0,31}`), unique among
 * `taken` (which it extends). Names that do not start with a letter, such as extension numbers
 * (`[201]`), get `prefix-` in front so they stay recognisable.
 */
export function sanitizeId(name: string, prefix: string, taken: Set<string>): string {
  let base = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(base)) base = base === '' ? prefix : `${prefix}-${base}`;
  base = base.slice(0, MAX_ID).replace(/-+$/, '');
  let id = base;
  for (let n = 2; taken.has(id); n++) {
    const suffix = `-${n}`;
    id = `${base.slice(0, MAX_ID - suffix.length).replace(/-+$/, '')}${suffix}`;
  }
  taken.add(id);
  return id;
}
