import { lstat, mkdir, unlink } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { dirname } from 'node:path';
import { SocketPathError } from './SocketPathError.js';

const PROBE_TIMEOUT_MS = 1000;

/**
 * Makes `path` ready for `listen`: creates its directory (mode 0750) when missing; if a socket file
 * is there, connects to it: a live server makes this throw `SocketPathError('IN_USE')`, a stale
 * file (connection refused) is removed. Anything there that is not a socket is left alone and
 * refused (`NOT_SOCKET`): keyline never deletes a file it did not make.
 */
export async function prepareSocketPath(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o750 });
  let isSocket: boolean;
  try {
    isSocket = (await lstat(path)).isSocket();
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  if (!isSocket) {
    throw new SocketPathError('NOT_SOCKET', `${path} exists and is not a socket; remove it or choose another --socket path`);
  }
  if (await isLive(path)) throw new SocketPathError('IN_USE', `another keyline is running on ${path}`);
  await unlink(path).catch((error: unknown) => {
    if (errorCode(error) !== 'ENOENT') throw error;
  });
}

/** True when something accepts connections on `path`; a server too slow to accept counts as live. */
function isLive(path: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    const done = (live: boolean | Error): void => {
      clearTimeout(timer);
      socket.destroy();
      if (live instanceof Error) reject(live);
      else resolve(live);
    };
    const timer = setTimeout(() => done(true), PROBE_TIMEOUT_MS);
    socket.once('connect', () => done(true));
    socket.once('error', (error) => {
      const code = errorCode(error);
      done(code === 'ECONNREFUSED' || code === 'ENOENT' ? false : error);
    });
  });
}

export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
