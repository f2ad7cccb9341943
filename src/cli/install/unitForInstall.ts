/**
 * The packaged unit with `ExecStart` pointing at this node and this keyline: the packaged line
 * runs `/usr/bin/node [node flags] /usr/lib/keyline/bin/keyline.js run ...`; node itself stays the
 * program systemd execs (no `sh -c`, or `NotifyAccess=main` drops the notifications). Node flags
 * between node and keyline.js are kept: some (`--single-threaded`) are refused in NODE_OPTIONS, so
 * ExecStart is their only place. Paths with spaces are refused: systemd would split them.
 */
export function unitForInstall(unit: string, paths: { node: string; keyline: string }): string {
  for (const [name, p] of Object.entries(paths)) {
    if (!p.startsWith('/') || /\s/.test(p)) throw new RangeError(`paths.${name} must be an absolute path without spaces, got "${p}"`);
  }
  const lines = unit.split('\n');
  const i = lines.findIndex((l) => l.startsWith('ExecStart='));
  if (i < 0) throw new Error('the unit has no ExecStart= line');
  const args = (lines[i] ?? '').slice('ExecStart='.length).trim().split(/\s+/);
  // args: node, --flag..., keyline.js, run, ...
  const script = args.findIndex((a, k) => k > 0 && !a.startsWith('-'));
  if (script < 1 || args[script + 1] !== 'run') throw new Error(`unexpected ExecStart= in the unit: ${lines[i] ?? ''}`);
  lines[i] = `ExecStart=${[paths.node, ...args.slice(1, script), paths.keyline, ...args.slice(script + 1)].join(' ')}`;
  return lines.join('\n');
}
