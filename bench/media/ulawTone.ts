import { FRAME_SAMPLES, SAMPLE_RATE } from '../../src/media/Frame.js';
import { encodeFrame } from '../../src/media/g711/encodeFrame.js';

/**
 * One 20 ms PCMU frame of a sine at `hz` (a multiple of 50 Hz, so the frame repeats seamlessly),
 * about −10 dBFS: audio that the jitter buffer and the mixer treat as speech, not silence.
 */
export function ulawTone(hz: number): Uint8Array {
  const frame = new Int16Array(FRAME_SAMPLES);
  for (let i = 0; i < FRAME_SAMPLES; i += 1) frame[i] = Math.round(10_000 * Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE));
  return encodeFrame(frame, 'PCMU');
}
