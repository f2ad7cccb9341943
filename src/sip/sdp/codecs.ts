import type { MediaDescription, RtpMap } from './SessionDescription.js';
import { rtpmapOf } from './staticPayloads.js';

/** What keyline's media engine speaks: G.711 at 8 kHz, RFC 4733 events, 20 ms packets. */
export type G711 = 'PCMU' | 'PCMA';

/** The RFC 3551 static payload types keyline writes for its codecs. */
export const G711_PAYLOAD_TYPE: Readonly<Record<G711, number>> = { PCMU: 0, PCMA: 8 };

/** keyline's preference when it offers. */
export const OFFERED_CODECS: readonly G711[] = ['PCMU', 'PCMA'];

/** The dynamic payload type keyline uses for telephone-event when it is the offerer. */
export const TELEPHONE_EVENT_PAYLOAD_TYPE = 101;

/** The RFC 4733 events keyline receives: DTMF 0-9 * # A-D, and flash (16). */
export const TELEPHONE_EVENTS = '0-16';

/** The single media clock paces every stream at 20 ms (DESIGN.md). */
export const PTIME_MS = 20;

/** The G.711 codec an rtpmap names: mono (or unstated channels) at 8000 Hz. */
export function g711Of(map: RtpMap | undefined): G711 | undefined {
  if (map === undefined || map.clockRate !== 8000 || (map.channels ?? 1) !== 1) return undefined;
  const name = map.encoding.toUpperCase();
  return name === 'PCMU' || name === 'PCMA' ? name : undefined;
}

/** Whether an rtpmap is RFC 4733 telephone-event at the G.711 clock rate. */
export function isTelephoneEvent(map: RtpMap | undefined): boolean {
  return map !== undefined && map.clockRate === 8000 && map.encoding.toLowerCase() === 'telephone-event';
}

/** The first format of `m` (the writer's preference) that is one of `accepted`, with its number. */
export function firstCodec(m: MediaDescription, accepted: readonly G711[]): { payloadType: number; codec: G711 } | undefined {
  for (const format of m.formats) {
    const payloadType = Number(format);
    const codec = g711Of(rtpmapOf(m, payloadType));
    if (codec !== undefined && accepted.includes(codec)) return { payloadType, codec };
  }
  return undefined;
}

/** The payload type of the first 8 kHz telephone-event format of `m`, if any. */
export function telephoneEventOf(m: MediaDescription): number | undefined {
  return m.formats.map(Number).find((pt) => isTelephoneEvent(rtpmapOf(m, pt)));
}
