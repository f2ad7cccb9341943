import { Document, isMap, isScalar, isSeq } from 'yaml';
import type { ImportedLine } from './mapTrunk.js';
import type { ImportedStation } from './mapStation.js';

function withoutSource<T extends { source: string }>(item: T): Omit<T, 'source'> {
  const { source: _source, ...rest } = item;
  return rest;
}

/**
 * What the installer must add before the file loads. The import writes no password (sla.conf has
 * none, and a made-up one would be a weak default nobody changes) and no address: `keyline config
 * check` names every station without a password, and the missing `advertise`, until they are set.
 */
const SIP_COMMENT = [
  ' SIP phones register here with their station\'s username (default: the station id) and',
  ' password. Before use: set listen.advertise to the address phones reach this box at (or',
  ' listen.address to it), and give every station a password: "…" of 8 characters or more.',
  ' `keyline config check` refuses this file until then.',
];
const PASSWORD_COMMENT = ' password: not in sla.conf (the phone\'s secret was in sip.conf or pjsip.conf): add password: "…"';

/**
 * Writes the imported site in the house style of examples/demo.yaml: one flow mapping per line
 * and per station, each under a comment naming the sla.conf section it came from. The `yaml`
 * library does the quoting, so an odd label cannot break the file.
 */
export function emitSiteYaml(header: string[], lines: ImportedLine[], stations: ImportedStation[]): string {
  const sip = stations.length === 0 ? {} : { sip: { listen: { address: '0.0.0.0' } } };
  const doc = new Document({ ...sip, lines: lines.map(withoutSource), stations: stations.map(withoutSource) });
  doc.commentBefore = header.map((h) => ` ${h}`).join('\n');
  const sources = { lines: lines.map((l) => l.source), stations: stations.map((s) => s.source) };
  for (const key of ['lines', 'stations'] as const) {
    const seq = doc.get(key, true);
    if (!isSeq(seq)) continue;
    seq.items.forEach((item, i) => {
      if (!isMap(item)) return;
      item.flow = true;
      const from = ` from ${sources[key][i] ?? 'sla.conf'}`;
      item.commentBefore = key === 'stations' ? `${from}\n${PASSWORD_COMMENT}` : from;
    });
  }
  const listen = doc.getIn(['sip', 'listen'], true);
  if (isMap(listen)) listen.flow = true;
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (!isScalar(pair.key)) continue;
      if (pair.key.value === 'sip') pair.key.commentBefore = SIP_COMMENT.join('\n');
      else if (pair.key.value === 'lines' && 'sip' in sip) pair.key.spaceBefore = true;
      else if (pair.key.value === 'stations') pair.key.spaceBefore = true;
    }
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}
