import { describe, expect, it } from 'vitest';
import { DeviceError } from '../../contracts/device.js';
import { hidError } from './hidError.js';

describe('hidError', () => {
  it('a missing libusb (node-hid fails at first use) says what to install', () => {
    const e = hidError(new Error('libusb-1.0.so.0: cannot open shared object file: No such file or directory'), 'desk1', 'enumerate');
    expect(e).toMatchObject({ code: 'NOT_FOUND', device: 'desk1' });
    expect(e.message).toMatch(/apt-get install libusb-1\.0-0/);
  });

  it('permission problems point at the udev rules; unplug is DISCONNECTED; DeviceErrors pass through', () => {
    expect(hidError(new Error('cannot open device with path /dev/hidraw0'), 'd', 'open')).toMatchObject({ code: 'ACCESS', message: expect.stringMatching(/udev rules/) });
    expect(hidError(new Error('could not read from HID device'), 'd', 'read').code).toBe('DISCONNECTED');
    const own = new DeviceError('TIMEOUT', 'x', 'd');
    expect(hidError(own, 'd', 'open')).toBe(own);
  });
});
