import { describe, expect, it } from 'vitest';
import { isSerialPattern, matchSerialGlob } from './matchSerialGlob.js';

describe('serial device patterns (hardware.md §6)', () => {
  it('allow at most one *, in the last component', () => {
    expect(isSerialPattern('/dev/ttyACM0')).toBe(true);
    expect(isSerialPattern('/dev/serial/by-id/usb-U.S._Robotics_USB_Modem_*-if00')).toBe(true);
    expect(isSerialPattern('*')).toBe(true);
    expect(isSerialPattern('/dev/serial/by-id/usb-*_*-if00')).toBe(false);
    expect(isSerialPattern('/dev/serial/*/usb-modem-if00')).toBe(false);
  });

  it('match the directory entries the last component names, as full paths in name order', () => {
    const names = ['usb-Modem_B-if00', 'usb-Modem_A-if00', 'usb-Modem_A-if01', 'usb-Other-if00'];
    expect(matchSerialGlob('/dev/serial/by-id/usb-Modem_*-if00', names)).toEqual(['/dev/serial/by-id/usb-Modem_A-if00', '/dev/serial/by-id/usb-Modem_B-if00']);
    expect(matchSerialGlob('/dev/serial/by-id/usb-Modem_*-if00', ['usb-Modem-if00'])).toEqual([]);
  });
});
