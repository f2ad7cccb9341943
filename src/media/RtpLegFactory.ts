import type { MediaTimer } from './clock/MediaTimer.js';
import { systemMediaTimer } from './clock/systemMediaTimer.js';
import type { MediaEndpointFactory } from './MediaEndpoint.js';
import { RtpLeg } from './RtpLeg.js';
import type { RtpLegOptions } from './RtpLegOptions.js';

export interface RtpLegFactoryOptions extends Omit<RtpLegOptions, 'timer'> {
  /** Default: `systemMediaTimer()`; the service SHOULD pass the timer its MediaClock runs on. */
  timer?: MediaTimer;
  /** Called with every leg made, before the SIP layer sees it: where the conference picks legs up. */
  onLeg?: (leg: RtpLeg) => void;
}

/**
 * Makes one `RtpLeg` per call leg, all on one port pool (the `MediaEndpointFactory` the SIP layer
 * takes). Legs are findable by name while open (`get`), so the media side — the line conference —
 * can reach the leg the SIP layer created; a closed leg is forgotten.
 */
export class RtpLegFactory implements MediaEndpointFactory {
  private readonly legs = new Map<string, RtpLeg>();
  private readonly timer: MediaTimer;

  constructor(private readonly options: RtpLegFactoryOptions) {
    this.timer = options.timer ?? systemMediaTimer();
  }

  create(name: string): RtpLeg {
    const { onLeg, timer: _timer, ...rest } = this.options;
    const leg = new RtpLeg({ ...rest, timer: this.timer }, name);
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
