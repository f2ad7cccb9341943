import type { Millis } from './clock.js';
import type { CidStandard, DisconnectCue } from './fxo.js';

/**
 * A country's analog line conventions (`hardware.md` §2.3): data, selected by the board's
 * `country` (`boards/profiles/<iso-3166 code>.json`) and overridable per board.
 *
 * - Every duration is in milliseconds and MUST be > 0, except `disconnect.maxCallMs`, where 0
 *   turns the maximum-duration cue off.
 * - `ring.cadencesMs` MUST hold at least one cadence; each is an even-length list of on, off, …
 *   segments, starting with an on segment. Its names are what `ringing.cadence` reports.
 * - Drivers MUST NOT read a profile for decisions (they report raw events); the
 *   `FxoSupervisor` and the simulator do. Drivers MAY pass the timing values to hardware that
 *   validates on its own (e.g. the KLB/1 CONFIG frame).
 */
export interface CountryProfile {
  /** ISO 3166 alpha-2 code in lower case, e.g. `us`, `gb`. */
  country: string;
  ring: {
    /** Named cadences, e.g. `{ normal: [2000, 4000] }`; the first is the country's usual ring. */
    cadencesMs: Record<string, number[]>;
    /** How long a burst must last before it counts as ringing. */
    validateMs: Millis;
  };
  callerId: {
    standard: CidStandard;
    /** Where the network sends it: before ring 1 (UK, some ETSI) or in the first silent interval. */
    timing: 'beforeFirstRing' | 'afterFirstRing';
    /** A caller ID arriving before ringing belongs to ringing that starts within this time. */
    holdMs: Millis;
  };
  /** Default hook-flash (recall) length. */
  flashMs: Millis;
  dtmf: { onMs: Millis; offMs: Millis };
  pulse: { breakMs: Millis; makeMs: Millis; interDigitMs: Millis };
  disconnect: {
    /** Far-end disconnect cues this country's network gives; the supervisor uses those the port also has. */
    cues: DisconnectCue[];
    /** A loop-current drop shorter than this is not a disconnect. */
    loopDropMinMs: Millis;
    /** Loop-current drops starting within this time after the seizure are ignored. */
    seizeGuardMs: Millis;
    /** Busy or reorder cadences seen this many times in a row end the call. */
    busyCount: number;
    /** Silence this long ends the call. */
    silenceMs: Millis;
    /** A call off-hook this long ends (0: no limit). */
    maxCallMs: Millis;
  };
  /** Call-progress tones in Asterisk `indications.conf` notation, e.g. `480+620/500,0/500`. */
  tones: { dial: string; busy: string; reorder: string };
  /** The DAA's line-interface setting (impedance, current limit), e.g. `fcc`, `tbr21`. */
  daa: { profile: string };
}
