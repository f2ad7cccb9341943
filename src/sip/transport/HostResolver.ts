import { lookup } from 'node:dns/promises';
import { isIPv4 } from 'node:net';

/**
 * Turns the host of a Request-URI, Route or Via into an IPv4 address. It MUST resolve to an
 * IPv4 literal or reject; the transport turns a rejection into a failed send. keyline has no
 * RFC 3263 (NAPTR/SRV): an A record or an IP literal, nothing more.
 */
export type HostResolver = (host: string) => Promise<string>;

/** IPv4 literals as they are; names through `node:dns` A lookup; IPv6 is not supported. */
export const defaultHostResolver: HostResolver = async (host) => {
  if (isIPv4(host)) return host;
  if (host.startsWith('[')) throw new Error(`IPv6 host ${host} is not supported`);
  const { address } = await lookup(host, { family: 4 });
  return address;
};

/** A resolver for tests and closed networks: IPv4 literals only, names rejected. */
export const literalHostResolver: HostResolver = async (host) => {
  if (isIPv4(host)) return host;
  throw new Error(`cannot resolve ${host}: IP literals only`);
};
