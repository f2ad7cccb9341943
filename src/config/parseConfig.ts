import { dirname, resolve } from 'node:path';
import type { LoadedConfig, LoadOptions } from './LoadedConfig.js';
import { crossChecks } from './crossChecks.js';
import { readDocument } from './readDocument.js';
import type { SourceDocument } from './readDocument.js';
import { resolvePresence } from './resolvePresence.js';
import { resolveSip } from './resolveSip.js';
import { resolveSystem } from './resolveSystem.js';
import { siteFileSchema } from './schema.js';

/**
 * Validates and resolves a site configuration given as text; `file` only names it in issues.
 * Every problem of the file is reported at once, in file order, by throwing a ConfigError; a
 * valid file comes back with its warnings. Stages stop at the first one that fails (YAML syntax,
 * then shape, then cross-references) because a later stage run on a broken earlier one only adds
 * noise.
 */
export function parseConfig(text: string, file: string, opts: LoadOptions = {}): LoadedConfig {
  const doc: SourceDocument = readDocument(text, file, 'a site configuration');
  const site = doc.validate(siteFileSchema);
  const findings = crossChecks(site, opts, doc.where).map(doc.issue);
  if (findings.some((f) => f.severity === 'error')) doc.reject(findings);
  const resolved = resolveSystem(site);
  // A music file is found beside the configuration that names it, as an installer expects.
  const music = Object.fromEntries(Object.entries(site.media?.musicOnHold ?? {}).map(([k, p]) => [k, resolve(dirname(file), p)]));
  const media = { rtpPorts: site.media?.rtpPorts ?? null, musicOnHold: music };
  return { file, ...resolved, ...resolveSip(site, resolved.site.domain), media, presence: resolvePresence(site),
    remoteLines: (site.remoteLines ?? []).map((r) => ({ id: r.id, uri: r.uri, label: r.label ?? r.id, keys: r.keys ?? [] })), warnings: doc.withWarnings(findings) };
}
