import { describe, expect, it } from 'vitest';
import { resolveDevicePath } from './resolveDevicePath.js';

describe('resolveDevicePath', () => {
  const byId = ['usb-keyline_DAA4_KL4-000123-if00', 'usb-keyline_DAA4_KL4-000123-if02', 'usb-U.S._Robotics_USB_Modem-if00'];
  const list = (dir: string): string[] => (dir === '/dev/serial/by-id' ? byId : []);

  it('leaves a plain path alone and resolves one * in the last component', () => {
    expect(resolveDevicePath('/dev/ttyACM0', 'daa', list)).toBe('/dev/ttyACM0');
    expect(resolveDevicePath('/dev/serial/by-id/usb-keyline_DAA4_*-if00', 'daa', list)).toBe('/dev/serial/by-id/usb-keyline_DAA4_KL4-000123-if00');
  });

  it('no match is NOT_FOUND, two are BUSY naming them', () => {
    expect(() => resolveDevicePath('/dev/serial/by-id/usb-other_*', 'daa', list)).toThrow(expect.objectContaining({ code: 'NOT_FOUND', device: 'daa' }));
    expect(() => resolveDevicePath('/dev/serial/by-id/usb-keyline_DAA4_*', 'daa', list)).toThrow(expect.objectContaining({ code: 'BUSY', message: expect.stringMatching(/2 devices/) }));
    expect(() => resolveDevicePath('/nowhere/x*', 'daa', () => { throw new Error('ENOENT'); })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
