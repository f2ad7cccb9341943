import { KlbStatus } from '../../codecs/klb/constants.js';
import { DeviceError } from '../../contracts/device.js';
import type { DeviceErrorCode } from '../../contracts/device.js';

const NAMES = new Map<number, string>(Object.entries(KlbStatus).map(([k, v]) => [v, k]));

/** The `DeviceError` for a non-zero ACK or ERROR status. */
export function statusError(status: number, what: string, device: string): DeviceError {
  const code: DeviceErrorCode =
    status === KlbStatus.INVALID_STATE || status === KlbStatus.NOT_CONFIGURED ? 'INVALID_STATE'
      : status === KlbStatus.BUSY ? 'BUSY'
        : status === KlbStatus.HW_FAULT || status === KlbStatus.WATCHDOG_RESET ? 'HW_FAULT'
          : 'PROTOCOL';
  return new DeviceError(code, `${device}: ${what} refused by the board: ${NAMES.get(status) ?? `status ${status}`}`, device);
}
