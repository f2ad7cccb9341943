import type { LedColor, LedPattern } from '../../hal/contracts/index.js';

/** The cadences of `lamps.md` §3.1 (plus `off`). Every period divides 2000 ms. */
export const CADENCES = ['off', 'steady', 'flash', 'fast', 'wink', 'flutter', 'burst', 'blip', 'alternate'] as const;
export type Cadence = (typeof CADENCES)[number];

const BLINKS: Partial<Record<Cadence, { onMs: number; offMs: number }>> = {
  flash: { onMs: 500, offMs: 500 },
  fast: { onMs: 250, offMs: 250 },
  wink: { onMs: 400, offMs: 100 },
  flutter: { onMs: 100, offMs: 100 },
  blip: { onMs: 100, offMs: 1900 },
};

/**
 * The LED pattern of a cadence in colour `a` (`alternate`: 250 ms `a`, 250 ms `b`).
 * Throws naming `cadence` for an unknown name, and `b` when `alternate` has none.
 */
export function cadencePattern(cadence: Cadence, a: LedColor, b?: LedColor): LedPattern {
  const blink = BLINKS[cadence];
  if (blink) return { kind: 'blink', color: a, ...blink };
  switch (cadence) {
    case 'off':
      return { kind: 'off' };
    case 'steady':
      return { kind: 'steady', color: a };
    case 'burst': {
      const flashes = Array.from({ length: 5 }, () => [{ color: a, ms: 100 }, { color: null, ms: 100 }]).flat();
      return { kind: 'cadence', segments: [...flashes, { color: null, ms: 1000 }] };
    }
    case 'alternate':
      if (b === undefined) throw new RangeError('cadencePattern: alternate needs a second colour b');
      return { kind: 'cadence', segments: [{ color: a, ms: 250 }, { color: b, ms: 250 }] };
    default:
      throw new RangeError(`cadence must be one of ${CADENCES.join(', ')}, got ${JSON.stringify(cadence)}`);
  }
}
