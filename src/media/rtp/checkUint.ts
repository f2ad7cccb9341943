/**
 * Misuse check for a field about to be written on the wire (STYLE.md 6): throws a RangeError
 * naming the parameter unless `value` is an integer 0..max.
 */
export function checkUint(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`${name} must be an integer 0..${max}, got ${value}`);
}

export const UINT16_MAX = 0xffff;
export const UINT32_MAX = 0xffffffff;
