export interface DtmfDetectorOptions {
  /** Weakest accepted level of each of the two frequencies, dBm0 (default -30). */
  minLevelDbm0?: number;
  /** Most the column tone may exceed the row tone by, dB (default 8). */
  maxNormalTwistDb?: number;
  /** Most the row tone may exceed the column tone by, dB (default 8). */
  maxReverseTwistDb?: number;
  /** How far the strongest row (column) must stand above every other row (column), dB (default 6). */
  minPeakRatioDb?: number;
  /** Least share of the frame's power the two tones must carry (default 0.6). */
  minToneShare?: number;
}
