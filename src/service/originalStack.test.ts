import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { thrownBySipjs } from '../sip/thrownBySipjs.js';
import { hasSourceMap, originalStack } from './originalStack.js';

// A minified bundle with its map beside it, as scripts/bundle.mjs builds the service: a function of
// a package (named sip.js) throws, called from the entry; the bundle prints the stack node gives it.
const dir = mkdtempSync(join(tmpdir(), 'keyline-stack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function bundledStack(): Promise<string> {
  mkdirSync(join(dir, 'node_modules', 'sip.js'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', 'sip.js', 'index.js'), '// a package\n\nexport function fail(what) {\n  throw new Error(`boom: ${what}`);\n}\n');
  writeFileSync(join(dir, 'entry.js'), "import { fail } from 'sip.js';\n\ntry {\n  fail('x');\n} catch (err) {\n  process.stdout.write(err.stack);\n}\n");
  await build({ absWorkingDir: dir, entryPoints: ['entry.js'], outfile: join(dir, 'out', 'main.js'), bundle: true, minify: true, format: 'esm', platform: 'node', sourcemap: 'linked', sourcesContent: false, logLevel: 'silent' });
  const r = spawnSync(process.execPath, [join(dir, 'out', 'main.js')], { encoding: 'utf8', timeout: 10_000 });
  return r.stdout;
}

describe('originalStack', () => {
  it('maps the frames of a minified bundle to the files, lines and columns they were built from', async () => {
    const stack = await bundledStack();
    expect(stack).toMatch(/out[\\/]main\.js:1:\d+/);
    const mapped = originalStack(stack);
    expect(mapped).toMatch(/^Error: boom: x$/m);
    expect(mapped).toContain(`${join(dir, 'node_modules', 'sip.js', 'index.js')}:4:`);
    expect(mapped).toContain(`${join(dir, 'entry.js')}:4:`);
    expect(mapped).not.toMatch(/out[\\/]main\.js/);
  });

  it('lets the service tell an exception sip.js threw inside the bundle (main.ts crash handler)', async () => {
    const err = new Error('boom: x');
    err.stack = await bundledStack();
    expect(thrownBySipjs(err)).toBe(false);
    err.stack = originalStack(err.stack);
    expect(thrownBySipjs(err)).toBe(true);
  });

  it('says whether a file has its map beside it (the service warns at start when its own has none)', async () => {
    await bundledStack();
    expect(hasSourceMap(join(dir, 'out', 'main.js'))).toBe(true);
    expect(hasSourceMap(join(dir, 'entry.js'))).toBe(false);
  });

  it('leaves frames alone without a map (node internals, files built without one)', () => {
    const stack = 'Error: x\n    at f (file:///nowhere/a.js:3:7)\n    at g (node:internal/modules/run_main:123:5)\n    at /nowhere/b.js:1:1';
    expect(originalStack(stack, () => null)).toBe(stack);
    expect(originalStack(stack)).toBe(stack);
  });
});
