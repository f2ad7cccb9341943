import { fanOut } from './fanOut.js';
import type { FanOut } from './fanOut.js';
import type { KamailioSide } from './KamailioSide.js';
import type { KeylineSide } from './KeylineSide.js';
import type { SippWatchers } from './SippWatchers.js';
import { udpDrops } from './udpDrops.js';
import { sleep } from './wallNow.js';

export const BENCH_LINE = 'line1';
/** NOTIFYs a watcher gets per round: early and idle from keyline; early, terminated, removed from Kamailio. */
export const KEYLINE_NOTIFIES_PER_ROUND = 2;
export const KAMAILIO_NOTIFIES_PER_ROUND = 3;
/** Longest wait for one fan-out (every watcher's NOTIFY) before the round is reported short. */
const FANOUT_WAIT_MS = 20_000;
/** Quiet time after a round, so that the 200s of the idle NOTIFYs are in before the next ring. */
const SETTLE_MS = 300;

export interface RoundResult {
  early: FanOut;
  /** Watchers whose idle NOTIFY arrived after the end of the call (should be all). */
  idle: number;
  /** Datagrams the kernel dropped during the round on the server's socket and on the watchers' (full receive buffer). */
  drops: { server: number; watchers: number };
}

/** Counts the kernel's UDP drops on both sockets around `round`. */
async function counted(serverPort: number, w: SippWatchers, round: () => Promise<Omit<RoundResult, 'drops'>>): Promise<RoundResult> {
  const s0 = udpDrops(serverPort) ?? 0;
  const w0 = udpDrops(w.port) ?? 0;
  const r = await round();
  return { ...r, drops: { server: (udpDrops(serverPort) ?? 0) - s0, watchers: (udpDrops(w.port) ?? 0) - w0 } };
}

/**
 * A keyline round: `sim ring line1` → every watcher's `early` NOTIFY → `sim hangup line1` → every
 * watcher's `terminated` NOTIFY (the board notices the ringing stopped after 1.5 × the cadence's
 * longest silence, 3 s here). The trigger is the `fxo … event=ringing` log line: the ring was
 * validated (200 ms after the command on every country profile) and handed to the core.
 */
export function keylineRound(ky: KeylineSide, w: SippWatchers): Promise<RoundResult> {
  return counted(ky.sipPort, w, () => keylineCall(ky, w));
}

async function keylineCall(ky: KeylineSide, w: SippWatchers): Promise<Omit<RoundResult, 'drops'>> {
  const n = w.o.watchers;
  w.log.poll();
  const from = w.log.seen.length;
  const command = await ky.ring(BENCH_LINE);
  await w.log.until(from, n, (xs) => xs.filter((s) => s.state === 'early').length, FANOUT_WAIT_MS);
  const trigger = ky.ringingAt.get(BENCH_LINE)?.find((t) => t >= command) ?? NaN;
  const early = fanOut(w.log.seen.slice(from), 'early', trigger, command);
  const from2 = w.log.seen.length;
  await ky.hangup(BENCH_LINE);
  await w.log.until(from2, n, (xs) => xs.filter((s) => s.state === 'terminated').length, FANOUT_WAIT_MS);
  const idle = new Set(w.log.seen.slice(from2).filter((s) => s.state === 'terminated').map((s) => s.call)).size;
  await sleep(SETTLE_MS);
  return { early, idle };
}

/**
 * A Kamailio round: one PUBLISH of a new `early` publication → every watcher's NOTIFY → the same
 * publication `terminated` → every watcher's NOTIFY → the publication removed (Expires: 0) →
 * every watcher's NOTIFY of the removed document (three NOTIFYs a round; keyline sends two). The
 * trigger is the moment the first PUBLISH was sent.
 */
export function kamailioRound(km: KamailioSide, w: SippWatchers, index: number): Promise<RoundResult> {
  return counted(km.port, w, () => kamailioCall(km, w, index));
}

async function kamailioCall(km: KamailioSide, w: SippWatchers, index: number): Promise<Omit<RoundResult, 'drops'>> {
  const n = w.o.watchers;
  w.log.poll();
  const from = w.log.seen.length;
  const pub = await km.publishEarly(BENCH_LINE, `${BENCH_LINE}-${index + 1}`);
  await w.log.until(from, n, (xs) => xs.filter((s) => s.state === 'early').length, FANOUT_WAIT_MS);
  const early = fanOut(w.log.seen.slice(from), 'early', pub.sentAt, null);
  const from2 = w.log.seen.length;
  await km.publishTerminated(BENCH_LINE, `${BENCH_LINE}-${index + 1}`);
  await w.log.until(from2, n, (xs) => xs.filter((s) => s.state === 'terminated').length, FANOUT_WAIT_MS);
  const idle = new Set(w.log.seen.slice(from2).filter((s) => s.state === 'terminated').map((s) => s.call)).size;
  const from3 = w.log.seen.length;
  await km.unpublish(BENCH_LINE);
  await w.log.until(from3, n, (xs) => xs.length, FANOUT_WAIT_MS);
  await sleep(SETTLE_MS);
  return { early, idle };
}
