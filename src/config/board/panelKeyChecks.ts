import type { BoardFile, PanelSpec } from '../../../boards/types.js';
import { editDistance } from '../editDistance.js';
import type { Finding } from '../Finding.js';
import type { KeyPath } from '../keyPath.js';
import type { Where } from '../lineChecks.js';

const error = (path: KeyPath, anchor: Finding['anchor'], message: string): Finding => ({ path, anchor, message, severity: 'error' });

/** rows × cols when the panel's options give both as positive whole numbers (`sim-panel`). */
function gridOf(panel: PanelSpec): { rows: number; cols: number } | undefined {
  const { rows, cols } = panel.options ?? {};
  const positive = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;
  return positive(rows) && positive(cols) ? { rows, cols } : undefined;
}

/** Suggests a port only when one is clearly meant: "line9" is as near to line1 as to line2. */
function unknownPort(port: string, ports: readonly string[]): string {
  const distance = (p: string): number => editDistance(port, p);
  const best = Math.min(...ports.map(distance));
  const near = ports.filter((p) => distance(p) === best);
  const base = `port "${port}" is not on any FXO device of this board`;
  if (best <= 2 && near.length === 1) return `${base}: did you mean "${near[0]}"?`;
  return `${base}; its ports are: ${ports.length === 0 ? 'none' : ports.join(', ')}`;
}

/**
 * Panel keys against the rest of the board: a line key shows a port some FXO device has, a key
 * number fits the panel when its options give its size, and a panel has at most one hold and
 * one release key.
 */
export function panelKeyChecks(board: BoardFile, where: Where): Finding[] {
  const out: Finding[] = [];
  const ports = board.fxo.flatMap((device) => Object.keys(device.channels));
  board.panels.forEach((panel, p) => {
    const grid = gridOf(panel);
    const roleKey = new Map<string, string>();
    for (const [key, spec] of Object.entries(panel.keys)) {
      const path: KeyPath = ['panels', p, 'keys', key];
      if (grid && Number(key) > grid.rows * grid.cols) {
        out.push(error(path, 'key', `key ${key} is beyond the panel's ${grid.rows * grid.cols} keys (options rows ${grid.rows} × cols ${grid.cols})`));
      }
      if (spec.line !== undefined && !ports.includes(spec.line)) out.push(error([...path, 'line'], 'value', unknownPort(spec.line, ports)));
      const role = 'role' in spec ? spec.role : 'line';
      if (role === 'line') continue;
      const first = roleKey.get(role);
      if (first === undefined) roleKey.set(role, key);
      else out.push(error([...path, 'role'], 'value', `panel "${panel.id}" already has a ${role} key: key ${first} (${where(['panels', p, 'keys', first, 'role'])})`));
    }
  });
  return out;
}
