import type { MediaEndpointFactory } from './MediaEndpoint.js';
import { RtpLeg } from './RtpLeg.js';
import type { MediaTimer, RtpLegOptions } from './RtpLegOptions.js';

export interface RtpLegFactoryOptions extends Omit<RtpLegOptions, 'timer'> {
  /** Default: `systemMediaTimer` (performance.now and unref'd Node timers). */
  timer?: MediaTimer;
  /** Called with every leg made, before the SIP layer sees it: where the conference picks legs up. */
  onLeg?: (leg: RtpLeg) => void;
}

/** The process's monotonic clock and timers, for production; tests inject their own. */
export const systemMediaTimer: MediaTimer = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => {
    if (handle !== undefined) clearTimeout(handle as ReturnType<typeof setTimeout>); // handles come only from setTimeout above
  },
};

/**
 * Makes one `RtpLeg` per call leg, all on one port pool (the `MediaEndpointFactory` the SIP layer
 * takes). Legs are findable by name while open (`get`), so the media side — the line conference —
 * can reach the leg the SIP layer created; a closed leg is forgotten.
 */
export class RtpLegFactory implements MediaEndpointFactory {
  private readonly legs = new Map<string, RtpLeg>();

  constructor(private readonly options: RtpLegFactoryOptions) {}

  create(name: string): RtpLeg {
    const { onLeg, timer, ...rest } = this.options;
    const leg = new RtpLeg({ ...rest, timer: timer ?? systemMediaTimer }, name);
    this.legs.set(name, leg);
    leg.on('closed', () => {
      if (this.legs.get(name) === leg) this.legs.delete(name);
    });
    onLeg?.(leg);
    return leg;
  }

  /** The open leg of that name (the last one made, if a name was reused). */
  get(name: string): RtpLeg | undefined {
    return this.legs.get(name);
  }

  /** Legs made and not yet closed. */
  get size(): number {
    return this.legs.size;
  }
}
