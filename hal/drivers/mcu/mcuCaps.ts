import type { CapName } from '../../codecs/klb/constants.js';
import type { FxoCaps } from '../../contracts/fxo.js';
import type { McuSettings } from './McuSettings.js';

/**
 * The `FxoCaps` of one channel, from the capabilities the handshake requires (so they are known
 * before `open()` and honest after it: a board lacking one fails to open).
 */
export function mcuCaps(s: Pick<McuSettings, 'caps' | 'law' | 'cidStandard'>): FxoCaps {
  const has = (c: CapName): boolean => s.caps.includes(c);
  const tones = has('toneDetect');
  const disconnect: FxoCaps['disconnect'] = [];
  if (has('polarity')) disconnect.push('polarity');
  if (has('loopCurrent')) disconnect.push('loopCurrent');
  if (tones) disconnect.push('busyTone', 'silence');
  return {
    ring: 'edges',
    callerId: has('callerIdOnBoard') && s.cidStandard !== 'modem' ? { standards: [s.cidStandard], decodedBy: 'device' } : null,
    disconnect,
    lineVoltage: has('lineVoltage'),
    loopCurrent: has('loopCurrent'),
    polarity: has('polarity'),
    flash: true,
    pulseDial: has('pulseDial'),
    dtmfDetect: has('dtmfDetect'),
    tones: tones ? ['dial', 'busy', 'reorder', 'ringback', 'silence'] : [],
    audio: has('audio') ? { encoding: s.law, rateHz: 8000, frameMs: 20, duplex: true } : null,
  };
}
