import { DeviceError } from '../../contracts/device.js';

/** What to tell an installer when the HID library itself cannot load (`hardware.md` §9.1). */
export const LIBUSB_ADVICE = "node-hid needs Debian's libusb-1.0-0 (and libudev1) at run time: apt-get install libusb-1.0-0";

/**
 * A node-hid failure as a `DeviceError` whose message says what to do. node-hid loads its
 * native library at first use, so a missing libusb shows up here, not at import.
 */
export function hidError(err: unknown, device: string, action: string): DeviceError {
  if (err instanceof DeviceError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  if (/libusb|libudev|cannot open shared object|ERR_DLOPEN_FAILED|No native build was found/i.test(msg)) {
    return new DeviceError('NOT_FOUND', `${device}: ${action}: HID library unavailable (${msg}); ${LIBUSB_ADVICE}`, device);
  }
  if (/EACCES|permission denied|cannot open device/i.test(msg)) {
    return new DeviceError('ACCESS', `${device}: ${action}: ${msg}; the service user needs read/write on the hidraw node: install the keyline udev rules (GROUP="plugdev") and add the user to that group`, device);
  }
  if (/EBUSY|busy/i.test(msg)) return new DeviceError('BUSY', `${device}: ${action}: ${msg}`, device);
  if (/could not read|cannot write|could not write|disconnected|ENODEV|No such device/i.test(msg)) {
    return new DeviceError('DISCONNECTED', `${device}: ${action}: ${msg}`, device);
  }
  return new DeviceError('HW_FAULT', `${device}: ${action}: ${msg}`, device);
}
