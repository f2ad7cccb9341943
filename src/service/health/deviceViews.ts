import type { BuiltBoard } from '../../../boards/factory.js';
import type { BoardFile } from '../../../boards/types.js';
import type { DeviceView } from './DeviceView.js';

/** Every FXO port and key panel of a built board, with the board entry's `optional` flag. */
export function deviceViews(board: BoardFile, built: BuiltBoard): DeviceView[] {
  const views: DeviceView[] = [];
  for (const spec of board.fxo) {
    for (const line of Object.keys(spec.channels)) {
      const port = built.fxo.get(line);
      if (port) views.push({ id: port.id, kind: 'fxo', device: spec.id, optional: spec.optional === true, health: () => port.health });
    }
  }
  for (const spec of board.panels) {
    const panel = built.panels.get(spec.id)?.panel;
    if (panel) views.push({ id: panel.id, kind: 'panel', device: spec.id, optional: spec.optional === true, health: () => panel.health });
  }
  return views;
}
