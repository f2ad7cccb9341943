import type { Millis } from '../contracts/clock.js';
import type { LedColor, LedPattern } from '../contracts/panel.js';

/** Every blink edge falls on this grid (`lamps.md` §3.1). */
export const EDGE_GRID_MS = 50;

/** A pattern as the engine runs it: colour segments of one period, neighbours always different. */
export interface CompiledPattern {
  segments: ReadonlyArray<{ color: LedColor | null; ms: Millis }>;
  /** Sum of the segments; 0 for a constant pattern (one segment, no edges). */
  period: Millis;
}

/** A stable key for comparing colours (`{r,g,b}` objects compare by value). */
export function colorKey(c: LedColor | null): string {
  if (c === null) return 'off';
  return typeof c === 'string' ? c : `rgb(${c.r},${c.g},${c.b})`;
}

function checkColor(c: unknown, name: string): void {
  if (typeof c === 'string' && ['green', 'red', 'amber', 'blue', 'white'].includes(c)) return;
  if (c && typeof c === 'object') {
    const o = c as Record<string, unknown>;
    if (['r', 'g', 'b'].every((k) => Number.isInteger(o[k]) && (o[k] as number) >= 0 && (o[k] as number) <= 255)) return;
  }
  throw new RangeError(`${name} must be an LedColor, got ${JSON.stringify(c)}`);
}

function checkMs(ms: unknown, name: string): void {
  if (!(typeof ms === 'number' && ms > 0 && ms % EDGE_GRID_MS === 0)) {
    throw new RangeError(`${name} must be a positive multiple of ${EDGE_GRID_MS} ms, got ${String(ms)}`);
  }
}

/**
 * Validates a pattern (misuse throws naming the field) and flattens it into segments, merging
 * neighbours of the same colour, so each remaining boundary is a real edge.
 */
export function compilePattern(p: LedPattern): CompiledPattern {
  let raw: Array<{ color: LedColor | null; ms: Millis }>;
  switch (p?.kind) {
    case 'off':
      return { segments: [{ color: null, ms: 0 }], period: 0 };
    case 'steady':
      checkColor(p.color, 'pattern.color');
      return { segments: [{ color: p.color, ms: 0 }], period: 0 };
    case 'blink':
      checkColor(p.color, 'pattern.color');
      if (p.offColor !== undefined) checkColor(p.offColor, 'pattern.offColor');
      checkMs(p.onMs, 'pattern.onMs');
      checkMs(p.offMs, 'pattern.offMs');
      raw = [{ color: p.color, ms: p.onMs }, { color: p.offColor ?? null, ms: p.offMs }];
      break;
    case 'cadence':
      if (!Array.isArray(p.segments) || p.segments.length === 0) throw new RangeError('pattern.segments must be a non-empty array');
      p.segments.forEach((s, i) => {
        if (s.color !== null) checkColor(s.color, `pattern.segments[${i}].color`);
        checkMs(s.ms, `pattern.segments[${i}].ms`);
      });
      raw = p.segments.map((s) => ({ color: s.color, ms: s.ms }));
      break;
    default:
      throw new RangeError(`pattern.kind must be off, steady, blink or cadence, got ${JSON.stringify((p as { kind?: unknown } | null)?.kind)}`);
  }
  const merged: Array<{ color: LedColor | null; ms: Millis }> = [];
  for (const s of raw) {
    const last = merged[merged.length - 1];
    if (last && colorKey(last.color) === colorKey(s.color)) last.ms += s.ms;
    else merged.push({ ...s });
  }
  const first = merged[0];
  if (merged.length === 1 && first) return { segments: [{ color: first.color, ms: 0 }], period: 0 };
  return { segments: merged, period: merged.reduce((sum, s) => sum + s.ms, 0) };
}

/** The colour at `offset` ms into the period (any offset; wrapped here). */
export function colorAt(p: CompiledPattern, offset: Millis): LedColor | null {
  if (p.period === 0) return p.segments[0]?.color ?? null;
  let o = ((offset % p.period) + p.period) % p.period;
  for (const s of p.segments) {
    if (o < s.ms) return s.color;
    o -= s.ms;
  }
  return p.segments[p.segments.length - 1]?.color ?? null;
}

/** Milliseconds from `offset` to the next colour change (> 0), or `null` if it never changes. */
export function msToNextEdge(p: CompiledPattern, offset: Millis): Millis | null {
  const n = p.segments.length;
  if (p.period === 0 || n < 2) return null;
  const o = ((offset % p.period) + p.period) % p.period;
  let boundary = 0;
  // Two laps: the wrap from the last segment to the first is an edge only if their colours differ.
  for (let i = 0; i < 2 * n; i++) {
    boundary += p.segments[i % n]?.ms ?? 0;
    const here = p.segments[i % n]?.color ?? null;
    const next = p.segments[(i + 1) % n]?.color ?? null;
    if (boundary > o && colorKey(here) !== colorKey(next)) return boundary - o;
  }
  return null;
}
