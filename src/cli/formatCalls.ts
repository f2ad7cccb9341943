import type { CallLogEntry } from '../control/messages.js';
import { formatCaller } from './formatCaller.js';
import { renderTable } from './renderTable.js';

/** `keyline calls` for people: one row per call, oldest first (newest last), times local. */
export function formatCalls(entries: readonly CallLogEntry[]): string {
  if (entries.length === 0) return 'no calls logged\n';
  const sorted = [...entries].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  return renderTable(
    ['START', 'LINE', 'DIR', 'CALLER', 'ANSWERED BY', 'DURATION', 'OUTCOME'],
    sorted.map((entry) => [
      formatLocalTime(entry.start),
      entry.line,
      entry.direction,
      entry.direction === 'in' ? formatCaller(entry.callerId) : entry.digits === '' ? '-' : `to ${entry.digits}`,
      entry.answeredBy ?? '-',
      entry.end === null ? 'in progress' : formatDuration(Date.parse(entry.end) - Date.parse(entry.start)),
      entry.glare ? `${entry.outcome} (glare)` : entry.outcome,
    ]),
  );
}

/** An ISO instant as local `YYYY-MM-DD HH:MM:SS`; text that is not a date is shown as is. */
export function formatLocalTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** Milliseconds as `m:ss`, or `h:mm:ss` from an hour. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
