/**
 * One problem found in a configuration file. `line` and `col` are 1-based and point at the
 * offending key (unknown keys) or value (bad values); 0 means the problem concerns the file as a
 * whole (it could not be read). `key` is the dotted path, e.g. `stations[1].lines[0].line`, or ''
 * for the document itself.
 */
export interface ConfigIssue {
  file: string;
  line: number;
  col: number;
  key: string;
  message: string;
  severity: 'error' | 'warning';
}
