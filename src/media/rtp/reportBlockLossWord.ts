import { checkUint } from './checkUint.js';
import type { ReportBlock } from './RtcpPacket.js';

/**
 * The second word of a report block (RFC 3550 §6.4.1): fraction lost (8 bits) and cumulative
 * lost (signed 24 bits). Out-of-range values are misuse and throw, naming the field.
 */
export function reportBlockLossWord(b: ReportBlock): number {
  checkUint('reports[].fractionLost', b.fractionLost, 255);
  if (!Number.isInteger(b.cumulativeLost) || b.cumulativeLost < -0x800000 || b.cumulativeLost > 0x7fffff) {
    throw new RangeError(`reports[].cumulativeLost must be a signed 24-bit integer, got ${b.cumulativeLost}`);
  }
  return ((b.fractionLost << 24) | (b.cumulativeLost & 0xffffff)) >>> 0;
}
