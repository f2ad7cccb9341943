import type { LedColor, LedPattern } from '../../hal/contracts/index.js';
import type { Lamp } from '../core/lamp.js';
import { cadencePattern } from './cadences.js';
import type { Cadence } from './cadences.js';

export type PaletteRole = 'mine' | 'other' | 'attention';

/** How one lamp looks: a palette role or a fixed colour, and a cadence. */
export interface LampLook {
  colour: PaletteRole | LedColor;
  cadence: Cadence;
}

/** A panel's rendering style: the board's palette and per-lamp overrides, and the panel's colours. */
export interface LampStyle {
  palette: { mine: LedColor; other: LedColor; attention?: LedColor };
  patterns?: Partial<Record<Lamp, Partial<LampLook>>>;
  color: 'rgb' | 'blueRed' | 'mono';
  /** blueRed only: whether both LEDs of a key can be lit together. Default true (X-keys backlights). */
  mixing?: boolean;
}

/** The default rendering of `lamps.md` §3.2. `recall` alternates mine and attention. */
export const DEFAULT_LOOKS: Readonly<Record<Lamp, LampLook>> = {
  idle: { colour: 'mine', cadence: 'off' },
  'ringing-here': { colour: 'mine', cadence: 'fast' },
  'ringing-not-here': { colour: 'other', cadence: 'flash' },
  seizing: { colour: 'mine', cadence: 'steady' },
  'in-use-mine': { colour: 'mine', cadence: 'steady' },
  'in-use-other': { colour: 'other', cadence: 'steady' },
  'held-mine': { colour: 'mine', cadence: 'wink' },
  'held-other': { colour: 'other', cadence: 'wink' },
  'held-private-mine': { colour: 'mine', cadence: 'flutter' },
  'held-private-other': { colour: 'other', cadence: 'steady' },
  recall: { colour: 'mine', cadence: 'alternate' },
  'out-of-service': { colour: 'attention', cadence: 'blip' },
  unknown: { colour: 'attention', cadence: 'blip' },
};

/** Both LEDs of a blue/red key lit: the driver maps r > 0 to red and b > 0 to blue. */
export const BLUE_RED_BOTH: LedColor = { r: 255, g: 0, b: 255 };

/**
 * The LED pattern for a lamp on a panel (`lamps.md` §3.2, §3.3).
 *
 * - `rgb`: the table, palette as given, attention default amber; `recall` alternates mine and
 *   attention.
 * - `blueRed`: mine and other take the panel's two colours, first and second (blue = mine unless
 *   the palette already puts them the other way round); attention is both LEDs, or, without
 *   `mixing`, the two-colour rule: `recall` → mine `burst`, attention lamps → other.
 * - `mono`: one colour (the palette's mine); the cadence carries the meaning, `alternate` → `burst`.
 */
export function lampPattern(lamp: Lamp, style: LampStyle): LedPattern {
  const base = DEFAULT_LOOKS[lamp];
  if (!base) throw new RangeError(`lamp must be a Lamp, got ${JSON.stringify(lamp)}`);
  if (!style?.palette) throw new TypeError('style.palette is required');
  const look: LampLook = { ...base, ...style.patterns?.[lamp] };
  if (style.color === 'mono') {
    return cadencePattern(look.cadence === 'alternate' ? 'burst' : look.cadence, style.palette.mine);
  }
  if (style.color === 'blueRed') return blueRedPattern(look, style);
  if (style.color !== 'rgb') throw new RangeError(`style.color must be rgb, blueRed or mono, got ${JSON.stringify(style.color)}`);
  const palette = { mine: style.palette.mine, other: style.palette.other, attention: style.palette.attention ?? 'amber' };
  return render(look, palette);
}

function blueRedPattern(look: LampLook, style: LampStyle): LedPattern {
  const swapped = style.palette.mine === 'red' && style.palette.other === 'blue';
  const mine: LedColor = swapped ? 'red' : 'blue';
  const other: LedColor = swapped ? 'blue' : 'red';
  if (style.mixing !== false) return render(look, { mine, other, attention: BLUE_RED_BOTH });
  // Two colours, no mixing: attention is not available.
  if (look.cadence === 'alternate') return cadencePattern('burst', resolve(look.colour, { mine, other, attention: other }));
  return render(look, { mine, other, attention: other });
}

function render(look: LampLook, palette: Record<PaletteRole, LedColor>): LedPattern {
  const a = resolve(look.colour, palette);
  const b = look.colour === 'attention' ? palette.mine : palette.attention;
  return cadencePattern(look.cadence, a, b);
}

function resolve(colour: PaletteRole | LedColor, palette: Record<PaletteRole, LedColor>): LedColor {
  return colour === 'mine' || colour === 'other' || colour === 'attention' ? palette[colour] : colour;
}
