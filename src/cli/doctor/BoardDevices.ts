/** A board entry as doctor needs it: how to find the device. */
export interface BoardDevice {
  kind: 'fxo' | 'panel';
  id: string;
  compatible: string;
  optional: boolean;
  match: { path?: string; usb?: string; unitId?: number } | null;
}

export interface BoardDevices {
  board: string;
  file: string;
  devices: BoardDevice[];
}

/**
 * The devices of a board file, read leniently: the service validates boards (`keyline config
 * check`); doctor only wants the match rules, and must still say something about a bad file.
 */
export function readBoardDevices(text: string, file: string): BoardDevices {
  const json: unknown = JSON.parse(text);
  if (!isObject(json)) throw new Error(`${file}: not a board description (expected a JSON object)`);
  const devices: BoardDevice[] = [];
  for (const kind of ['fxo', 'panels'] as const) {
    const list = json[kind];
    if (!Array.isArray(list)) continue;
    for (const e of list) {
      if (!isObject(e) || typeof e['id'] !== 'string') continue;
      const m = isObject(e['match']) ? e['match'] : null;
      devices.push({
        kind: kind === 'fxo' ? 'fxo' : 'panel', id: e['id'], compatible: String(e['compatible'] ?? '?'), optional: e['optional'] === true,
        match: m && {
          ...(typeof m['path'] === 'string' ? { path: m['path'] } : {}),
          ...(typeof m['usb'] === 'string' ? { usb: m['usb'].toLowerCase() } : {}),
          ...(typeof m['unitId'] === 'number' ? { unitId: m['unitId'] } : {}),
        },
      });
    }
  }
  return { board: typeof json['board'] === 'string' ? json['board'] : '?', file, devices };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
