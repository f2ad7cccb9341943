import type { LineStatus } from '../../control/messages.js';
import { formatAge } from '../formatStatus.js';
import type { Finding } from './Finding.js';

const check = 'service';

/** Below this on-hook, the exchange battery is absent (hardware.md §2.2: "no battery" below 3 V). */
const NO_BATTERY_VOLTS = 3;
/** Below this on-hook, the line is suspect: a healthy exchange line idles at 42–56 V (24 V on some PBX trunks). */
const LOW_ON_HOOK_VOLTS = 20;
/** Below this off-hook, the loop is weak: exchanges hold a seized line at 20–60 mA and may miss a seizure or its release below ~15 mA. */
const WEAK_LOOP_MILLIAMPS = 15;

/**
 * `keyline doctor` on the lines' last line-voltage and loop-current readings (status `levels`,
 * from the ports that measure them, e.g. `mcu-si3050`): a dead or cut line, a low on-hook
 * voltage, a weak loop; one `ok` for the lines that look healthy.
 */
export function lineLevelsFindings(lines: readonly LineStatus[], now: number): Finding[] {
  const measured = lines.filter((l) => l.levels !== undefined);
  if (measured.length === 0) {
    return [{ check, level: 'info', message: 'line voltage and loop current: not reported by these lines\' ports (boards that measure them, such as mcu-si3050, do; modems do not)' }];
  }
  const out: Finding[] = [];
  const fine: string[] = [];
  for (const line of measured) {
    const problems = lineProblems(line, now);
    if (problems.length > 0) out.push(...problems);
    else fine.push(`${line.id} ${summary(line)}`);
  }
  const unmeasured = lines.filter((l) => l.levels === undefined).map((l) => l.id);
  if (fine.length > 0 || unmeasured.length > 0) {
    const parts = [...(fine.length ? [fine.join('; ')] : []), ...(unmeasured.length ? [`not reported: ${unmeasured.join(', ')}`] : [])];
    out.unshift({ check, level: fine.length > 0 ? 'ok' : 'info', message: `line levels: ${parts.join('; ')}` });
  }
  return out;
}

function lineProblems(line: LineStatus, now: number): Finding[] {
  const out: Finding[] = [];
  const on = line.levels?.onHook;
  if (on?.volts !== undefined) {
    const v = Math.abs(on.volts);
    const seen = `${on.volts} V on-hook, ${formatAge(now - on.t)} ago`;
    if (v < NO_BATTERY_VOLTS) {
      out.push({ check, level: 'fail', message: `${line.id}: no line voltage (${seen}): no line, or the line is cut`, advice: 'check the cord from the wall jack to the port; if a phone on that jack hears no dial tone either, the line is cut or disconnected: call the carrier' });
    } else if (v < LOW_ON_HOOK_VOLTS) {
      out.push({ check, level: 'warn', message: `${line.id}: low line voltage (${seen}): line cut or damaged, or another device off-hook on it`, advice: 'look for a phone, fax or alarm panel off-hook on the same line, then check the wiring; the carrier can test the line' });
    }
  }
  const off = line.levels?.offHook;
  if (off?.milliamps !== undefined && off.milliamps < WEAK_LOOP_MILLIAMPS) {
    out.push({
      check, level: 'warn', message: `${line.id}: weak loop (${off.milliamps} mA off-hook, ${formatAge(now - off.t)} ago; below ${WEAK_LOOP_MILLIAMPS} mA)`,
      advice: 'a long or poor line (corroded jack, splitters, devices in parallel): the exchange may miss seizures and hang-ups; check the wiring, then ask the carrier to measure the loop',
    });
  }
  return out;
}

function summary(line: LineStatus): string {
  const { onHook, offHook } = line.levels ?? {};
  const parts = [
    ...(onHook?.volts !== undefined ? [`${onHook.volts} V on-hook`] : []),
    ...(offHook?.milliamps !== undefined ? [`${offHook.milliamps} mA off-hook`] : []),
  ];
  return parts.length > 0 ? parts.join(', ') : 'readings without voltage or current';
}
