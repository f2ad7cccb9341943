import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { prng } from './prng.js';

export interface RtpImpairment {
  /** Probability that a packet is dropped, each way, in [0, 1). */
  loss: number;
  /** Each packet is held for a uniformly random 0..jitterMs before it goes on (so packets reorder). */
  jitterMs: number;
  /** Seeds the drop and delay decisions, per direction. */
  seed: number;
}

/**
 * A bad network path for one RTP stream on 127.0.0.1: the phone sends to `phonePort`, keyline to
 * `serverPort` (which it latches onto as the phone's address, RFC 4961 symmetric RTP). Each packet
 * is dropped with probability `loss` or held for a random 0..`jitterMs` ms, decided by a seeded
 * PRNG per direction. Where keyline's packets go is learned from the phone's first packet; where
 * the phone's go is set with `toServer()` once keyline's SDP is known. Test-only.
 */
export class RtpImpairRelay {
  private server: { address: string; port: number } | null = null;
  private phone: { address: string; port: number } | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  readonly counts = { toServer: { sent: 0, dropped: 0 }, toPhone: { sent: 0, dropped: 0 } };

  private constructor(private readonly phoneSide: Socket, private readonly serverSide: Socket, o: RtpImpairment) {
    const rand = { toServer: prng(o.seed), toPhone: prng(o.seed ^ 0x3c3c_3c3c) };
    const pass = (dir: 'toServer' | 'toPhone', m: Buffer, out: Socket, to: { address: string; port: number } | null) => {
      if (!to) return;
      const r = rand[dir];
      if (r.next() < o.loss) {
        this.counts[dir].dropped++;
        return;
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.counts[dir].sent++;
        out.send(m, to.port, to.address);
      }, r.next() * o.jitterMs);
      this.timers.add(timer);
    };
    phoneSide.on('message', (m, from) => {
      this.phone ??= { address: from.address, port: from.port };
      pass('toServer', m, serverSide, this.server);
    });
    serverSide.on('message', (m) => pass('toPhone', m, phoneSide, this.phone));
  }

  static async start(o: RtpImpairment): Promise<RtpImpairRelay> {
    const bind = () => new Promise<Socket>((resolve, reject) => {
      const s = createSocket('udp4');
      s.once('error', reject);
      s.bind(0, '127.0.0.1', () => {
        s.removeListener('error', reject);
        s.on('error', () => undefined);
        resolve(s);
      });
    });
    return new RtpImpairRelay(await bind(), await bind(), o);
  }

  /** Where the phone is told to send its RTP (in keyline's SDP, rewritten). */
  get phonePort(): number {
    return this.phoneSide.address().port;
  }

  /** keyline's RTP address, from its SDP. */
  toServer(address: string, port: number): void {
    this.server = { address, port };
  }

  close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const closeOne = (s: Socket) => new Promise<void>((resolve) => {
      try {
        s.close(() => resolve());
      } catch {
        resolve();
      }
    });
    return Promise.all([closeOne(this.phoneSide), closeOne(this.serverSide)]).then(() => undefined);
  }
}

/**
 * Points the audio stream of an SDP body in a SIP message at `port` (and 127.0.0.1), fixing
 * Content-Length; returns the message unchanged if it has no SDP. `seen` gets the original address.
 */
export function redirectSdp(datagram: Buffer, port: number, seen: (address: string, port: number) => void): Buffer {
  const text = datagram.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  if (split < 0 || !/^Content-Type:\s*application\/sdp/im.test(text.slice(0, split))) return datagram;
  const head = text.slice(0, split);
  let body = text.slice(split + 4);
  const m = /^m=audio (\d+) /m.exec(body);
  const c = /^c=IN IP4 (\S+)/m.exec(body);
  if (!m?.[1] || !c?.[1]) return datagram;
  seen(c[1], Number(m[1]));
  body = body.replace(/^m=audio \d+ /m, `m=audio ${port} `).replace(/^c=IN IP4 \S+/gm, 'c=IN IP4 127.0.0.1');
  const fixed = head.replace(/^(Content-Length|l):[ \t]*\d+/im, `$1: ${Buffer.byteLength(body, 'latin1')}`);
  return Buffer.from(`${fixed}\r\n\r\n${body}`, 'latin1');
}
