import { FakeHidDevice } from './FakeHidDevice.js';

export interface FakeXkeysOptions {
  path: string;
  productId: number;
  unitId: number;
  firmwareVersion?: number;
  /** Bytes of an input report (XK-24: 32). */
  inputLength?: number;
  /** Whether the panel answers the version and state requests (a wedged panel does not). */
  answers?: boolean;
}

/**
 * An X-keys panel as far as opening needs it (`hardware.md` §4): it answers the version request
 * (output command 214) with a report [unit ID, 214, …, byte 10 firmware, bytes 11-12 PID LE] and
 * the state request (177) with a data report whose byte 1 has bit 1 set, carrying the unit ID in
 * byte 0. Key reports are injected by the test (recorded bytes).
 */
export function fakeXkeys(o: FakeXkeysOptions): FakeHidDevice {
  const len = o.inputLength ?? 32;
  return new FakeHidDevice({ path: o.path, vendorId: 0x05f3, productId: o.productId, interface: 0, product: 'fake X-keys' }, (report) => {
    if (o.answers === false) return [];
    const reply = new Uint8Array(len);
    reply[0] = o.unitId;
    if (report[1] === 214) {
      reply[1] = 214;
      reply[10] = o.firmwareVersion ?? 1;
      reply[11] = o.productId & 0xff;
      reply[12] = o.productId >> 8;
      return [reply];
    }
    if (report[1] === 177) {
      reply[1] = 0x02;
      return [reply];
    }
    return [];
  });
}
