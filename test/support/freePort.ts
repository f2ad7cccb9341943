import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/**
 * A port free for both UDP and TCP on 127.0.0.1 right now (SIP listens on both). The kernel
 * picks it; another process could take it before the caller binds, which on a test box is rare.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const a = s.address();
        s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const u = createSocket('udp4');
      u.once('error', () => resolve(false));
      u.bind(port, '127.0.0.1', () => u.close(() => resolve(true)));
    });
    if (udpFree && port > 0) return port;
  }
  throw new Error('no free port for UDP and TCP on 127.0.0.1');
}
