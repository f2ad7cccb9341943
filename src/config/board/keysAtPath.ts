import { z } from 'zod';
import type { KeyPath } from '../keyPath.js';

type Schema = z.core.$ZodType;

/** The schema that checks a value, past optional, nullable, default and transform wrappers. */
function unwrap(schema: Schema): Schema {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) s = s.unwrap() as Schema;
    else if (s instanceof z.ZodPipe) s = s.in as Schema;
    else return s;
  }
}

/** The schemas a path segment leads to: several under a union. */
function descend(schema: Schema, seg: string | number): Schema[] {
  const s = unwrap(schema);
  if (s instanceof z.ZodUnion) return (s.options as Schema[]).flatMap((o) => descend(o, seg));
  if (s instanceof z.ZodObject) {
    const child = (s.shape as Record<string, Schema>)[String(seg)];
    return child ? [child] : [];
  }
  if (s instanceof z.ZodArray) return typeof seg === 'number' ? [s.element as Schema] : [];
  if (s instanceof z.ZodRecord) return [s.valueType as Schema];
  return [];
}

/** The names an enum (or a union of enums) accepts. */
function namesOf(schema: Schema): string[] {
  const s = unwrap(schema);
  if (s instanceof z.ZodUnion) return (s.options as Schema[]).flatMap(namesOf);
  if (s instanceof z.ZodEnum) return (s.options as readonly (string | number)[]).map(String);
  return [];
}

function keysOf(schema: Schema): string[] {
  const s = unwrap(schema);
  if (s instanceof z.ZodUnion) return (s.options as Schema[]).flatMap(keysOf);
  if (s instanceof z.ZodObject) return Object.keys(s.shape as object);
  if (s instanceof z.ZodRecord) return namesOf(s.keyType as Schema);
  return [];
}

/**
 * The keys a mapping at `path` may have according to `schema`: an object's fields, or the names a
 * record with enum keys accepts; empty where the keys are free or the path leads nowhere.
 */
export function keysAtPath(schema: Schema, path: KeyPath): string[] {
  let nodes = [schema];
  for (const seg of path) nodes = nodes.flatMap((n) => descend(n, seg));
  return [...new Set(nodes.flatMap(keysOf))];
}
