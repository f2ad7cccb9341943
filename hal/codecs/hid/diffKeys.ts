export interface KeyEdge {
  /** 1-based key number. */
  key: number;
  down: boolean;
}

/**
 * Press and release edges between two key states (index key − 1), in key order. Pure. A key
 * missing from `prev` counts as up, so the first report after opening yields presses only for
 * keys that are down.
 */
export function diffKeys(prev: ReadonlyArray<boolean>, next: ReadonlyArray<boolean>): KeyEdge[] {
  const edges: KeyEdge[] = [];
  next.forEach((down, i) => {
    if ((prev[i] ?? false) !== down) edges.push({ key: i + 1, down });
  });
  return edges;
}
