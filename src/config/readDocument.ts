import { LineCounter, parseDocument } from 'yaml';
import type { YAMLError } from 'yaml';
import type { z } from 'zod';
import type { ConfigIssue } from './ConfigIssue.js';
import { ConfigError } from './ConfigError.js';
import type { Finding } from './Finding.js';
import { findingsFromZod } from './findingsFromZod.js';
import type { UnknownKeyMessage } from './findingsFromZod.js';
import { formatKey } from './keyPath.js';
import type { KeyPath } from './keyPath.js';
import type { Where } from './lineChecks.js';
import { createLocator, pathAtOffset } from './locate.js';
import { withoutSecrets } from './secretKeys.js';

/**
 * A YAML (or JSON) configuration text that parsed, with what every stage after the syntax needs
 * to report problems by file, line, column and dotted key. The functions do not use `this`: pass
 * them around freely (`checks(data, doc.where).map(doc.issue)`).
 */
export interface SourceDocument {
  readonly file: string;
  /** The document as plain data. */
  readonly data: unknown;
  /** Gives a finding its position in the file. */
  readonly issue: (finding: Finding) => ConfigIssue;
  /** Where a path's value is (`board.json:4:9`), so a message can point at the other half of a clash. */
  readonly where: Where;
  /** The issues with the YAML warnings added, in file order. */
  readonly withWarnings: (issues: readonly ConfigIssue[]) => ConfigIssue[];
  /** Rejects the file: throws a ConfigError with the issues and the YAML warnings, in file order. */
  readonly reject: (issues: readonly ConfigIssue[]) => never;
  /** The data checked against a schema, or a rejection naming every shape error. */
  readonly validate: <S extends z.ZodType>(schema: S, unknownKey?: UnknownKeyMessage) => z.output<S>;
}

function byPosition(a: ConfigIssue, b: ConfigIssue): number {
  return a.line - b.line || a.col - b.col;
}

function yamlMessage(error: YAMLError, what: string): string {
  if (error.code === 'DUPLICATE_KEY') return 'this key appears twice in the same mapping';
  if (error.code === 'MULTIPLE_DOCS') return `a second document starts here (---): ${what} is one YAML document`;
  return `YAML syntax: ${error.message.replace(/\s+/g, ' ').trim()}`;
}

/**
 * Parses a configuration text; `file` only names it in issues and `what` names the kind of file
 * ("a site configuration"). JSON is YAML, so board files come through here too. Syntax errors
 * (with their position and the key they fall in) and a document that cannot be expanded are
 * thrown at once as a ConfigError: no later stage can run on them.
 */
export function readDocument(text: string, file: string, what: string): SourceDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locate = createLocator(doc, lineCounter);
  const fromYaml = (e: YAMLError, severity: ConfigIssue['severity']): ConfigIssue => ({
    file,
    ...lineCounter.linePos(e.pos[0]),
    key: formatKey(withoutSecrets(pathAtOffset(doc, e.pos[0]))),
    message: yamlMessage(e, what),
    severity,
  });
  const warnings = doc.warnings.map((w) => fromYaml(w, 'warning'));
  const withWarnings = (issues: readonly ConfigIssue[]): ConfigIssue[] => [...issues, ...warnings].sort(byPosition);
  // Declared with its type so that control flow knows a call never returns.
  const reject: (issues: readonly ConfigIssue[]) => never = (issues) => {
    throw new ConfigError(withWarnings(issues));
  };

  if (doc.errors.length > 0) reject(doc.errors.map((e) => fromYaml(e, 'error')));
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (e) {
    // Alias expansion is what fails here: too many aliases (a "billion laughs" document).
    reject([{ file, line: 1, col: 1, key: '', message: `cannot read the document: ${(e as Error).message}`, severity: 'error' }]);
  }

  const issue = (f: Finding): ConfigIssue => ({
    file,
    ...locate(f.path, f.anchor),
    key: formatKey(f.path),
    message: f.message,
    severity: f.severity,
  });
  const where = (path: KeyPath): string => {
    const { line, col } = locate(path, 'value');
    return `${file}:${line}:${col}`;
  };
  const validate = <S extends z.ZodType>(schema: S, unknownKey?: UnknownKeyMessage): z.output<S> => {
    const parsed = schema.safeParse(data);
    if (!parsed.success) reject(findingsFromZod(parsed.error.issues, data, [], unknownKey).map(issue));
    return parsed.data;
  };
  return { file, data, issue, where, withWarnings, reject, validate };
}
