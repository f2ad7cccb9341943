/** A minimal SDP offer/answer body: PCMU at `port` on 127.0.0.1, sendrecv. */
export function audioSdp(port: number, session: number): string {
  return [
    'v=0', `o=- ${session} 1 IN IP4 127.0.0.1`, 's=keyline media bench', 'c=IN IP4 127.0.0.1', 't=0 0',
    `m=audio ${port} RTP/AVP 0`, 'a=rtpmap:0 PCMU/8000', 'a=ptime:20', 'a=sendrecv', '',
  ].join('\r\n');
}

/** The audio port of an SDP body (its first `m=audio` line); throws when there is none. */
export function sdpAudioPort(sdp: string): number {
  const m = /^m=audio (\d+) /m.exec(sdp);
  if (m === null) throw new Error(`no m=audio line in SDP:\n${sdp}`);
  return Number(m[1]);
}
