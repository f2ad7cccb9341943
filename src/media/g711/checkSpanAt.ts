/**
 * Misuse check of the G.711 functions' offset form: `count` octets from `at` MUST lie inside a
 * buffer of `total` octets (`at` a non-negative integer). Throws a RangeError naming `buffer`.
 */
export function checkSpanAt(buffer: string, count: number, at: number, total: number): void {
  if (!Number.isInteger(at) || at < 0 || at + count > total) {
    throw new RangeError(`${buffer} must hold ${count} octets from ${at}, got ${total}`);
  }
}
