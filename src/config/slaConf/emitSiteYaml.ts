import { Document, isMap, isScalar, isSeq } from 'yaml';
import type { ImportedLine } from './mapTrunk.js';
import type { ImportedStation } from './mapStation.js';

function withoutSource<T extends { source: string }>(item: T): Omit<T, 'source'> {
  const { source: _source, ...rest } = item;
  return rest;
}

/**
 * Writes the imported site in the house style of examples/demo.yaml: one flow mapping per line
 * and per station, each under a comment naming the sla.conf section it came from. The `yaml`
 * library does the quoting, so an odd label cannot break the file.
 */
export function emitSiteYaml(header: string[], lines: ImportedLine[], stations: ImportedStation[]): string {
  const doc = new Document({ lines: lines.map(withoutSource), stations: stations.map(withoutSource) });
  doc.commentBefore = header.map((h) => ` ${h}`).join('\n');
  const sources = { lines: lines.map((l) => l.source), stations: stations.map((s) => s.source) };
  for (const key of ['lines', 'stations'] as const) {
    const seq = doc.get(key, true);
    if (!isSeq(seq)) continue;
    seq.items.forEach((item, i) => {
      if (!isMap(item)) return;
      item.flow = true;
      item.commentBefore = ` from ${sources[key][i] ?? 'sla.conf'}`;
    });
  }
  const stationsKey = isMap(doc.contents) ? doc.contents.items[1]?.key : undefined;
  if (isScalar(stationsKey)) stationsKey.spaceBefore = true;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}
