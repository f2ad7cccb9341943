import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BoardFile } from './types.js';
import { UDEV_RULES, udevRules } from './udev.js';

const ROOT = new URL('../', import.meta.url);
const board = (path: string): BoardFile => JSON.parse(readFileSync(new URL(path, ROOT), 'utf8')) as BoardFile;

describe('udev rules from the board table (hardware.md §9.3)', () => {
  it(`the committed ${UDEV_RULES.file} is current (after a board change: regenerateUdevRules)`, () => {
    const committed = readFileSync(new URL(UDEV_RULES.file, ROOT), 'utf8');
    expect(udevRules(board(UDEV_RULES.board), UDEV_RULES.board)).toBe(committed);
  });

  it('kl-daa4-xk24: modems and the DAA board kept from ModemManager, the X-keys in plugdev, stable links', () => {
    const text = udevRules(board(UDEV_RULES.board), UDEV_RULES.board);
    const rules = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(rules).toEqual([
      'SUBSYSTEM=="tty", ENV{ID_BUS}=="usb", ENV{ID_SERIAL}=="keyline_DAA4_KL4-000123", ENV{ID_USB_INTERFACE_NUM}=="00", ENV{ID_MM_DEVICE_IGNORE}="1", GROUP="dialout", MODE="0660", SYMLINK+="keyline/daa"',
      'SUBSYSTEM=="tty", ATTRS{idVendor}=="0baf", ATTRS{idProduct}=="0303", ENV{ID_BUS}=="usb", ENV{ID_SERIAL}=="U.S._Robotics_USB_Modem_*", ENV{ID_USB_INTERFACE_NUM}=="00", ENV{ID_MM_DEVICE_IGNORE}="1", GROUP="dialout", MODE="0660", SYMLINK+="keyline/modem5"',
      'SUBSYSTEM=="hidraw", ATTRS{idVendor}=="05f3", ATTRS{idProduct}=="0405", GROUP="plugdev", MODE="0660"',
      'SUBSYSTEM=="hidraw", ATTRS{idVendor}=="05f3", ATTRS{idProduct}=="0405", IMPORT{builtin}="usb_id"',
      'SUBSYSTEM=="hidraw", ATTRS{idVendor}=="05f3", ATTRS{idProduct}=="0405", ENV{ID_USB_INTERFACE_NUM}=="00", SYMLINK+="keyline/desk1"',
    ]);
  });

  it('the simulated board needs no rules', () => {
    const text = udevRules(board('boards/sim-4line.json'), 'boards/sim-4line.json');
    expect(text.split('\n').filter((l) => l !== '' && !l.startsWith('#'))).toEqual([]);
  });

  it('identical panels share rules but get no per-instance link (unit IDs are seen at run time only)', () => {
    const b = board(UDEV_RULES.board);
    const two: BoardFile = { ...b, fxo: [], panels: [b.panels[0]!, { ...b.panels[0]!, id: 'desk2', match: { usb: '05f3:0405', unitId: 2 } }] };
    const text = udevRules(two, 'two.json');
    expect(text).not.toMatch(/SYMLINK/);
    expect(text.match(/GROUP="plugdev"/g)).toHaveLength(2);
  });

  it('names the entry for a malformed USB id; says why a device without usb or by-id path gets no rule', () => {
    const b = board(UDEV_RULES.board);
    expect(() => udevRules({ ...b, panels: [{ ...b.panels[0]!, match: { usb: '5F3:405' } }] }, 'x')).toThrow(/panels\[desk1\]\.match\.usb/);
    const text = udevRules({ ...b, panels: [], fxo: [{ ...b.fxo[0]!, match: { path: '/dev/ttyACM0' } }] }, 'x');
    expect(text).toMatch(/# daa: no match\.usb and no \/dev\/serial\/by-id/);
  });
});
