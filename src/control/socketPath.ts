/**
 * Where the control socket lives, in order: `KEYLINE_SOCKET`; systemd's `RuntimeDirectory=keyline`
 * (`$RUNTIME_DIRECTORY`, first entry); `$XDG_RUNTIME_DIR/keyline`; `/tmp/keyline-<uid>`.
 * Pure: the service and the CLI both call it, so they agree without talking. Empty variables count
 * as unset.
 */
export function defaultSocketPath(
  env: Readonly<Record<string, string | undefined>> = process.env,
  uid: number = process.getuid?.() ?? 0,
): string {
  const explicit = env['KEYLINE_SOCKET'];
  if (explicit) return explicit;
  const runtime = env['RUNTIME_DIRECTORY']?.split(':')[0];
  if (runtime) return `${trimSlash(runtime)}/control.sock`;
  const xdg = env['XDG_RUNTIME_DIR'];
  if (xdg) return `${trimSlash(xdg)}/keyline/control.sock`;
  return `/tmp/keyline-${uid}/control.sock`;
}

function trimSlash(dir: string): string {
  return dir.length > 1 ? dir.replace(/\/+$/, '') : dir;
}
