/** Test-only: SIP message texts for transport tests (never imported by production code). */

export interface RequestParts {
  method?: string;
  uri?: string;
  via?: string;
  branch?: string;
  callId?: string;
  cseq?: number;
  contact?: string;
  extra?: string[];
  body?: string;
}

/** A request with CRLF line ends and a correct Content-Length. */
export function request(p: RequestParts = {}): string {
  const method = p.method ?? 'OPTIONS';
  const body = p.body ?? '';
  const lines = [
    `${method} ${p.uri ?? 'sip:keyline@127.0.0.1'} SIP/2.0`,
    `Via: ${p.via ?? `SIP/2.0/UDP 127.0.0.1:5999;branch=${p.branch ?? 'z9hG4bK-test-1'};rport`}`,
    'Max-Forwards: 70',
    'From: <sip:phone@127.0.0.1>;tag=ph1',
    `To: <${p.uri ?? 'sip:keyline@127.0.0.1'}>`,
    `Call-ID: ${p.callId ?? 'call-1@test'}`,
    `CSeq: ${p.cseq ?? 1} ${method === 'ACK' ? 'ACK' : method}`,
    ...(p.contact ? [`Contact: ${p.contact}`] : []),
    ...(p.extra ?? []),
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** A response to `req` (its Via, From, To, Call-ID, CSeq copied), with an optional To tag. */
export function responseTo(req: string, status: number, reason = 'OK', toTag?: string, extra: string[] = []): string {
  const pick = (name: string): string[] => req.split('\r\n').filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  const to = pick('To').map((l) => (toTag && !/;tag=/.test(l) ? `${l};tag=${toTag}` : l));
  const lines = [`SIP/2.0 ${status} ${reason}`, ...pick('Via'), ...pick('From'), ...to, ...pick('Call-ID'), ...pick('CSeq'), ...extra, 'Content-Length: 0'];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** The value of the first header called `name` in `text` (case-insensitive), or undefined. */
export function headerOf(text: string, name: string): string | undefined {
  const line = text.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(line.indexOf(':') + 1).trim();
}
