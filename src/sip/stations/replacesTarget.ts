/**
 * The line call a BLF pickup names (RFC 3891 `Replaces`, presence.md §5): phones build it from
 * the dialog-info `call-id` keyline published, `<line>-<seq>@<domain>`, and its tags. Returns the
 * line and call id, or null when it does not name a keyline line call.
 */
export function replacesTarget(header: string, domain: string): { line: string; call: string } | null {
  const callId = decodeURIComponent((header.split(';')[0] ?? '').trim());
  const m = /^([a-z][a-z0-9-]{0,31})-(\d+)@(.+)$/.exec(callId);
  if (!m || m[3]?.toLowerCase() !== domain.toLowerCase()) return null;
  return { line: m[1] as string, call: `${m[1]}-${m[2]}` };
}
