import { join } from 'node:path';
import type { InstallStep } from './InstallStep.js';
import { unitForInstall } from './unitForInstall.js';

/** What the package holds, read by the command before planning (the plan itself is pure). */
export interface PackageFiles {
  /** systemd/keyline.service */
  unit: string;
  /** systemd/60-keyline.conf (the UDP receive buffer sysctl), when present. */
  sysctl: string | null;
  /** systemd/*.rules by file name. */
  udevRules: ReadonlyMap<string, string>;
}

export interface InstallOptions {
  /** The node binary ExecStart runs (default: the one running this command). */
  node: string;
  /** bin/keyline.js of this installation. */
  keyline: string;
  /** Written to /etc/keyline/keyline.env as KEYLINE_BOARD when given. */
  board: string | null;
  /** Stage every file under this directory and run nothing (packaging, tests). */
  root: string | null;
}

export const PATHS = {
  unit: '/etc/systemd/system/keyline.service',
  sysusers: '/etc/sysusers.d/keyline.conf',
  udev: '/etc/udev/rules.d',
  sysctl: '/etc/sysctl.d/60-keyline.conf',
  modules: '/etc/modules-load.d/keyline.conf',
  profile: '/etc/profile.d/keyline.sh',
  configDir: '/etc/keyline',
  envFile: '/etc/keyline/keyline.env',
  stateDir: '/var/lib/keyline',
} as const;

/**
 * The steps of `keyline install-service` (hardware.md §9.3): the `keyline` user, the unit, the
 * udev rules another build step generates (systemd/*.rules), the sysctl, cdc_acm at boot, the
 * configuration and state directories, then reloading systemd and udev. Configuration files are
 * never overwritten; the unit and rules are ours and are.
 */
export function installPlan(files: PackageFiles, o: InstallOptions): InstallStep[] {
  const at = (p: string) => (o.root ? join(o.root, p) : p);
  const steps: InstallStep[] = [
    { kind: 'write', path: at(PATHS.sysusers), mode: 0o644, overwrite: true, why: 'the keyline system user and group', content: '# keyline key system service (keyline install-service)\nu keyline - "keyline key system" /var/lib/keyline /usr/sbin/nologin\n' },
    { kind: 'write', path: at(PATHS.unit), mode: 0o644, overwrite: true, why: 'the service unit (Type=notify, watchdog, hardening)', content: unitForInstall(files.unit, { node: o.node, keyline: o.keyline }) },
  ];
  for (const [name, text] of [...files.udevRules].sort(([a], [b]) => a.localeCompare(b))) {
    steps.push({ kind: 'write', path: at(join(PATHS.udev, name)), mode: 0o644, overwrite: true, why: 'device groups; keeps ModemManager off the modems', content: text });
  }
  if (files.sysctl !== null) steps.push({ kind: 'write', path: at(PATHS.sysctl), mode: 0o644, overwrite: true, why: 'UDP receive buffer for SIP bursts', content: files.sysctl });
  steps.push(
    { kind: 'write', path: at(PATHS.modules), mode: 0o644, overwrite: true, why: 'cdc_acm at boot, so DeviceAllow=char-ttyACM resolves', content: 'cdc_acm\n' },
    { kind: 'write', path: at(PATHS.profile), mode: 0o644, overwrite: true, why: 'the CLI finds the service\'s control socket', content: 'export KEYLINE_SOCKET=/run/keyline/control.sock\n' },
    { kind: 'mkdir', path: at(PATHS.configDir), mode: 0o755, why: 'configuration (keyline.yaml, keyline.env)' },
    { kind: 'mkdir', path: at(PATHS.stateDir), mode: 0o750, why: 'state: call log, counters, SIP state' },
  );
  if (o.board !== null) {
    steps.push({ kind: 'write', path: at(PATHS.envFile), mode: 0o640, overwrite: false, why: 'the board the service starts with', content: `KEYLINE_BOARD=${o.board}\n` });
  }
  if (o.root !== null) return steps;
  steps.push(
    { kind: 'run', argv: ['systemd-sysusers', PATHS.sysusers], why: 'create the keyline user' },
    { kind: 'run', argv: ['chown', 'keyline:keyline', PATHS.stateDir], why: 'the service owns its state' },
    { kind: 'run', argv: ['systemctl', 'daemon-reload'], why: 'systemd reads the new unit' },
  );
  if (files.udevRules.size > 0) {
    steps.push(
      { kind: 'run', argv: ['udevadm', 'control', '--reload-rules'], why: 'udev reads the new rules' },
      { kind: 'run', argv: ['udevadm', 'trigger', '--subsystem-match=tty', '--subsystem-match=hidraw'], why: 'devices already plugged in get the new groups' },
    );
  }
  if (files.sysctl !== null) steps.push({ kind: 'run', argv: ['sysctl', '-p', PATHS.sysctl], why: 'apply the buffer cap now' });
  return steps;
}

/** What the installer does by hand afterwards. */
export function nextSteps(o: InstallOptions, udevRules: number): string[] {
  return [
    `write ${PATHS.configDir}/keyline.yaml (examples/ in the package, or keyline config import-sla) and check it: keyline config check ${PATHS.configDir}/keyline.yaml${o.board ? ` --board ${o.board}` : ''}`,
    `it holds SIP passwords: chgrp keyline ${PATHS.configDir}/keyline.yaml && chmod 0640 ${PATHS.configDir}/keyline.yaml`,
    ...(o.board === null ? [`set the board: echo KEYLINE_BOARD=/path/to/board.json > ${PATHS.envFile}`] : []),
    'let admins use the CLI: usermod -aG keyline <name> (then log in again)',
    ...(udevRules === 0 ? ['no udev rules in this package yet (systemd/*.rules): give the keyline user access to the serial and hidraw devices by group'] : []),
    'start it at boot and now: systemctl enable --now keyline',
    'check it: keyline doctor; journalctl -u keyline -f',
  ];
}
