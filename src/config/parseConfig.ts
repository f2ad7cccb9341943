import { LineCounter, parseDocument } from 'yaml';
import type { YAMLError } from 'yaml';
import type { ConfigIssue } from './ConfigIssue.js';
import { ConfigError } from './ConfigError.js';
import type { Finding } from './Finding.js';
import type { LoadedConfig, LoadOptions } from './LoadedConfig.js';
import { crossChecks } from './crossChecks.js';
import { findingsFromZod } from './findingsFromZod.js';
import { formatKey } from './keyPath.js';
import { createLocator, pathAtOffset } from './locate.js';
import { resolveSystem } from './resolveSystem.js';
import { siteFileSchema } from './schema.js';

function byPosition(a: ConfigIssue, b: ConfigIssue): number {
  return a.line - b.line || a.col - b.col;
}

function yamlMessage(error: YAMLError): string {
  if (error.code === 'DUPLICATE_KEY') return 'this key appears twice in the same mapping';
  if (error.code === 'MULTIPLE_DOCS') return 'a second document starts here (---): a site configuration is one YAML document';
  return `YAML syntax: ${error.message.replace(/\s+/g, ' ').trim()}`;
}

/**
 * Validates and resolves a site configuration given as text; `file` only names it in issues.
 * Every problem of the file is reported at once, in file order, by throwing a ConfigError; a
 * valid file comes back with its warnings. Stages stop at the first one that fails (YAML syntax,
 * then shape, then cross-references) because a later stage run on a broken earlier one only adds
 * noise.
 */
export function parseConfig(text: string, file: string, opts: LoadOptions = {}): LoadedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locate = createLocator(doc, lineCounter);
  const fromFinding = (f: Finding): ConfigIssue => ({
    file,
    ...locate(f.path, f.anchor),
    key: formatKey(f.path),
    message: f.message,
    severity: f.severity,
  });
  const fromYaml = (e: YAMLError, severity: ConfigIssue['severity']): ConfigIssue => ({
    file,
    ...lineCounter.linePos(e.pos[0]),
    key: formatKey(pathAtOffset(doc, e.pos[0])),
    message: yamlMessage(e),
    severity,
  });
  const yamlWarnings = doc.warnings.map((w) => fromYaml(w, 'warning'));
  // Declared with its type so that control flow knows a call never returns.
  const reject: (issues: ConfigIssue[]) => never = (issues) => {
    throw new ConfigError([...issues, ...yamlWarnings].sort(byPosition));
  };

  if (doc.errors.length > 0) reject(doc.errors.map((e) => fromYaml(e, 'error')));

  let data: unknown;
  try {
    data = doc.toJS();
  } catch (e) {
    // Alias expansion is what fails here: too many aliases (a "billion laughs" document).
    reject([{ file, line: 1, col: 1, key: '', message: `cannot read the document: ${(e as Error).message}`, severity: 'error' }]);
  }

  const parsed = siteFileSchema.safeParse(data);
  if (!parsed.success) reject(findingsFromZod(parsed.error.issues, data).map(fromFinding));

  const where = (path: Finding['path']): string => {
    const { line, col } = locate(path, 'value');
    return `${file}:${line}:${col}`;
  };
  const findings = crossChecks(parsed.data, opts, where).map(fromFinding);
  if (findings.some((f) => f.severity === 'error')) reject(findings);
  const resolved = resolveSystem(parsed.data);
  return { file, ...resolved, warnings: [...findings, ...yamlWarnings].sort(byPosition) };
}
