import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { literalFirstLookup } from './literalFirstLookup.js';

/** Dotted-quad IPv4, each part 0..255 without leading zeros. */
export const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Bind errors that mean "this port is taken": try the next one. Any other is a configuration fault. */
export const PORT_TAKEN: ReadonlySet<string> = new Set(['EADDRINUSE', 'EACCES']);

export const errorCode = (err: unknown): string => (err instanceof Error && 'code' in err ? String(err.code) : '');

/** One UDP socket bound exclusively to `address:port`, or the bind error. */
export function bindUdp(port: number, address: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: 'udp4', reuseAddr: false, lookup: literalFirstLookup });
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
