import type { Lamp } from '../control/messages.js';
import { ANSI } from './ansi.js';

type Colour = 'mine' | 'other' | 'attention';
type Cadence = 'off' | 'steady' | 'flash' | 'fast' | 'wink' | 'flutter' | 'burst' | 'blip' | 'alternate';

interface LampLook {
  /** What the cell says, so the board reads without colour too. */
  label: string;
  colour: Colour | null;
  cadence: Cadence;
  meaning: string;
}

/** lamps.md §3.2, with a short label per lamp. */
export const LAMP_LOOKS: Readonly<Record<Lamp, LampLook>> = {
  idle: { label: 'idle', colour: null, cadence: 'off', meaning: 'free' },
  'ringing-here': { label: 'RING', colour: 'mine', cadence: 'fast', meaning: 'ringing for this station' },
  'ringing-not-here': { label: 'ring', colour: 'other', cadence: 'flash', meaning: 'ringing, not for this station now' },
  seizing: { label: 'seize', colour: 'mine', cadence: 'steady', meaning: 'taking the line' },
  'in-use-mine': { label: 'talk', colour: 'mine', cadence: 'steady', meaning: 'talking on it' },
  'in-use-other': { label: 'busy', colour: 'other', cadence: 'steady', meaning: 'someone else on it' },
  'held-mine': { label: 'hold', colour: 'mine', cadence: 'wink', meaning: 'held here' },
  'held-other': { label: 'held', colour: 'other', cadence: 'wink', meaning: 'held elsewhere, may pick up' },
  'held-private-mine': { label: 'hold-p', colour: 'mine', cadence: 'flutter', meaning: 'held here exclusively' },
  'held-private-other': { label: 'held-p', colour: 'other', cadence: 'steady', meaning: 'held exclusively elsewhere' },
  recall: { label: 'RECALL', colour: 'mine', cadence: 'alternate', meaning: 'held call calling back' },
  'out-of-service': { label: 'o-o-s', colour: 'attention', cadence: 'blip', meaning: 'line dead or port lost' },
  unknown: { label: '?', colour: 'attention', cadence: 'blip', meaning: 'remote line, state not known' },
};

export const TICK_MS = 250;

/**
 * Each cadence over 2000 ms in 250 ms steps: 1 lit, 0 dark, a/b the two colours of `alternate`.
 * A terminal redrawn every 250 ms cannot show 100 ms edges: flutter shows as fast, wink as
 * 750/250, burst and blip as short flashes, which keeps them apart from each other.
 */
const STEPS: Readonly<Record<Cadence, string>> = {
  off: '00000000',
  steady: '11111111',
  flash: '11001100',
  fast: '10101010',
  wink: '11101110',
  flutter: '10101010',
  burst: '10100000',
  blip: '10000000',
  alternate: 'abababab',
};

const BACKGROUND: Readonly<Record<Colour, string>> = { mine: ANSI.onGreen, other: ANSI.onRed, attention: ANSI.onAmber };

export function isBlinking(lamp: Lamp): boolean {
  const { cadence } = LAMP_LOOKS[lamp];
  return cadence !== 'off' && cadence !== 'steady';
}

/**
 * One board cell, `width` columns wide. On a terminal: the label on the lamp's colour, lit or dark
 * for `step` (the 250 ms step within the shared 2000 ms cycle, so every cell blinks in phase). Not
 * on a terminal: the label, with `(~)` when the lamp blinks. `undefined`: no appearance.
 */
export function lampCell(lamp: Lamp | undefined, options: { tty: boolean; step: number; width: number }): string {
  if (lamp === undefined) return ' '.repeat(options.width);
  const look = LAMP_LOOKS[lamp];
  if (!options.tty) return (isBlinking(lamp) ? `${look.label}(~)` : look.label).padEnd(options.width);
  const text = ` ${look.label}`.padEnd(options.width);
  const phase = STEPS[look.cadence][((options.step % 8) + 8) % 8] ?? '0';
  if (look.colour === null || phase === '0') return `${ANSI.dim}${text}${ANSI.reset}`;
  const background = phase === 'b' ? ANSI.onAmber : BACKGROUND[look.colour];
  return `${background}${text}${ANSI.reset}`;
}

/** The widest cell `lampCell` draws, padding included. */
export const LAMP_CELL_WIDTH = Math.max(...Object.values(LAMP_LOOKS).map((look) => look.label.length)) + 4;
