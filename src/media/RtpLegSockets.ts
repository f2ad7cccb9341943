import { createSocket } from 'node:dgram';
import type { Socket, SocketOptions } from 'node:dgram';

/** Dotted-quad IPv4, each part 0..255 without leading zeros. */
export const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Bind errors that mean "this port is taken": try the next one. Any other is a configuration fault. */
export const PORT_TAKEN: ReadonlySet<string> = new Set(['EADDRINUSE', 'EACCES']);

export const errorCode = (err: unknown): string => (err instanceof Error && 'code' in err ? String(err.code) : '');

type Lookup = NonNullable<SocketOptions['lookup']>;

/**
 * Every destination of a media socket is an IPv4 literal (from SDP, validated, or a packet's
 * source), so the name lookup Node runs before every send is answered at once: by default it
 * goes through dns.lookup, a measurable share of the per-packet cost (bench:media profile).
 */
const ipv4Literal: Lookup = (hostname, _options, callback) => {
  if (IPV4.test(hostname)) callback(null, hostname, 4);
  else callback(Object.assign(new Error(`not an IPv4 address: ${hostname}`), { code: 'EINVAL' }), '', 4);
};

/** One UDP socket bound exclusively to `address:port`, or the bind error. */
export function bindUdp(port: number, address: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: 'udp4', reuseAddr: false, lookup: ipv4Literal });
    const fail = (err: Error): void => {
      socket.close();
      reject(err);
    };
    socket.once('error', fail);
    socket.bind({ port, address, exclusive: true }, () => {
      socket.off('error', fail);
      resolve(socket);
    });
  });
}

export function closeUdp(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve(); // already closed
    }
  });
}

/** The RTP port and its RTCP port (RFC 3550 §11), or neither. */
export async function bindRtpPair(port: number, address: string): Promise<{ rtp: Socket; rtcp: Socket }> {
  const rtp = await bindUdp(port, address);
  try {
    return { rtp, rtcp: await bindUdp(port + 1, address) };
  } catch (err) {
    await closeUdp(rtp);
    throw err;
  }
}
