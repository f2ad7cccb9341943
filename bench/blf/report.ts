import { rate, spanMs } from './fanOut.js';
import type { FanOut } from './fanOut.js';
import { median, percentile } from './percentile.js';
import type { RoundResult } from './rounds.js';
import type { SippOutcome } from './SippWatchers.js';

export interface Report {
  n: number;
  /** Another keyline build than this checkout's (`--keyline-root`), or null. */
  keylineRoot: string | null;
  lines: number;
  rounds: number;
  keyline: RoundResult[];
  kamailio: RoundResult[];
  loadBefore: number[];
  loadAfter: number[];
  /** What keyline logged about failed NOTIFYs. */
  keylineNotifyTrouble: { retries: number; ended: number };
  sipp: { keyline: SippOutcome; kamailio: SippOutcome };
  machine: { cpu: string; cores: number; gib: number };
  kamailioVersion: string;
}

interface Row { impl: string; from: string; spans: number[]; firsts: number[]; rates: number[] }

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');

function row(impl: string, from: string, fans: FanOut[], origin: (f: FanOut) => number): Row {
  const shifted = fans.map((f) => ({ ...f, trigger: origin(f) }));
  return { impl, from, spans: shifted.map(spanMs), firsts: shifted.map((f) => f.first - f.trigger), rates: shifted.map(rate) };
}

/**
 * Prints the markdown table (median / p95 / max over the rounds), the machine line, the checks and
 * notes. Returns false when a check failed (a watcher missed a NOTIFY, SIPp failed): the numbers
 * are then not valid.
 */
export function printReport(r: Report): boolean {
  const ky = r.keyline.map((x) => x.early);
  const km = r.kamailio.map((x) => x.early);
  const rows = [
    row('keyline', 'ring validated', ky, (f) => f.trigger),
    row('keyline', '`sim ring` sent', ky, (f) => f.command ?? NaN),
    row('Kamailio 5.6 presence (anchor)', 'PUBLISH sent', km, (f) => f.trigger),
  ];
  const date = new Date().toISOString().slice(0, 10);
  console.log(`keyline BLF fan-out benchmark — ${date} — node ${process.version} — ${r.machine.cpu} x${r.machine.cores}, ${r.machine.gib.toFixed(0)} GiB — ${r.kamailioVersion}`);
  if (r.keylineRoot !== null) console.log(`keyline build: ${r.keylineRoot}`);
  console.log(`${r.lines} lines, ${r.n} SIPp watchers of line1 per side, ${r.rounds} rounds after 1 warm-up, alternating; load average before ${load(r.loadBefore)}, after ${load(r.loadAfter)}`);
  console.log('');
  console.log('| implementation | subscribers | measured from | first NOTIFY ms (median) | fan-out median ms | p95 ms | max ms | NOTIFYs/s (median) |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const x of rows) {
    console.log(`| ${x.impl} | ${r.n} | ${x.from} | ${f1(median(x.firsts))} | ${f1(median(x.spans))} | ${f1(percentile(x.spans, 95))} | ${f1(Math.max(...x.spans))} | ${Math.round(median(x.rates))} |`);
  }
  console.log('');
  console.log(`per round, fan-out ms — keyline: ${ky.map((f) => f1(spanMs(f))).join(' ')}; Kamailio: ${km.map((f) => f1(spanMs(f))).join(' ')}`);
  const lateRing = ky.map((f) => (f.command === null ? NaN : f.trigger - f.command));
  console.log(`keyline \`sim ring\` → ring validated: median ${f1(median(lateRing))} ms (the simulated board's 200 ms ring validation)`);
  const drops = (rs: RoundResult[]) => `server socket ${rs.reduce((a, x) => a + x.drops.server, 0)}, watchers' socket ${rs.reduce((a, x) => a + x.drops.watchers, 0)}`;
  console.log(`UDP datagrams dropped by the kernel during the measured rounds (full receive buffer) — keyline: ${drops(r.keyline)}; Kamailio: ${drops(r.kamailio)}`);
  const ratio = median(rows[0]?.rates ?? []) / median(rows[2]?.rates ?? []);
  console.log(`goal "keyline's fan-out rate at least Kamailio's": keyline/Kamailio NOTIFYs/s = ${ratio.toFixed(2)} → ${ratio >= 1 ? 'met' : 'NOT met'}`);
  const short = (name: string, rounds: RoundResult[]) => rounds.flatMap((x, i) => {
    const bad: string[] = [];
    if (x.early.watchers !== r.n) bad.push(`round ${i + 1}: ${x.early.watchers}/${r.n} watchers got early`);
    if (x.early.count !== x.early.watchers) bad.push(`round ${i + 1}: ${x.early.count - x.early.watchers} duplicate early NOTIFYs`);
    if (x.idle !== r.n) bad.push(`round ${i + 1}: ${x.idle}/${r.n} watchers got the idle NOTIFY`);
    return bad.map((b) => `${name} ${b}`);
  });
  // Problems make the numbers wrong; notes are findings (repeated messages, failed NOTIFYs).
  const problems = [...short('keyline', r.keyline), ...short('Kamailio', r.kamailio)];
  const notes: string[] = [];
  const t = r.keylineNotifyTrouble;
  if (t.retries + t.ended > 0) notes.push(`keyline logged ${t.retries} NOTIFY retries and ${t.ended} subscriptions ended by a failed NOTIFY`);
  for (const [name, s] of Object.entries(r.sipp)) {
    if (s.code !== 0) problems.push(`SIPp watchers of ${name} exited ${s.code}: ${s.errors.slice(0, 400)}`);
    const odd = Object.entries(s.counts).filter(([k]) => /_(Retrans|Timeout|Unexp)$/.test(k));
    if (odd.length > 0) notes.push(`SIPp watchers of ${name} (whole run): ${odd.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  console.log(problems.length === 0
    ? 'checks: every watcher got exactly one early and one idle NOTIFY per round; both SIPp runs ended cleanly'
    : `PROBLEMS (the numbers above are not valid):\n- ${problems.join('\n- ')}`);
  if (notes.length > 0) console.log(`notes:\n- ${notes.join('\n- ')}`);
  return problems.length === 0;
}
