import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';
import type { CliIo } from './CliIo.js';
import { applyInstall } from './install/applyInstall.js';
import type { InstallHost } from './install/InstallHost.js';
import { readPackageFiles, systemHost } from './install/InstallHost.js';
import { installPlan, nextSteps } from './install/installPlan.js';
import type { InstallOptions } from './install/installPlan.js';
import { describeStep } from './install/InstallStep.js';
import { parseCommandArgs } from './parseCommandArgs.js';
import { COMMAND_USAGE } from './usage.js';
import { UsageError } from './UsageError.js';

export interface InstallServiceDeps {
  host: InstallHost;
  /** The package's systemd/ directory. */
  systemdDir: string;
  uid: number;
  node: string;
  keyline: string;
}

const defaults = (): InstallServiceDeps => ({
  host: systemHost, systemdDir: join(PACKAGE_ROOT, 'systemd'), uid: process.getuid?.() ?? 0,
  node: process.execPath, keyline: join(PACKAGE_ROOT, 'bin', 'keyline.js'),
});

/**
 * `keyline install-service [--dry-run] [--board F] [--node PATH] [--root DIR] [--json]`: installs
 * the unit, udev rules and sysctl, creates the directories, reloads systemd and udev, and prints
 * what is left to do by hand. `--dry-run` prints the steps and changes nothing.
 */
export async function installServiceCommand(args: string[], io: CliIo, deps: InstallServiceDeps = defaults()): Promise<number> {
  const usage = COMMAND_USAGE['install-service'];
  const parsed = parseCommandArgs(args, {
    min: 0, max: 0, usage,
    options: { 'dry-run': { type: 'boolean' }, board: { type: 'string' }, node: { type: 'string' }, root: { type: 'string' } },
  });
  if (parsed.help) {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  const str = (k: string) => (typeof parsed.options[k] === 'string' ? (parsed.options[k] as string) : null);
  const o: InstallOptions = { node: str('node') ?? deps.node, keyline: deps.keyline, board: str('board'), root: str('root') };
  for (const [k, v] of [['--board', o.board], ['--node', o.node], ['--root', o.root]] as const) {
    if (v !== null && !v.startsWith('/')) throw new UsageError(`${k} must be an absolute path, got "${v}"`, usage);
  }
  const steps = installPlan(await readPackageFiles(deps.systemdDir), o);
  const dryRun = parsed.options['dry-run'] === true;
  if (dryRun) {
    if (parsed.json) io.stdout.write(`${JSON.stringify(steps.map((s) => ({ ...s, content: undefined, text: describeStep(s) })), null, 2)}\n`);
    else io.stdout.write(['keyline install-service would:', ...steps.map((s) => `  ${describeStep(s)}`), '', 'then, by hand:', ...nextSteps(o, countRules(steps)).map((s) => `  ${s}`), ''].join('\n'));
    return 0;
  }
  if (o.root === null && deps.uid !== 0) {
    io.stderr.write('keyline install-service: needs root (sudo keyline install-service); --dry-run shows what it would do\n');
    return 1;
  }
  const outcomes = await applyInstall(steps, deps.host, (line) => io.stdout.write(`${line}\n`));
  const failed = outcomes.filter((x) => x.result === 'failed').length;
  io.stdout.write(['', 'next:', ...nextSteps(o, countRules(steps)).map((s) => `  ${s}`), ''].join('\n'));
  if (failed > 0) io.stderr.write(`keyline install-service: ${failed} step(s) failed (see FAIL above)\n`);
  return failed > 0 ? 1 : 0;
}

function countRules(steps: ReturnType<typeof installPlan>): number {
  return steps.filter((s) => s.kind === 'write' && s.path.endsWith('.rules')).length;
}
