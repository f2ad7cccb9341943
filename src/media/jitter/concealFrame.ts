import { FRAME_SAMPLES } from '../Frame.js';
import type { Frame } from '../Frame.js';

/**
 * The frame played in place of one lost packet: the previous frame repeated, attenuated and faded
 * out over the frame (gain 0.75 falling linearly to 0), so that a single loss is bridged without a
 * hole and the following silence begins without a click. A new array.
 */
export function concealFrame(previous: Frame): Frame {
  const out = new Int16Array(FRAME_SAMPLES);
  for (let i = 0; i < FRAME_SAMPLES; i += 1) out[i] = Math.round((previous[i] ?? 0) * 0.75 * (1 - i / FRAME_SAMPLES));
  return out;
}

/** Mean absolute sample value of a frame: how loud it is, cheaply. */
export function meanLevel(frame: Frame): number {
  let sum = 0;
  for (let i = 0; i < frame.length; i += 1) sum += Math.abs(frame[i] ?? 0);
  return frame.length === 0 ? 0 : sum / frame.length;
}
