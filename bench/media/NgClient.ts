import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { bdecode, bencode } from './bencode.js';
import type { BValue } from './bencode.js';

/** An ng reply: a dictionary with `result` ("ok", "pong", "error") and the command's fields. */
export type NgReply = { [key: string]: BValue };

/**
 * A client of rtpengine's ng control protocol over UDP: each datagram is a random cookie, a
 * space, and a bencoded dictionary with `command`; the reply carries the same cookie. A command
 * unanswered within `timeoutMs` is sent again (the same cookie, so rtpengine answers it from its
 * cache rather than running it twice), up to three times.
 */
export class NgClient {
  private readonly pending = new Map<string, (r: NgReply) => void>();

  private constructor(private readonly socket: Socket, private readonly port: number) {
    socket.on('message', (msg) => {
      const space = msg.indexOf(0x20);
      if (space < 0) return;
      const cookie = msg.toString('latin1', 0, space);
      const done = this.pending.get(cookie);
      if (done === undefined) return;
      this.pending.delete(cookie);
      const r = bdecode(msg.subarray(space + 1));
      if (typeof r === 'object' && !Array.isArray(r)) done(r);
    });
  }

  static open(port: number): Promise<NgClient> {
    return new Promise((resolve, reject) => {
      const s = createSocket('udp4');
      s.once('error', reject);
      s.bind(0, '127.0.0.1', () => {
        s.off('error', reject);
        s.on('error', () => undefined);
        resolve(new NgClient(s, port));
      });
    });
  }

  async command(dict: { [key: string]: BValue }, timeoutMs = 1000): Promise<NgReply> {
    const cookie = randomBytes(6).toString('hex');
    const datagram = Buffer.concat([Buffer.from(`${cookie} `), bencode(dict)]);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const got = await new Promise<NgReply | null>((resolve) => {
        const timer = setTimeout(() => { this.pending.delete(cookie); resolve(null); }, timeoutMs);
        this.pending.set(cookie, (r) => { clearTimeout(timer); resolve(r); });
        this.socket.send(datagram, this.port, '127.0.0.1');
      });
      if (got !== null) {
        if (got.result === 'error') throw new Error(`rtpengine ${String(dict.command)}: ${String(got['error-reason'])}`);
        return got;
      }
    }
    throw new Error(`rtpengine ${String(dict.command)}: no answer`);
  }

  close(): void {
    this.socket.close();
  }
}
