import type { BoardFile } from '../../../boards/types.js';
import { readDocument } from '../readDocument.js';
import type { SourceDocument } from '../readDocument.js';
import { boardFileSchema } from './boardSchema.js';
import { boardUnknownKeyMessage } from './boardUnknownKeyMessage.js';
import { deviceChecks } from './deviceChecks.js';
import { panelKeyChecks } from './panelKeyChecks.js';

/**
 * Validates a board file given as text (hardware.md §6; JSON, read as YAML so that errors have
 * positions); `file` only names it in issues. Every problem is reported at once, in file order,
 * by throwing a ConfigError. Stages stop at the first that fails (syntax, then shape, then
 * references between entries), as for the site configuration.
 */
export function parseBoard(text: string, file: string): BoardFile {
  const doc: SourceDocument = readDocument(text, file, 'a board file');
  // Typed as BoardFile: a schema that drifts from boards/types.ts fails to compile here.
  const board: BoardFile = doc.validate(boardFileSchema, boardUnknownKeyMessage);
  const findings = [...deviceChecks(board, doc.where), ...panelKeyChecks(board, doc.where)].map(doc.issue);
  if (findings.length > 0) doc.reject(findings);
  return board;
}
