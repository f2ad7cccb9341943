/** Lamp states of lamps.md §1. */
export const LAMPS = [
  'idle', 'ringing-here', 'ringing-not-here', 'seizing', 'in-use-mine', 'in-use-other', 'held-mine', 'held-other',
  'held-private-mine', 'held-private-other', 'recall', 'out-of-service', 'unknown',
] as const;
export type Lamp = (typeof LAMPS)[number];
