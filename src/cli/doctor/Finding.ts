/** One result of `keyline doctor`: what was seen, and what to do about it when it is a problem. */
export interface Finding {
  /** The check that produced it: serial, hid, libusb, permissions, modemmanager, systemd, service. */
  check: string;
  level: 'ok' | 'info' | 'warn' | 'fail';
  message: string;
  /** What to do, for `warn` and `fail`. */
  advice?: string;
}
