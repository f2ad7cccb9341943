import type { Finding } from './Finding.js';
import type { SiteFile } from './schema.js';

/** Sources every site has: the bundled generated tune, and no music at all. */
const BUILT_IN_SOURCES = ['default', 'none'];

/**
 * `media:` rules that need the whole file: an RTP range that holds at least one even RTP port
 * with its RTCP port, and every line's `musicOnHold` naming a declared source.
 */
export function mediaChecks(file: SiteFile): Finding[] {
  const out: Finding[] = [];
  const range = file.media?.rtpPorts;
  if (range && (range.max < range.min + 1 || range.max - range.min < (range.min % 2 === 0 ? 1 : 2))) {
    out.push({
      path: ['media', 'rtpPorts', 'max'],
      anchor: 'value',
      severity: 'error',
      message: `rtpPorts ${range.min}-${range.max} holds no even RTP port with the odd RTCP port above it`,
    });
  }
  const sources = new Set([...BUILT_IN_SOURCES, ...Object.keys(file.media?.musicOnHold ?? {})]);
  const known = [...sources].join(', ');
  const check = (value: string | undefined, path: (string | number)[]) => {
    if (value === undefined || sources.has(value)) return;
    out.push({ path, anchor: 'value', severity: 'error', message: `music-on-hold source "${value}" is not declared under media.musicOnHold (known: ${known})` });
  };
  check(file.defaults?.line?.musicOnHold, ['defaults', 'line', 'musicOnHold']);
  file.lines.forEach((line, i) => check(line.musicOnHold, ['lines', i, 'musicOnHold']));
  return out;
}
