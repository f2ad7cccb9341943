import { execFile } from 'node:child_process';
import { realpath, readFile, stat } from 'node:fs/promises';
import type { SystemStatus } from '../../control/messages.js';
import { ControlClient } from '../ControlClient.js';
import type { DoctorProbe, HidInfo, RunResult, SerialInfo } from './DoctorProbe.js';

const RUN_TIMEOUT_MS = 5000;

/** The probe of the host doctor runs on: serialport, node-hid (both loaded on first use), programs, files. */
export function systemProbe(env: Readonly<Record<string, string | undefined>> = process.env): DoctorProbe {
  let groups: Promise<Map<number, string>> | null = null;
  const groupName = async (gid: number) => {
    groups ??= readFile('/etc/group', 'utf8').then(parseGroups, () => new Map<number, string>());
    return (await groups).get(gid) ?? String(gid);
  };
  return {
    env,
    async listSerial(): Promise<SerialInfo[]> {
      const { SerialPort } = await import('serialport');
      return SerialPort.list();
    },
    async listHid(): Promise<HidInfo[]> {
      // node-hid fails here, not at install, when libusb-1.0.so.0 is missing (hardware.md §9.1).
      const hid = await import('node-hid');
      return hid.devices();
    },
    run: (argv) => run(argv),
    async node(path) {
      try {
        const realPath = await realpath(path);
        const st = await stat(realPath);
        return { realPath, group: await groupName(st.gid), mode: st.mode };
      } catch {
        return null;
      }
    },
    readFile: (path) => readFile(path, 'utf8').catch(() => null),
    async status(socketPath) {
      try {
        const client = await ControlClient.connect(socketPath, 3000);
        try {
          // The service answers `status` with a SystemStatus (control/messages.ts).
          return { status: (await client.request({ cmd: 'status' })) as SystemStatus };
        } finally {
          client.close();
        }
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        return { error: typeof code === 'string' ? code : err instanceof Error ? err.message : String(err) };
      }
    },
  };
}

function run([file, ...args]: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    if (file === undefined) return resolve({ code: null, stdout: '', stderr: '', spawnError: 'empty command' });
    execFile(file, args, { timeout: RUN_TIMEOUT_MS, encoding: 'utf8' }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: string | number }) | null;
      if (e && typeof e.code === 'string') return resolve({ code: null, stdout, stderr, spawnError: e.code });
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout, stderr });
    });
  });
}

function parseGroups(text: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const line of text.split('\n')) {
    const [name, , gid] = line.split(':');
    if (name && gid && /^\d+$/.test(gid)) map.set(Number(gid), name);
  }
  return map;
}
