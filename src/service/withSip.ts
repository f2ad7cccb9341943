import type { KeySystemEffects } from '../core/effects.js';
import type { SipService } from '../sip/SipService.js';

/**
 * The key system's effects with the SIP layer's share added: alerts, connections, refusals and
 * leg ends for SIP stations, the forward leg, and every lamp change for the BLF subscribers.
 * The service's own effects (ports, panels, log) run first.
 */
export function withSip(fx: KeySystemEffects, sip: () => SipService | null): KeySystemEffects {
  return {
    ...fx,
    alertStart: (a) => { fx.alertStart(a); sip()?.alertStart(a); },
    alertStop: (a) => { fx.alertStop(a); sip()?.alertStop(a); },
    audioConnect: (s, l) => { fx.audioConnect(s, l); sip()?.audioConnect(s, l); },
    refuse: (s, r, l) => { fx.refuse(s, r, l); sip()?.refuse(s, r, l); },
    legEnd: (s, l) => { fx.legEnd(s, l); sip()?.legEnd(s, l); },
    forwardStart: (l, t, c) => {
      const s = sip();
      if (s) s.forwardStart(l, t, c);
      else fx.forwardStart(l, t, c);
    },
    forwardEnd: (l) => { fx.forwardEnd(l); sip()?.forwardEnd(l); },
    lamp: (c) => { fx.lamp(c); sip()?.lamp(c); },
  };
}
