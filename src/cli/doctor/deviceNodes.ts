import type { DoctorContext } from './DoctorContext.js';
import { hidMatches, serialMatches } from './matchDevice.js';

/**
 * The device nodes the service will open: the ports and panels the board matches, or every one
 * listed when there is no board. When the serial listing failed, a board path without `*` is
 * still checked directly.
 */
export function deviceNodes(ctx: DoctorContext): Array<{ path: string; kind: 'serial' | 'hid'; label: string }> {
  const out: Array<{ path: string; kind: 'serial' | 'hid'; label: string }> = [];
  const fxo = ctx.board?.devices.filter((d) => d.kind === 'fxo') ?? null;
  const panels = ctx.board?.devices.filter((d) => d.kind === 'panel') ?? null;
  if ('ports' in ctx.serial) {
    for (const p of ctx.serial.ports) {
      const dev = fxo?.find((d) => serialMatches(d, p));
      if (fxo === null || dev) out.push({ path: p.path, kind: 'serial', label: dev ? `fxo ${dev.id}` : p.path });
    }
  } else {
    for (const d of fxo ?? []) {
      if (d.match?.path !== undefined && !d.match.path.includes('*')) out.push({ path: d.match.path, kind: 'serial', label: `fxo ${d.id}` });
    }
  }
  if ('devices' in ctx.hid) {
    const seen = new Set<string>();
    for (const h of ctx.hid.devices) {
      if (h.path === undefined || seen.has(h.path)) continue;
      seen.add(h.path);
      const dev = panels?.find((d) => hidMatches(d, h));
      if (panels === null || dev) out.push({ path: h.path, kind: 'hid', label: dev ? `panel ${dev.id}` : h.path });
    }
  }
  return out;
}
