import { readFileSync } from 'node:fs';

/**
 * Datagrams the kernel dropped on the UDP sockets bound to 127.0.0.1:`port` (the `drops` column
 * of /proc/net/udp: a full receive buffer, mostly), summed; null where /proc is not readable.
 */
export function udpDrops(port: number): number | null {
  let text: string;
  try {
    text = readFileSync('/proc/net/udp', 'utf8');
  } catch {
    return null;
  }
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  let sum = 0;
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[1] === local) sum += Number(f[f.length - 1]) || 0;
  }
  return sum;
}
