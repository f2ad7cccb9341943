import type { LineStatus, StationStatus, SystemStatus } from '../control/messages.js';
import { formatCaller } from './formatCaller.js';
import { formatSipSections } from './formatSip.js';
import { renderTable } from './renderTable.js';

/**
 * `keyline status` for people: the lines (with their line voltage and loop current where the
 * ports report them), the stations, and the station × line lamp grid; with SIP on, its
 * registrations, subscriptions, call legs and blocked addresses.
 */
export function formatStatus(status: SystemStatus): string {
  const sections = [
    'LINES\n' + renderTable(['LINE', 'LABEL', 'STATE', 'CALL', 'CALLER', 'ON LINE', 'HOLDING', 'SEIZING'], status.lines.map(lineRow)),
    ...pendingNotes(status.lines),
    ...levelsSection(status.lines, status.t),
    'STATIONS\n' +
      renderTable(['STATION', 'KIND', 'BUSY', 'REACHABLE', 'HANDSET', 'ALERTS', 'LAST REFUSAL'], status.stations.map((station) => stationRow(station, status.t))),
    'APPEARANCES\n' + appearanceGrid(status),
    ...(status.sip ? formatSipSections(status.sip, status.t) : []),
    ...(status.presence ? [formatPresence(status.presence, status.t)] : []),
    ...(status.presence?.remoteLines?.length ? [formatRemoteLines(status.presence.remoteLines, status.t)] : []),
  ];
  return sections.join('\n');
}

function lineRow(line: LineStatus): string[] {
  const call = line.call;
  if (!call) return [line.id, line.label, line.state, '-', '-', '-', '-', '-'];
  return [
    line.id,
    line.label,
    line.state,
    call.id,
    call.direction === 'in' ? formatCaller(call.callerId) : 'outgoing',
    list(call.connected),
    list(call.holders.map((holder) => (holder.private ? `${holder.station} (private)` : holder.station))),
    call.seizer ?? '-',
  ];
}

function pendingNotes(lines: readonly LineStatus[]): string[] {
  const notes = lines.flatMap((line) => line.pending.map((item) => `  line ${line.id}: ${item}`));
  return notes.length === 0 ? [] : [`PENDING until the call ends\n${notes.join('\n')}\n`];
}

/** Line voltage and loop current, for the lines whose port reports them (e.g. the MCU board). */
function levelsSection(lines: readonly LineStatus[], now: number): string[] {
  const rows = lines.flatMap((line) => (line.levels ? [[line.id, levelsCell(line.levels.onHook, now), levelsCell(line.levels.offHook, now)]] : []));
  return rows.length === 0 ? [] : ['LINE LEVELS\n' + renderTable(['LINE', 'ON-HOOK', 'OFF-HOOK'], rows)];
}

function levelsCell(sample: { t: number; volts?: number; milliamps?: number } | undefined, now: number): string {
  if (!sample) return '-';
  const values = [sample.volts === undefined ? null : `${sample.volts} V`, sample.milliamps === undefined ? null : `${sample.milliamps} mA`].filter((v) => v !== null);
  return `${values.join(' ')}, ${formatAge(now - sample.t)} ago`;
}

function stationRow(station: StationStatus, now: number): string[] {
  const refusal = station.lastRefusal;
  return [
    station.id,
    station.kind,
    yesNo(station.busy),
    yesNo(station.reachable),
    station.handset,
    list(station.alerts.map((alert) => `${alert.kind} ${alert.line}`)),
    refusal === null ? '-' : `${refusal.reason}${refusal.line === null ? '' : ` on ${refusal.line}`}, ${formatAge(now - refusal.t)} ago`,
  ];
}

function appearanceGrid(status: SystemStatus): string {
  const lines = status.lines.map((line) => line.id);
  const rows = status.stations.map((station) => {
    const lamps = new Map(station.lamps.map((entry) => [entry.line, entry.lamp]));
    return [station.id, ...lines.map((line) => lamps.get(line) ?? '-')];
  });
  const field = new Map(status.lampField.map((entry) => [entry.line, entry.lamp]));
  rows.push(['lamp field', ...lines.map((line) => field.get(line) ?? '-')]);
  return renderTable(['STATION', ...lines], rows);
}

function list(items: readonly string[]): string {
  return items.length === 0 ? '-' : items.join(', ');
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

/** A duration in ms as `45 s`, `12 min` or `3 h`. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/** Other sites' lines: what each lamp shows and why an `unknown` one is unknown (lamps.md §3.2: the CLI tells it from out-of-service). */
function formatRemoteLines(lines: NonNullable<NonNullable<SystemStatus['presence']>['remoteLines']>, t: number): string {
  const rows = lines.map((r) => [
    r.id, r.label, r.uri, r.lamp, r.phase, r.refused > 0 ? String(r.refused) : '-',
    r.lastError === null ? '-' : `${r.lastError.error} (${Math.round((t - r.lastError.t) / 1000)} s ago)`,
  ]);
  return 'REMOTE LINES\n' + renderTable(['LINE', 'LABEL', 'URI', 'LAMP', 'SUBSCRIPTION', 'REFUSED', 'LAST ERROR'], rows);
}

/** One line for the presence link: the server, how long since the last success, the last error, lines not published. */
function formatPresence(p: NonNullable<SystemStatus['presence']>, t: number): string {
  const ago = (at: number | null) => (at === null ? 'never' : `${Math.round((t - at) / 1000)} s ago`);
  const troubled = p.lines.filter((l) => l.phase === 'backoff' || l.phase === 'halted').map((l) => `${l.line} ${l.phase}`);
  const error = p.lastError === null ? 'none' : `${p.lastError.line}: ${p.lastError.error} (${ago(p.lastError.t)})`;
  return `PRESENCE ${p.server}: last success ${ago(p.lastSuccess)}, last error ${error}${troubled.length ? `, ${troubled.join(', ')}` : ''}\n`;
}
