/** The port a trunk device most likely is on a keyline board, or why there is none. */
export type PortGuess = { port: string } | { reason: string };

const ANALOG_CHANNEL = /^(?:DAHDI|Zap)\/(\d+)$/i;
const CHANNEL_GROUP = /^(?:DAHDI|Zap)\/[gGrR]\d+/;
const IP_OR_LOCAL = /^(?:Local|SIP|PJSIP|IAX2?|H323|OOH323|Motif|UniStim|Skinny)\//i;

/**
 * Asterisk names an analog FXO line by its DAHDI channel (`DAHDI/3`, formerly `Zap/3`). keyline
 * names ports in the board file; `fxo<n>` is only our guess at the installer's naming, which is
 * why every guess is reported.
 */
export function guessPort(device: string): PortGuess {
  const analog = ANALOG_CHANNEL.exec(device);
  if (analog) return { port: `fxo${Number(analog[1])}` };
  if (CHANNEL_GROUP.test(device)) return { reason: 'is a DAHDI channel group, not one analog line' };
  if (IP_OR_LOCAL.test(device)) return { reason: 'is an IP trunk or Local channel; keyline lines are analog FXO ports' };
  return { reason: 'is not an analog channel (DAHDI/<n>)' };
}
