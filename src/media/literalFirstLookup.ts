import { lookup as dnsLookup } from 'node:dns';
import type { LookupOneOptions } from 'node:dns';
import { isIPv4 } from 'node:net';

/**
 * A UDP socket's address lookup (`createSocket({ lookup })`): an IPv4 literal at once, anything
 * else by `dns.lookup`. Node's default answers even a literal through dns.lookup on the next tick:
 * a measurable share of the per-packet cost of RTP (bench:media profile), and a burst of SIP
 * datagrams (a BLF fan-out of 500 NOTIFYs) waited until the whole burst was built. Send callbacks
 * stay asynchronous either way. Shared by the media sockets and the SIP transport.
 */
export function literalFirstLookup(hostname: string, options: LookupOneOptions, callback: (err: NodeJS.ErrnoException | null, address: string, family: number) => void): void {
  if (isIPv4(hostname)) {
    callback(null, hostname, 4);
    return;
  }
  dnsLookup(hostname, options, callback);
}
