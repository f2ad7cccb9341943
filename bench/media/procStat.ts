import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** CPU time a process (all its threads) has used, in µs, from /proc/<pid>/stat: user + system, and system alone. */
export function procCpuUs(pid: number): { total: number; system: number } {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from 3 (state) on
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return { total: ((utime + stime) * 1e6) / ticksPerSecond, system: (stime * 1e6) / ticksPerSecond };
}

/** A process's resident set, in bytes, from /proc/<pid>/status. */
export function procRss(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
  return m === null ? NaN : Number(m[1]) * 1024;
}

/**
 * How many times a process's threads went to sleep and were woken (voluntary context switches,
 * summed over /proc/<pid>/task/*): each is an epoll or futex wait that ended. On a VM a wake-up
 * costs far more than the work it brings, so this explains CPU the per-packet work does not.
 */
export function procWakeups(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const m = /^voluntary_ctxt_switches:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/task/${tid}/status`, 'latin1'));
      total += m === null ? 0 : Number(m[1]);
    } catch { /* the thread ended between the listing and the read */ }
  }
  return total;
}
