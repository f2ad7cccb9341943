import type { FrameSink, FrameSource } from './Frame.js';

/**
 * A call leg's audio as the line conference and the service's tones use it: one `read()` (what
 * the peer said) and one `write()` (what it should hear) per media-clock tick, RFC 4733 digits
 * both ways, and notice of its end. A `MediaEndpoint` that carries audio gives one through its
 * `audio` field (`RtpLeg` is its own); an endpoint without audio (a test's signalling-only fake)
 * gives null, and the service connects nothing for it.
 *
 * - `on('digit')` MUST call the listener once per digit the peer pressed; `on('closed')` once,
 *   when the leg has closed. Both return their unsubscribe.
 * - `sendDigit()` returns false, queueing nothing, when the leg cannot send digits now.
 * - `stats()` is a plain object of the leg's figures, for `keyline status`.
 */
export interface AudioLeg extends FrameSource, FrameSink {
  on(event: 'digit', listener: (digit: string) => void): () => void;
  on(event: 'closed', listener: () => void): () => void;
  sendDigit(digit: string): boolean;
  stats(): object;
}
