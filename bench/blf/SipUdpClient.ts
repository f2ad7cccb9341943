import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { wallNow } from './wallNow.js';

export interface SipAnswer {
  status: number;
  /** Header values by lower-case name (the first of each). */
  headers: Map<string, string>;
  /** Wall-clock ms when the request first went out, and when its final answer arrived. */
  sentAt: number;
  answeredAt: number;
}

export interface SipRequestSpec {
  method: 'OPTIONS' | 'PUBLISH';
  ruri: string;
  from: string;
  to: string;
  headers?: string[];
  body?: { type: string; text: string };
}

/**
 * A minimal SIP UAC on one UDP socket of 127.0.0.1 for the benchmark's own requests (the readiness
 * probe and the PUBLISHes to Kamailio): RFC 3261 non-INVITE retransmission from T1 = 500 ms,
 * answers matched by Via branch, each request bounded by `timeoutMs`.
 */
export class SipUdpClient {
  private readonly pending = new Map<string, (a: { status: number; headers: Map<string, string> }) => void>();
  private cseq = 0;
  private readonly callId = `${randomBytes(6).toString('hex')}@bench`;
  private readonly tag = randomBytes(4).toString('hex');

  private constructor(private readonly sock: Socket, private readonly server: { host: string; port: number }) {
    sock.on('message', (buf) => this.receive(buf.toString('utf8')));
  }

  static open(server: { host: string; port: number }): Promise<SipUdpClient> {
    return new Promise((resolve, reject) => {
      const sock = createSocket('udp4');
      sock.once('error', reject);
      sock.bind(0, '127.0.0.1', () => resolve(new SipUdpClient(sock, server)));
    });
  }

  request(spec: SipRequestSpec, timeoutMs = 8000): Promise<SipAnswer> {
    const branch = `z9hG4bK${randomBytes(8).toString('hex')}`;
    const { port } = this.sock.address();
    const body = spec.body?.text ?? '';
    const text = [
      `${spec.method} ${spec.ruri} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=${branch};rport`,
      'Max-Forwards: 70',
      `From: <${spec.from}>;tag=${this.tag}`,
      `To: <${spec.to}>`,
      `Call-ID: ${spec.method.toLowerCase()}-${this.cseq + 1}-${this.callId}`,
      `CSeq: ${++this.cseq} ${spec.method}`,
      ...(spec.headers ?? []),
      ...(spec.body ? [`Content-Type: ${spec.body.type}`] : []),
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ].join('\r\n');
    return new Promise((resolve, reject) => {
      let interval = 500;
      let retrans: ReturnType<typeof setTimeout>;
      const send = () => {
        this.sock.send(text, this.server.port, this.server.host);
        retrans = setTimeout(send, interval);
        interval = Math.min(interval * 2, 4000);
      };
      const giveUp = setTimeout(() => {
        clearTimeout(retrans);
        this.pending.delete(branch);
        reject(new Error(`${spec.method} ${spec.ruri}: no final answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const sentAt = wallNow();
      this.pending.set(branch, (a) => {
        if (a.status < 200) return;
        clearTimeout(retrans);
        clearTimeout(giveUp);
        this.pending.delete(branch);
        resolve({ ...a, sentAt, answeredAt: wallNow() });
      });
      send();
    });
  }

  close(): void {
    this.sock.close();
  }

  private receive(text: string): void {
    const [head = ''] = text.split('\r\n\r\n');
    const lines = head.split('\r\n');
    const status = /^SIP\/2\.0 (\d{3})/.exec(lines[0] ?? '')?.[1];
    if (status === undefined) return;
    const headers = new Map<string, string>();
    for (const l of lines.slice(1)) {
      const i = l.indexOf(':');
      if (i > 0) {
        const name = l.slice(0, i).trim().toLowerCase();
        if (!headers.has(name)) headers.set(name, l.slice(i + 1).trim());
      }
    }
    const branch = /;branch=([^;,\s]+)/.exec(headers.get('via') ?? headers.get('v') ?? '')?.[1];
    if (branch !== undefined) this.pending.get(branch)?.({ status: Number(status), headers });
  }
}
