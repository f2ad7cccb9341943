import { readFileSync, writeFileSync } from 'node:fs';
import { xkeysModel } from '../hal/drivers/hid/xkeysModel.js';
import type { BoardFile, DeviceMatch } from './types.js';

/** Where the rules of the shipped real board are committed, and the board they come from. */
export const UDEV_RULES = { board: 'boards/kl-daa4-xk24.json', file: 'systemd/70-keyline.rules' } as const;

const BY_ID = /^\/dev\/serial\/by-id\/usb-(.+)-if([0-9]{2})$/;
const USB_ID = /^([0-9a-f]{4}):([0-9a-f]{4})$/;

function usbKeys(usb: string | undefined, where: string): string[] {
  if (usb === undefined) return [];
  const m = USB_ID.exec(usb);
  if (!m) throw new RangeError(`${where}.match.usb must be lower-case "vvvv:pppp", got ${JSON.stringify(usb)}`);
  return [`ATTRS{idVendor}=="${m[1]}"`, `ATTRS{idProduct}=="${m[2]}"`];
}

/**
 * A serial device (modem, MCU board): ModemManager kept away, group dialout, `/dev/keyline/<id>`.
 * It is matched by its USB id and, for a `/dev/serial/by-id/usb-<ID_SERIAL>-if<NN>` path, by
 * the udev properties that name that link (60-serial.rules sets them before these rules run).
 */
function serialRule(id: string, match: DeviceMatch | undefined, where: string, symlink: boolean): string[] {
  const keys = ['SUBSYSTEM=="tty"', ...usbKeys(match?.usb, where)];
  const byId = match?.path === undefined ? null : BY_ID.exec(match.path);
  if (byId) keys.push('ENV{ID_BUS}=="usb"', `ENV{ID_SERIAL}=="${byId[1]}"`, `ENV{ID_USB_INTERFACE_NUM}=="${byId[2]}"`);
  if (keys.length === 1) return [`# ${id}: no match.usb and no /dev/serial/by-id/usb-… path: nothing to match on`];
  const link = symlink ? [`SYMLINK+="keyline/${id}"`] : [];
  return [[...keys, 'ENV{ID_MM_DEVICE_IGNORE}="1"', 'GROUP="dialout"', 'MODE="0660"', ...link].join(', ')];
}

/** A HID panel: group plugdev on its hidraw node; `/dev/keyline/<id>` on the interface that carries its reports. */
function hidRules(id: string, usb: string | undefined, iface: number | undefined, where: string, symlink: boolean): string[] {
  const dev = usbKeys(usb, where);
  if (dev.length === 0) return [`# ${id}: no match.usb: nothing to match on`];
  const lines = [['SUBSYSTEM=="hidraw"', ...dev, 'GROUP="plugdev"', 'MODE="0660"'].join(', ')];
  if (!symlink) return lines;
  if (iface === undefined) return [...lines, ['SUBSYSTEM=="hidraw"', ...dev, `SYMLINK+="keyline/${id}"`].join(', ')];
  // ATTRS of one rule must all match on one parent: the interface number comes from usb_id instead.
  const num = iface.toString(16).padStart(2, '0');
  return [
    ...lines,
    ['SUBSYSTEM=="hidraw"', ...dev, 'IMPORT{builtin}="usb_id"'].join(', '),
    ['SUBSYSTEM=="hidraw"', ...dev, `ENV{ID_USB_INTERFACE_NUM}=="${num}"`, `SYMLINK+="keyline/${id}"`].join(', '),
  ];
}

/** The HID interface that carries an X-keys model's reports (the xkeys product table). */
function xkeysInterface(usb: string, where: string): number {
  try {
    return xkeysModel(usb).interface;
  } catch (err) {
    throw new RangeError(`${where}.match.usb: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * The udev rules for a board's hardware (`hardware.md` §9.3): serial devices get
 * `ENV{ID_MM_DEVICE_IGNORE}="1"` and group dialout, HID panels group plugdev (the service's
 * `SupplementaryGroups`), and each device a stable `/dev/keyline/<device id>` link unless several
 * entries share one USB id (identical X-keys are told apart by unit ID at run time, not here).
 * Simulated devices need no rules. Pure: `source` names the board file in the header.
 */
export function udevRules(board: BoardFile, source: string): string {
  const usbCount = new Map<string, number>();
  for (const d of [...board.fxo, ...board.panels]) {
    if (d.match?.usb) usbCount.set(d.match.usb, (usbCount.get(d.match.usb) ?? 0) + 1);
  }
  const unique = (m: DeviceMatch | undefined): boolean => !m?.usb || usbCount.get(m.usb) === 1;
  const out = [
    `# keyline udev rules for board ${board.board}, generated from ${source} by boards/udev.ts: do not edit.`,
    '# keyline install-service installs it (/etc/udev/rules.d), then: udevadm control --reload-rules && udevadm trigger',
    '# 70: after 60-serial.rules (ID_SERIAL for by-id paths), before ModemManager\'s 77-mm-*/80-mm-* rules.',
  ];
  for (const d of board.fxo) {
    if (d.compatible === 'sim-fxo') continue;
    out.push('', `# fxo ${d.id} (${d.compatible})`, ...serialRule(d.id, d.match, `fxo[${d.id}]`, unique(d.match)));
  }
  for (const p of board.panels) {
    if (p.compatible === 'sim-panel') continue;
    const where = `panels[${p.id}]`;
    usbKeys(p.match?.usb, where); // a malformed id throws here, naming the entry
    let iface: number | undefined;
    if (p.compatible === 'xkeys' && p.match?.usb) iface = xkeysInterface(p.match.usb, where);
    else if (typeof p.options?.interface === 'number') iface = p.options.interface;
    out.push('', `# panel ${p.id} (${p.compatible})`, ...hidRules(p.id, p.match?.usb, iface, where, unique(p.match)));
  }
  return `${out.join('\n')}\n`;
}

/**
 * Rewrites the committed rules of the shipped real board (`UDEV_RULES`) under the repository
 * root `root`; returns the text. For a developer after changing the board file; the test checks
 * the committed file is current.
 */
export function regenerateUdevRules(root: URL): string {
  const board = JSON.parse(readFileSync(new URL(UDEV_RULES.board, root), 'utf8')) as BoardFile;
  const text = udevRules(board, UDEV_RULES.board);
  writeFileSync(new URL(UDEV_RULES.file, root), text);
  return text;
}
