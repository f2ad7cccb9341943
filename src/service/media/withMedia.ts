import type { KeySystemEffects } from '../../core/effects.js';
import type { MediaService } from './MediaService.js';

/**
 * The key system's effects with audio added. Wrapped around the SIP layer's effects so that by
 * the time media hears "connected", the SIP layer has confirmed the station's leg and its
 * endpoint can be found.
 */
export function withMedia(fx: KeySystemEffects, media: () => MediaService | null): KeySystemEffects {
  return {
    ...fx,
    audioConnect: (s, l) => { fx.audioConnect(s, l); media()?.audioConnect(s, l); },
    audioDisconnect: (s, l) => { fx.audioDisconnect(s, l); media()?.audioDisconnect(s, l); },
    legEnd: (s, l) => { fx.legEnd(s, l); media()?.audioDisconnect(s, l); },
    toneJoin: (l) => { fx.toneJoin(l); media()?.toneJoin(l); },
    mohStart: (l, src) => { fx.mohStart(l, src); media()?.mohStart(l, src); },
    mohStop: (l) => { fx.mohStop(l); media()?.mohStop(l); },
    portOnHook: (l) => { media()?.lineEnded(l); fx.portOnHook(l); },
  };
}
