import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter, Node, Pair } from 'yaml';
import type { KeyPath } from './keyPath.js';

/** Where an issue points: at the key of a mapping entry (unknown keys) or at its value. */
export type Anchor = 'key' | 'value';

export interface Position {
  line: number;
  col: number;
}

export type Locate = (path: KeyPath, anchor: Anchor) => Position;

type Child = Node | Pair | null | undefined;

function keyOf(pair: Pair): string {
  return String(isScalar(pair.key) ? pair.key.value : pair.key);
}

/**
 * Maps document paths to 1-based positions. A path that runs past the document (a missing key)
 * points at the deepest node that exists, so "required key missing" lands on the mapping that
 * lacks it. Aliases are followed, so a problem inside an anchored mapping points at the anchor.
 */
export function createLocator(doc: Document, lineCounter: LineCounter): Locate {
  const at = (offset: number): Position => lineCounter.linePos(offset);
  const start = (node: Child): number | undefined => {
    if (!node || isPair(node)) return undefined;
    return node.range?.[0];
  };
  const deref = (node: Child): Child => (isAlias(node) ? (node.resolve(doc) as Node | undefined) : node);

  return (path, anchor) => {
    let node: Child = doc.contents;
    let offset = start(node) ?? 0;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      const last = i === path.length - 1;
      node = deref(node);
      if (isMap(node)) {
        const pair = node.items.find((p) => keyOf(p) === String(seg));
        if (!pair) return at(offset);
        const keyStart = start(pair.key as Child);
        const value = pair.value as Child;
        const valueRange = value && !isPair(value) ? value.range : undefined;
        // An empty value (`port:`) has a zero-length range at the end of the line: point at the key.
        const valueStart = valueRange && valueRange[0] !== valueRange[2] ? valueRange[0] : undefined;
        if (last && anchor === 'key') return at(keyStart ?? offset);
        offset = valueStart ?? keyStart ?? offset;
        node = value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg] as Child;
        if (item === undefined) return at(offset);
        offset = start(item) ?? offset;
        node = item;
      } else {
        return at(offset);
      }
    }
    return at(offset);
  };
}

/** The deepest path whose key or value covers `offset`: names the key of a YAML syntax error. */
export function pathAtOffset(doc: Document, offset: number): KeyPath {
  const path: (string | number)[] = [];
  const covers = (node: Child): boolean => {
    const range = node && !isPair(node) ? node.range : undefined;
    return range !== undefined && range !== null && offset >= range[0] && offset < Math.max(range[2], range[0] + 1);
  };
  let node: Child = doc.contents;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => covers(p.key as Child) || covers(p.value as Child));
      if (!pair) return path;
      path.push(keyOf(pair));
      if (covers(pair.key as Child)) return path;
      node = pair.value as Child;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => covers(item as Child));
      if (index < 0) return path;
      path.push(index);
      node = node.items[index] as Child;
    } else {
      return path;
    }
  }
}
