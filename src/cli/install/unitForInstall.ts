/**
 * The packaged unit with `ExecStart` pointing at this node and this keyline: the packaged line
 * runs `/usr/bin/node /usr/lib/keyline/bin/keyline.js`; node itself stays the program systemd
 * execs (no `sh -c`, or `NotifyAccess=main` drops the notifications). Paths with spaces are
 * refused: systemd would split them.
 */
export function unitForInstall(unit: string, paths: { node: string; keyline: string }): string {
  for (const [name, p] of Object.entries(paths)) {
    if (!p.startsWith('/') || /\s/.test(p)) throw new RangeError(`paths.${name} must be an absolute path without spaces, got "${p}"`);
  }
  const lines = unit.split('\n');
  const i = lines.findIndex((l) => l.startsWith('ExecStart='));
  if (i < 0) throw new Error('the unit has no ExecStart= line');
  const args = (lines[i] ?? '').slice('ExecStart='.length).trim().split(/\s+/);
  // args: node, keyline.js, run, ...
  if (args.length < 3 || args[2] !== 'run') throw new Error(`unexpected ExecStart= in the unit: ${lines[i] ?? ''}`);
  lines[i] = `ExecStart=${[paths.node, paths.keyline, ...args.slice(2)].join(' ')}`;
  return lines.join('\n');
}
