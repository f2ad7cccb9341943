/** The single 20 ms media clock and its time sources. */
export type { MediaTimer } from './MediaTimer.js';
export type { MediaClockOptions } from './MediaClockOptions.js';
export type { MediaClockStats } from './MediaClockStats.js';
export type { LatenessSummary } from './LatenessWindow.js';
export { LatenessWindow } from './LatenessWindow.js';
export { MediaClock } from './MediaClock.js';
export type { TickListener } from './MediaClock.js';
export { systemMediaTimer } from './systemMediaTimer.js';
