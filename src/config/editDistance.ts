/** Levenshtein distance, case-insensitive: enough to suggest "ringTimeout" for "ringtimout". */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[y.length] ?? Infinity;
}

const normalised = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, '');

/**
 * The candidate closest to `word` within two edits, if any. A candidate that differs only in
 * case and separators (`line3` for `Line_3`) wins over one that is a different name.
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  const same = list.find((c) => normalised(c) === normalised(word));
  if (same !== undefined) return same;
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of list) {
    const d = editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
