/** The site configuration: YAML loading and validation, and the Asterisk sla.conf importer. */
export type { ConfigIssue } from './ConfigIssue.js';
export { ConfigError } from './ConfigError.js';
export { formatIssue, formatIssues } from './formatIssues.js';
export type { LoadedConfig, LoadOptions } from './LoadedConfig.js';
export { loadConfigFile } from './loadConfigFile.js';
export { parseConfig } from './parseConfig.js';
export { importSlaConf } from './slaConf/importSlaConf.js';
export type { ImportNote, SlaImport } from './slaConf/ImportNote.js';
export { formatImportNotes } from './slaConf/ImportNote.js';
export { parseBoard } from './board/parseBoard.js';
export { loadBoardFile } from './board/loadBoardFile.js';
