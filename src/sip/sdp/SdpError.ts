/**
 * Why a session description was refused (STYLE.md 6: an expected runtime condition, typed by
 * `code`). A phone's SDP that keyline cannot read is answered 400 or 488 by the SIP layer; it
 * never crashes the parser's caller.
 */
export type SdpErrorCode =
  /** Longer than the parser's size limit. */
  | 'too-large'
  /** No lines at all. */
  | 'empty'
  /** A line that is not `<letter>=<value>`, or holds a NUL. */
  | 'bad-line'
  /** The first line is not `v=0`, or a second `v=` line follows. */
  | 'bad-version'
  /** `o=` missing or without its six fields. */
  | 'bad-origin'
  /** `c=` not `IN IP4|IP6 <address>`. */
  | 'bad-connection'
  /** `m=` without media, port or transport, a port out of range, or a non-numeric RTP format. */
  | 'bad-media'
  /** An attribute keyline interprets (`rtpmap`, `fmtp`, `ptime`, `rtcp`) with a malformed value. */
  | 'bad-attribute'
  /** A media section with a non-zero port and no `c=`, at its own or the session level. */
  | 'missing-connection';

export class SdpError extends Error {
  override readonly name = 'SdpError';

  constructor(
    readonly code: SdpErrorCode,
    message: string,
    /** The 1-based line of the description that was refused, when one was. */
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
  }
}
