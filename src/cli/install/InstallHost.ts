import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PackageFiles } from './installPlan.js';

/** The file system and commands an install touches; tests supply a recording fake. */
export interface InstallHost {
  exists(path: string): boolean;
  mkdir(path: string, mode: number): Promise<void>;
  writeFile(path: string, content: string, mode: number): Promise<void>;
  run(argv: string[]): Promise<{ ok: boolean; detail: string }>;
}

export const systemHost: InstallHost = {
  exists: existsSync,
  async mkdir(path, mode) {
    await mkdir(path, { recursive: true, mode });
    await chmod(path, mode);
  },
  async writeFile(path, content, mode) {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, content, { mode });
    await chmod(path, mode);
  },
  run: ([file, ...args]) =>
    new Promise((resolve) => {
      if (file === undefined) return resolve({ ok: false, detail: 'empty command' });
      execFile(file, args, { timeout: 60_000 }, (err, _stdout, stderr) => {
        resolve(err ? { ok: false, detail: (stderr.trim() || err.message).split('\n')[0] ?? err.message } : { ok: true, detail: '' });
      });
    }),
};

/** Reads the unit, the sysctl file and the udev rules shipped in `dir` (the package's systemd/). */
export async function readPackageFiles(dir: string): Promise<PackageFiles> {
  const unit = await readFile(join(dir, 'keyline.service'), 'utf8');
  const sysctl = existsSync(join(dir, '60-keyline.conf')) ? await readFile(join(dir, '60-keyline.conf'), 'utf8') : null;
  const udevRules = new Map<string, string>();
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.rules'))) udevRules.set(name, await readFile(join(dir, name), 'utf8'));
  return { unit, sysctl, udevRules };
}
