import { compileTone } from './CompiledTone.js';
import type { CompiledTone } from './CompiledTone.js';
import { ToneSource } from './ToneSource.js';

export type ToneName = 'dial' | 'ringback' | 'busy' | 'reorder';

export const TONE_NAMES: readonly ToneName[] = ['dial', 'ringback', 'busy', 'reorder'];

/** A country's call-progress tones as strings (a board profile's `tones`, e.g. us.json). */
export interface ToneStrings {
  dial: string;
  busy: string;
  reorder: string;
  /** Absent from today's board profiles; DEFAULT_RINGBACK is used then. */
  ringback?: string;
}

/**
 * ITU-T E.180's recommended ringing tone (400-450 Hz, about 1 s on, 4 s off), used when a
 * country's profile gives no ringback.
 */
export const DEFAULT_RINGBACK = '425/1000,0/4000';

export interface CountryTonesOptions {
  /** Level of each frequency in dBm0 (default -13). */
  levelDbm0?: number;
  /** Prefix for error messages, e.g. `boards/profiles/us.json tones` (default `tones`). */
  label?: string;
}

/**
 * One country's dial, ringback, busy and reorder tones, each parsed and compiled once; `source()`
 * makes a cheap player for one line. Construction throws `ToneError` naming the tone
 * (`tones.busy "…": …`) when a string is bad. src/media does not read board files: the caller
 * passes the profile's strings.
 */
export class CountryTones {
  private readonly tones: Readonly<Record<ToneName, CompiledTone>>;

  constructor(strings: ToneStrings, options: CountryTonesOptions = {}) {
    const label = options.label ?? 'tones';
    const compile = (name: ToneName, text: string): CompiledTone => compileTone(text, { levelDbm0: options.levelDbm0, label: `${label}.${name}` });
    this.tones = {
      dial: compile('dial', strings.dial),
      ringback: compile('ringback', strings.ringback ?? DEFAULT_RINGBACK),
      busy: compile('busy', strings.busy),
      reorder: compile('reorder', strings.reorder),
    };
  }

  /** The compiled tone, e.g. to inspect its cadence. */
  tone(name: ToneName): CompiledTone {
    const tone = this.tones[name];
    if (tone === undefined) throw new RangeError(`tone name must be one of ${TONE_NAMES.join(', ')}, got ${String(name)}`);
    return tone;
  }

  /** A new player of the tone, from its start. */
  source(name: ToneName): ToneSource {
    return new ToneSource(this.tone(name));
  }
}
