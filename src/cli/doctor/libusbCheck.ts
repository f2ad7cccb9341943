import type { DoctorContext } from './DoctorContext.js';
import type { Finding } from './Finding.js';

const check = 'libusb';
const LIB = 'libusb-1.0.so.0';
const DIRS = ['/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/lib/arm-linux-gnueabihf', '/usr/lib/arm-linux-gnueabihf', '/usr/lib', '/lib'];

/** node-hid needs Debian's libusb-1.0-0 at run time and fails at first use without it (hardware.md §9.1). */
export async function libusbCheck(ctx: DoctorContext): Promise<Finding[]> {
  const ld = await ctx.probe.run(['ldconfig', '-p']);
  let present = ld.code === 0 && ld.stdout.includes(LIB);
  if (!present && ld.code !== 0) {
    for (const dir of DIRS) {
      if (await ctx.probe.node(`${dir}/${LIB}`)) {
        present = true;
        break;
      }
    }
  }
  if (present) return [{ check, level: 'ok', message: `${LIB} is installed` }];
  const panels = ctx.board?.devices.some((d) => d.kind === 'panel' && d.match !== null) ?? true;
  return [{
    check, level: panels ? 'fail' : 'warn', message: `${LIB} is missing: USB key panels (node-hid) cannot work`,
    advice: 'apt install libusb-1.0-0',
  }];
}
