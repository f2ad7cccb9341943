/** Clamps an integer sum to the int16 range: mixing saturates, it never wraps. */
export function saturate(value: number): number {
  return value > 32767 ? 32767 : value < -32768 ? -32768 : value;
}
