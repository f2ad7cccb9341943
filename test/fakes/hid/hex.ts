/** Hex text ↔ bytes, for fixtures. */
export function fromHex(hex: string): Uint8Array {
  if (!/^([0-9a-f]{2})*$/i.test(hex)) throw new RangeError(`not hex bytes: ${hex}`);
  return Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
}

export function toHex(bytes: Uint8Array | ReadonlyArray<number>): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
