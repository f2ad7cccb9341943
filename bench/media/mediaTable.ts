import { median } from '../blf/percentile.js';
import type { MediaRow } from './MediaCase.js';

const f = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : '—');

/** Each column's median over several runs of the same case (columns taken independently). */
export function medianRow(rows: readonly MediaRow[]): MediaRow {
  const first = rows[0];
  if (first === undefined) throw new RangeError('medianRow: no rows');
  const m = (pick: (r: MediaRow) => number): number => median(rows.map(pick));
  return {
    ...first,
    windowS: m((r) => r.windowS), cpuPct: m((r) => r.cpuPct), systemPct: m((r) => r.systemPct), usPerPacket: m((r) => r.usPerPacket), wakeupsPerS: m((r) => r.wakeupsPerS), pps: m((r) => r.pps),
    lateness: first.lateness === null ? null : {
      p50: m((r) => r.lateness?.p50 ?? NaN), p99: m((r) => r.lateness?.p99 ?? NaN), max: m((r) => r.lateness?.max ?? NaN),
    },
    skipped: m((r) => r.skipped),
    arrival: { p50: m((r) => r.arrival.p50), p99: m((r) => r.arrival.p99), max: m((r) => r.arrival.max) },
    lossPct: m((r) => r.lossPct), concealedPerLegS: m((r) => r.concealedPerLegS), rssMiB: m((r) => r.rssMiB),
  };
}

/** The result table, as Markdown. */
export function mediaTable(rows: readonly MediaRow[]): string {
  const head = '| relay | legs | CPU % of one core | of which kernel % | µs CPU / packet | packets/s in+out | wake-ups/s | clock lateness p50 / p99 / max ms | skipped ticks | arrival \\|gap−20\\| p50 / p99 / max ms | loss % | concealed /leg/s | RSS MiB |';
  const rule = '|---|---|---|---|---|---|---|---|---|---|---|---|---|';
  const lines = rows.map((r) => [
    r.label, String(r.legs), f(r.cpuPct, 2), f(r.systemPct, 0), f(r.usPerPacket, 2), f(r.pps, 0), f(r.wakeupsPerS, 0),
    r.lateness === null ? 'no clock' : `${f(r.lateness.p50, 2)} / ${f(r.lateness.p99, 2)} / ${f(r.lateness.max, 2)}`,
    r.lateness === null ? '—' : f(r.skipped, 0),
    `${f(r.arrival.p50, 2)} / ${f(r.arrival.p99, 2)} / ${f(r.arrival.max, 2)}`,
    f(r.lossPct, 2), r.impl === 'keyline' ? f(r.concealedPerLegS, 2) : '—', f(r.rssMiB, 1),
  ].join(' | ')).map((s) => `| ${s} |`);
  return [head, rule, ...lines].join('\n');
}
