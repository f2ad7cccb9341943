import type { BoardFile } from '../../../boards/types.js';
import { readConfigText } from '../readConfigText.js';
import { parseBoard } from './parseBoard.js';

/** Reads and validates a board file; a file that cannot be read is a ConfigError too. */
export async function loadBoardFile(path: string): Promise<BoardFile> {
  return parseBoard(await readConfigText(path, 'the board file'), path);
}
