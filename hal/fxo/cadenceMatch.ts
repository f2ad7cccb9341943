/**
 * Ring cadence matching (`hardware.md` §2.2): a measured segment matches an expected one when
 * it is within max(100 ms, 20 %) of it.
 */
export function withinTolerance(measured: number, expected: number): boolean {
  return Math.abs(measured - expected) <= Math.max(100, 0.2 * expected);
}

/**
 * Finds the cadence whose full cycle matches the most recent segments.
 *
 * `segments` are measured durations in order, alternating on/off; `firstIsOn` says what the first
 * one is (`null`: all segments are of one kind, e.g. RING spacings). Each cadence
 * (`[on, off, on, off, …]`) is tried in every rotation that starts on the same kind of segment
 * as the window, so ringing picked up mid-cycle still matches. When several match, the one with
 * more segments (the more specific) wins, then the smaller error.
 */
export function matchCadence(
  segments: readonly number[],
  firstIsOn: boolean | null,
  cadences: Readonly<Record<string, readonly number[]>>,
): string | null {
  let best: { name: string; length: number; error: number } | null = null;
  for (const [name, cadence] of Object.entries(cadences)) {
    const n = cadence.length;
    if (n === 0 || n > segments.length) continue;
    const start = segments.length - n;
    const step = firstIsOn === null ? 1 : 2;
    const windowStartsOn = (start % 2 === 0) === firstIsOn;
    for (let r = firstIsOn === null || windowStartsOn ? 0 : 1; r < n; r += step) {
      let error = 0;
      let ok = true;
      for (let i = 0; i < n && ok; i++) {
        const measured = segments[start + i] ?? NaN;
        const expected = cadence[(r + i) % n] ?? NaN;
        ok = withinTolerance(measured, expected);
        error += Math.abs(measured - expected);
      }
      if (!ok) continue;
      if (!best || n > best.length || (n === best.length && error < best.error)) best = { name, length: n, error };
    }
  }
  return best?.name ?? null;
}

/**
 * For ports that only report `RING` (modems): the spacing between ring starts. A cadence
 * `[a0, a1, a2, a3]` gives the intervals `[a0 + a1, a2 + a3]`.
 */
export function ringSpacing(cadence: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < cadence.length; i += 2) out.push((cadence[i] ?? 0) + (cadence[i + 1] ?? 0));
  return out;
}

/** The longest off segment of any cadence: ringing has stopped after 1.5 × this without a burst. */
export function longestOffMs(cadences: Readonly<Record<string, readonly number[]>>): number {
  let longest = 0;
  for (const cadence of Object.values(cadences)) {
    for (let i = 1; i < cadence.length; i += 2) longest = Math.max(longest, cadence[i] ?? 0);
  }
  return longest;
}
