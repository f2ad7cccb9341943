/**
 * Copies `out.length` samples out of the circular buffer `ring`, from index `at` on and wrapping
 * at its end, into `out`; returns the index after the last one copied. One loop, no subarray
 * views: the media path does this for every frame a port or the hold music gives.
 * `at` MUST be an index of `ring`.
 */
export function copyFromRing(ring: Int16Array, at: number, out: Int16Array): number {
  const length = ring.length;
  let position = at;
  for (let i = 0; i < out.length; i += 1) {
    out[i] = ring[position] as number;
    position = position + 1 === length ? 0 : position + 1;
  }
  return position;
}
