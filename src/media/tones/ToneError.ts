/**
 * A tone string that cannot be played (a configuration error, STYLE.md 6). The message names the
 * string (and what it configures, when the caller said) and the character where it went wrong;
 * the caller adds the file and line.
 */
export class ToneError extends Error {
  override readonly name = 'ToneError';
  readonly code = 'bad-tone';

  constructor(
    /** The whole string as given. */
    readonly input: string,
    /** 0-based character offset of the fault in `input`. */
    readonly index: number,
    /** What went wrong, without the string. */
    readonly reason: string,
    /** What the string configures, e.g. `tones.busy`. */
    readonly label = 'tone',
  ) {
    super(`${label} "${input}": ${reason} (at character ${index + 1})`);
  }
}
