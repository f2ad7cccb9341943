import type { Direction } from './SessionDescription.js';

/** The direction attributes (RFC 3264 §5.1) and their offer/answer arithmetic (§6.1). */
export const DIRECTIONS: readonly Direction[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

export function isDirection(name: string): name is Direction {
  return (DIRECTIONS as readonly string[]).includes(name);
}

/** Whether the writer of `d` sends media. */
export function sends(d: Direction): boolean {
  return d === 'sendrecv' || d === 'sendonly';
}

/** Whether the writer of `d` receives media. */
export function receives(d: Direction): boolean {
  return d === 'sendrecv' || d === 'recvonly';
}

export function directionOf(send: boolean, receive: boolean): Direction {
  if (send) return receive ? 'sendrecv' : 'sendonly';
  return receive ? 'recvonly' : 'inactive';
}

/**
 * The direction an answerer writes (RFC 3264 §6.1): it sends only if the offerer receives and
 * it wants to send, and receives only if the offerer sends and it wants to receive. Offer
 * `sendonly` → `recvonly`, `recvonly` → `sendonly`, `inactive` → `inactive`, `sendrecv` → `local`.
 */
export function answerDirection(offered: Direction, local: Direction): Direction {
  return directionOf(receives(offered) && sends(local), sends(offered) && receives(local));
}

/**
 * The effect of `c=0.0.0.0` (RFC 2543 hold, RFC 3264 §8.4): the writer asks not to be sent
 * anything, whatever its attribute says; what it sends itself is unchanged.
 */
export function withoutReceive(d: Direction): Direction {
  return directionOf(sends(d), false);
}
