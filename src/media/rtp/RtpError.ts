/**
 * Why bytes from the network were refused as RTP, RTCP or a telephone-event payload
 * (STYLE.md 6: an expected runtime condition, typed by `code`). Parsers throw this and nothing
 * else for any input; the endpoint counts and drops the datagram.
 */
export type RtpErrorCode =
  /** The bytes end before a fixed header, the CSRC list, the header extension, or a length they declare. */
  | 'truncated'
  /** The version field is not 2. */
  | 'bad-version'
  /** The padding bit is set but the count in the last octet is 0 or more than the bytes left. */
  | 'bad-padding'
  /** The structure is wrong inside a correct length: an RTCP length that is not the report count's, an SDES chunk without its end. */
  | 'malformed';

export class RtpError extends Error {
  override readonly name = 'RtpError';

  constructor(
    readonly code: RtpErrorCode,
    message: string,
  ) {
    super(message);
  }
}
