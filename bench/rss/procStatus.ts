import { readFileSync } from 'node:fs';

/** One sample of a process's memory from /proc, in bytes. */
export interface ProcMemory {
  rss: number;
  hwm: number;
  /** Anonymous memory (V8's heap, malloc); the rest of RSS is file-backed (node's own text, libraries). */
  anon: number;
  file: number;
}

const kb = (text: string, field: string): number => {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return m ? Number(m[1]) * 1024 : NaN;
};

/** VmRSS, VmHWM, RssAnon and RssFile of `pid` (Linux). */
export function procMemory(pid: number): ProcMemory {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rss: kb(s, 'VmRSS'), hwm: kb(s, 'VmHWM'), anon: kb(s, 'RssAnon'), file: kb(s, 'RssFile') };
}

/** Clock ticks of CPU (user + system) used by `pid` so far, in seconds. */
export function procCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of /proc/PID/stat, 12 and 13 after "(comm) ".
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
