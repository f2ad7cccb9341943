import { contentLength } from './contentLength.js';

const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * One UDP datagram as a message text (RFC 3261 §18.3): leading CRLFs dropped (§7.5), bytes past
 * Content-Length discarded. A Content-Length larger than the body is kept as it is: the core
 * answers such a request 400. `undefined` for a datagram of nothing but CR/LF; an error for a
 * Content-Length that is not a number.
 */
export function frameDatagram(datagram: Buffer): string | undefined | { error: string } {
  let start = 0;
  while (start < datagram.length && (datagram[start] === 0x0d || datagram[start] === 0x0a)) start++;
  if (start === datagram.length) return undefined;
  const bytes = datagram.subarray(start);
  const headEnd = bytes.indexOf(HEAD_END);
  if (headEnd < 0) return bytes.toString('utf8');
  const length = contentLength(bytes.subarray(0, headEnd).toString('latin1'));
  if (length === 'invalid') return { error: 'invalid Content-Length' };
  const end = length === undefined ? bytes.length : Math.min(bytes.length, headEnd + 4 + length);
  return bytes.subarray(0, end).toString('utf8');
}
