/**
 * The two G.711 companding laws, named as RTP names them (RFC 3551 §4.5.14: PCMU is µ-law,
 * static payload type 0; PCMA is A-law, payload type 8). The same strings the SIP layer
 * negotiates, so a negotiated codec passes to media unchanged.
 */
export type G711Law = 'PCMU' | 'PCMA';

export const G711_LAWS: readonly G711Law[] = ['PCMU', 'PCMA'];
