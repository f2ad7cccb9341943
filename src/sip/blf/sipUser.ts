/** `encodeURIComponent` escapes these, but RFC 3261 §25.1 allows them in a user part (user-unreserved). */
const USER_UNRESERVED = /%(26|3D|2B|24|2C|3B|3F|2F)/gi;

/**
 * A string as the user part of a SIP URI (RFC 3261 §25.1): unreserved and user-unreserved
 * characters as they are, everything else %-escaped as UTF-8 (`#` of a dialled `*67#` included).
 */
export function sipUser(s: string): string {
  return encodeURIComponent(s).replace(USER_UNRESERVED, (m) => decodeURIComponent(m));
}
