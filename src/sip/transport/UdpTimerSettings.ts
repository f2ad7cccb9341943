/**
 * RFC 3261 §17 timer values for UDP transactions, in milliseconds. Tests use small values; the
 * derived timers follow the RFC: B = F = H = J = L = 64*T1, I = K = T4.
 */
export interface UdpTimerSettings {
  /** RTT estimate: first retransmission interval (500). */
  t1: number;
  /** Cap of non-INVITE request and INVITE response retransmission intervals (4000). */
  t2: number;
  /** Longest time a message stays in the network (5000): Timers I and K. */
  t4: number;
  /** How long the ACK to a non-2xx final is kept for re-sending (Timer D, at least 32000). */
  timerD: number;
  /**
   * How long an INVITE transaction may wait for its final response (ringing) before this layer
   * forgets it: a bound on memory, not a protocol timer (the RFC leaves it to the TU).
   */
  inviteProceedingLimit: number;
}

export const RFC3261_TIMERS: Readonly<UdpTimerSettings> = Object.freeze({
  t1: 500,
  t2: 4000,
  t4: 5000,
  timerD: 32_000,
  inviteProceedingLimit: 300_000,
});

/** Settings with defaults filled in; misuse (a non-positive value) throws and names the field. */
export function udpTimerSettings(partial: Partial<UdpTimerSettings> = {}): UdpTimerSettings {
  const s = { ...RFC3261_TIMERS, ...partial };
  for (const [name, value] of Object.entries(s)) {
    if (!(typeof value === 'number' && value > 0)) throw new RangeError(`timers.${name} must be > 0 ms, got ${String(value)}`);
  }
  return s;
}
