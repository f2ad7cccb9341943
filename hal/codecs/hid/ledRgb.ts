import type { LedColor } from '../../contracts/panel.js';

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/**
 * Named colours as LED drive levels. Amber is red and green together, as on a bicolour LED
 * (`lamps.md` §3.2: attention = amber).
 */
const NAMED: Readonly<Record<Extract<LedColor, string>, Rgb>> = {
  green: { r: 0, g: 255, b: 0 },
  red: { r: 255, g: 0, b: 0 },
  amber: { r: 255, g: 255, b: 0 },
  blue: { r: 0, g: 0, b: 255 },
  white: { r: 255, g: 255, b: 255 },
};

const DARK: Rgb = { r: 0, g: 0, b: 0 };

/** An LED colour as red, green and blue levels 0..255; `null` (dark) is all zero. */
export function ledRgb(color: LedColor | null): Rgb {
  if (color === null) return { ...DARK };
  if (typeof color === 'string') {
    const named = NAMED[color];
    if (!named) throw new RangeError(`color must be an LedColor, got ${JSON.stringify(color)}`);
    return { ...named };
  }
  for (const k of ['r', 'g', 'b'] as const) {
    const v = color[k];
    if (!(Number.isInteger(v) && v >= 0 && v <= 255)) throw new RangeError(`color.${k} must be an integer in 0..255, got ${String(v)}`);
  }
  return { r: color.r, g: color.g, b: color.b };
}

/** Whether any channel is lit. */
export function isLit(c: Rgb): boolean {
  return c.r > 0 || c.g > 0 || c.b > 0;
}
