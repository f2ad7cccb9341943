import { readBoardDevices } from './BoardDevices.js';
import type { BoardDevices } from './BoardDevices.js';
import type { DoctorCheck, DoctorContext } from './DoctorContext.js';
import type { DoctorProbe } from './DoctorProbe.js';
import type { Finding } from './Finding.js';
import { hidCheck } from './hidCheck.js';
import { libusbCheck } from './libusbCheck.js';
import { modemManagerCheck } from './modemManagerCheck.js';
import { permissionsCheck } from './permissionsCheck.js';
import { serialCheck } from './serialCheck.js';
import { serviceCheck } from './serviceCheck.js';
import { systemdCheck } from './systemdCheck.js';

export interface DoctorOptions {
  /** The board file; default `$KEYLINE_BOARD`, else KEYLINE_BOARD in /etc/keyline/keyline.env. */
  boardPath: string | null;
  /** Control socket paths to try, in order. */
  sockets: string[];
  unit: string;
}

export const ENV_FILE = '/etc/keyline/keyline.env';
export const CHECKS: readonly DoctorCheck[] = [serialCheck, hidCheck, libusbCheck, permissionsCheck, modemManagerCheck, systemdCheck, serviceCheck];

/** Runs every check in order; a check that throws becomes a `fail` finding, the rest still run. */
export async function runDoctor(probe: DoctorProbe, o: DoctorOptions, checks: readonly DoctorCheck[] = CHECKS): Promise<Finding[]> {
  const findings: Finding[] = [];
  const board = await loadBoard(probe, o.boardPath, findings);
  const ctx: DoctorContext = {
    probe, board, sockets: o.sockets, unit: o.unit,
    serial: await probe.listSerial().then((ports) => ({ ports }), (err: unknown) => ({ error: message(err) })),
    hid: await probe.listHid().then((devices) => ({ devices }), (err: unknown) => ({ error: message(err) })),
  };
  for (const check of checks) {
    try {
      findings.push(...(await check(ctx)));
    } catch (err) {
      findings.push({ check: check.name.replace(/Check$/, '').toLowerCase(), level: 'fail', message: `the check itself failed: ${message(err)}` });
    }
  }
  return findings;
}

async function loadBoard(probe: DoctorProbe, given: string | null, findings: Finding[]): Promise<BoardDevices | null> {
  let path = given ?? probe.env['KEYLINE_BOARD'] ?? null;
  if (path === null) {
    const env = await probe.readFile(ENV_FILE);
    path = /^KEYLINE_BOARD=(.+)$/m.exec(env ?? '')?.[1]?.trim().replace(/^"(.*)"$/, '$1') ?? null;
  }
  if (path === null) {
    findings.push({ check: 'board', level: 'info', message: `no board file (--board, $KEYLINE_BOARD or ${ENV_FILE}): devices are listed, not matched` });
    return null;
  }
  const text = await probe.readFile(path);
  if (text === null) {
    findings.push({ check: 'board', level: 'fail', message: `cannot read the board file ${path}`, advice: 'check the path (KEYLINE_BOARD) and its permissions' });
    return null;
  }
  try {
    const board = readBoardDevices(text, path);
    findings.push({ check: 'board', level: 'ok', message: `board ${board.board} (${path}): ${board.devices.length} device entr${board.devices.length === 1 ? 'y' : 'ies'}` });
    return board;
  } catch (err) {
    findings.push({ check: 'board', level: 'fail', message: `${path}: ${message(err)}`, advice: `keyline config check CONFIG --board ${path} names the error` });
    return null;
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
