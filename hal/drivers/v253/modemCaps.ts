import type { DisconnectCue, FxoCaps, ToneKind } from '../../contracts/fxo.js';
import type { AudioEncoding } from '../../codecs/v253/voiceSampleModes.js';
import type { ModemProfile } from './ModemProfile.js';

/**
 * The honest capabilities of a modem (hardware.md §5): only the cues its profile says it
 * reports; rings are `RING`s only (no edges); caller ID decoded by the modem; audio only once a
 * compression method was negotiated and the model has full duplex.
 */
export function modemCaps(p: ModemProfile, encoding: AudioEncoding | null): FxoCaps {
  const r = new Set(p.reports);
  const disconnect: DisconnectCue[] = [];
  if (r.has('polarity')) disconnect.push('polarity');
  if (r.has('loopBreak')) disconnect.push('loopCurrent');
  if (r.has('busy')) disconnect.push('busyTone');
  if (r.has('silence')) disconnect.push('silence');
  const tones: ToneKind[] = [];
  if (r.has('dialTone')) tones.push('dial');
  if (r.has('busy')) tones.push('busy');
  if (r.has('ringback')) tones.push('ringback');
  if (r.has('silence')) tones.push('silence');
  return {
    ring: 'ringsOnly',
    callerId: p.callerId ? { standards: ['modem'], decodedBy: 'device' } : null,
    disconnect,
    lineVoltage: false,
    loopCurrent: r.has('loopBreak'),
    polarity: r.has('polarity'),
    flash: p.flash !== null,
    pulseDial: false,
    dtmfDetect: r.has('dtmf'),
    tones,
    audio: encoding && p.audio?.duplex ? { encoding, rateHz: 8000, frameMs: 20, duplex: true } : null,
  };
}
