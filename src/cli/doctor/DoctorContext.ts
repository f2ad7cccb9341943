import type { BoardDevices } from './BoardDevices.js';
import type { DoctorProbe, HidInfo, SerialInfo } from './DoctorProbe.js';
import type { Finding } from './Finding.js';

/** What every check reads: the probe, the board (if any) and the two device listings, taken once. */
export interface DoctorContext {
  probe: DoctorProbe;
  board: BoardDevices | null;
  serial: { ports: SerialInfo[] } | { error: string };
  hid: { devices: HidInfo[] } | { error: string };
  /** Where the service's control socket is looked for, in order. */
  sockets: string[];
  /** The systemd unit name. */
  unit: string;
}

/** One check: reads the context, returns its findings. */
export type DoctorCheck = (ctx: DoctorContext) => Promise<Finding[]>;
