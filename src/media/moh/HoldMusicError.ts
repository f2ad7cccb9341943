export type HoldMusicErrorCode = 'unreadable' | 'not-wav' | 'unsupported-format' | 'malformed';

/**
 * A music-on-hold file keyline cannot play (a configuration error, STYLE.md 6): the message names
 * the file and what was found in it.
 */
export class HoldMusicError extends Error {
  override readonly name = 'HoldMusicError';

  constructor(
    readonly code: HoldMusicErrorCode,
    readonly file: string,
    detail: string,
  ) {
    super(`hold music "${file}": ${detail}`);
  }
}
