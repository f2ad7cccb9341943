import { fstatSync } from 'node:fs';

/**
 * True when file descriptor `fd` is the journald stream systemd connected it to: `$JOURNAL_STREAM`
 * is `device:inode` of that stream (systemd.exec(5)); a redirected fd no longer matches.
 */
export function isJournalStream(env: Readonly<Record<string, string | undefined>>, fd: number, stat: (fd: number) => { dev: number; ino: number } = fstatSync): boolean {
  const m = /^(\d+):(\d+)$/.exec(env['JOURNAL_STREAM'] ?? '');
  if (!m) return false;
  try {
    const st = stat(fd);
    return String(st.dev) === m[1] && String(st.ino) === m[2];
  } catch {
    return false;
  }
}

/**
 * Where the service's log lines go (hardware.md §9.4): with their `<N>` priority prefix to the
 * journal and to pipes (tests and log collectors read the level from it), without it on an
 * interactive terminal, where nobody parses it.
 */
export function logLineWriter(out: { write(s: string): unknown; isTTY?: boolean }, journal: boolean): (line: string) => void {
  if (journal || out.isTTY !== true) return (line) => void out.write(`${line}\n`);
  return (line) => void out.write(`${line.replace(/^<[0-7]>/, '')}\n`);
}
