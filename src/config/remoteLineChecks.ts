import type { Finding } from './Finding.js';
import type { LoadOptions } from './LoadedConfig.js';
import type { Where } from './lineChecks.js';
import { REMOTE_LINE_URI } from './remoteLinesSchema.js';
import type { SiteFile } from './schema.js';

/**
 * `remoteLines:` rules that need the whole file:
 * - an id is unique among local and remote lines (a BLF key or board key names one of them);
 * - a URI is listed once (two ids for one presentity would be two subscriptions to one state);
 * - a URI is not one of this site's own presentities (its own lines are shown from the core);
 * - remote lines need a `presence:` section: they are SUBSCRIBEd to through that server;
 * - a panel key is on a panel of the board and shows one remote line.
 * Stations may NOT list a remote line in `lines:` (checked in appearanceChecks): an appearance
 * can ring, seize and hold, and a remote line can do none of these here.
 */
export function remoteLineChecks(file: SiteFile, where: Where, opts: LoadOptions = {}): Finding[] {
  const remote = file.remoteLines ?? [];
  if (remote.length === 0) return [];
  const out: Finding[] = [];
  const localIds = new Map(file.lines.map((l, i) => [l.id, i] as const));
  const domain = file.site?.domain?.toLowerCase();
  const firstId = new Map<string, number>();
  const firstUri = new Map<string, number>();
  remote.forEach((r, i) => {
    const local = localIds.get(r.id);
    const earlier = firstId.get(r.id);
    if (local !== undefined) {
      out.push({ path: ['remoteLines', i, 'id'], anchor: 'value', severity: 'error', message: `"${r.id}" is already a local line (${where(['lines', local, 'id'])}): give the remote line an id of its own, e.g. "${r.id}-remote"` });
    } else if (earlier !== undefined) {
      out.push({ path: ['remoteLines', i, 'id'], anchor: 'value', severity: 'error', message: `remote line id "${r.id}" is already declared at ${where(['remoteLines', earlier, 'id'])}` });
    } else firstId.set(r.id, i);
    const uri = r.uri.toLowerCase();
    const sameUri = firstUri.get(uri);
    if (sameUri !== undefined) {
      out.push({ path: ['remoteLines', i, 'uri'], anchor: 'value', severity: 'error', message: `${r.uri} is already shown as remote line "${remote[sameUri]?.id ?? ''}" (${where(['remoteLines', sameUri, 'uri'])})` });
    } else firstUri.set(uri, i);
    // User and host as the schema reads them, so a port after the host (`:5060`) changes nothing.
    const [, user = '', host] = REMOTE_LINE_URI.exec(uri) ?? [];
    if (domain !== undefined && host === domain && localIds.has(user)) {
      out.push({ path: ['remoteLines', i, 'uri'], anchor: 'value', severity: 'error', message: `${r.uri} is this site's own line "${user}": its lamps come from the key system, not from the presence server` });
    }
  });
  const keyAt = new Map<string, [number, number]>();
  remote.forEach((r, i) => {
    (r.keys ?? []).forEach((k, j) => {
      const path = ['remoteLines', i, 'keys', j] as const;
      if (opts.panels && !opts.panels.includes(k.panel)) {
        out.push({ path: [...path, 'panel'], anchor: 'value', severity: 'error', message: `panel "${k.panel}" is not on this board; its key panels are: ${opts.panels.join(', ') || 'none'}` });
        return;
      }
      const at = `${k.panel}\u0000${k.key}`;
      const first = keyAt.get(at);
      if (first === undefined) keyAt.set(at, [i, j]);
      else out.push({ path: [...path, 'key'], anchor: 'value', severity: 'error', message: `key ${k.panel}:${k.key} already shows remote line "${remote[first[0]]?.id ?? ''}" (${where(['remoteLines', first[0], 'keys', first[1], 'key'])})` });
    });
  });
  if (file.presence === undefined) {
    out.push({ path: ['remoteLines'], anchor: 'key', severity: 'error', message: 'remote lines are subscribed to through the presence server: add a `presence:` section with its `server:`' });
  }
  return out;
}
