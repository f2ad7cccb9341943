/**
 * CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, unreflected, no final XOR ("123456789" gives
 * 0x29B1). Over `bytes[start..end)`.
 */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) {
    crc ^= (bytes[i] ?? 0) << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}
