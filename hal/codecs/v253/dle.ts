// DLE shielding of V.253 voice data (hardware.md §3.1): pure, bytes in, bytes out.

/** Data Link Escape: prefixes every event and command inside a voice stream. */
export const DLE = 0x10;
/** `<DLE><ETX>`: end of voice data (both ways). */
export const ETX = 0x03;
/** `<DLE><SUB>`: two literal 0x10 bytes (modem → host). */
export const SUB = 0x1a;
/** `<DLE><CAN>`: abort playback, followed by `<DLE><ETX>` (host → modem). */
export const CAN = 0x18;

/** Host → modem: end playback. */
export const END_PLAYBACK = Uint8Array.of(DLE, ETX);
/** Host → modem: abort playback, discarding what the modem buffered. */
export const ABORT_PLAYBACK = Uint8Array.of(DLE, CAN, DLE, ETX);
/** Host → modem: leave full duplex (`+VTR`). */
export const LEAVE_DUPLEX = Uint8Array.of(DLE, 0x5e);
/** Host → modem: stop recording (`+VRX`). */
export const STOP_RECORDING = Uint8Array.of(DLE, 0x21);

/** Doubles every 0x10 so that voice data cannot be read as a DLE command. */
export function shieldDle(bytes: Uint8Array): Uint8Array {
  let count = 0;
  for (const b of bytes) if (b === DLE) count++;
  if (count === 0) return bytes;
  const out = new Uint8Array(bytes.length + count);
  let j = 0;
  for (const b of bytes) {
    out[j++] = b;
    if (b === DLE) out[j++] = DLE;
  }
  return out;
}
