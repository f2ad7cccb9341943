import { createSocket } from 'node:dgram';

/**
 * A UDP port free on 127.0.0.1 right now, picked by the kernel. Another process could take it
 * before the caller binds; on a bench box that is rare. `span` more ports above it are checked too
 * (SIPp's media ports take a few in a row).
 */
export async function freeUdpPort(span = 0): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await bindAndClose(0);
    if (port === null || port + span > 65535) continue;
    let ok = true;
    for (let k = 1; k <= span && ok; k++) ok = (await bindAndClose(port + k)) !== null;
    if (ok) return port;
  }
  throw new Error('no free UDP port on 127.0.0.1');
}

function bindAndClose(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => resolve(null));
    s.bind(port, '127.0.0.1', () => {
      const got = s.address().port;
      s.close(() => resolve(got));
    });
  });
}
