#!/usr/bin/env node
// The service as it runs: `npm run build` bundles src/main.ts and everything it imports into
// dist/bundle/ (one ESM file for `keyline run`, the CLI commands in chunks of their own, loaded
// only by CLI commands), which bin/keyline.js runs. Why (issue 6, bench/RESULTS.md 2026-11-24):
// 714 ESM modules cost the service's heap their module records, their source text with comments
// and whitespace, and their namespaces; one minified file of the same code measured 6-7 MB less
// peak RSS. tsc still compiles every file to dist/ (benchmarks and tests import those).
//
// - Minified (names kept for `.name` and class names in logs) with a source map beside it that
//   node does NOT load (`--enable-source-maps` measured 1.5-2 MB back): src/service/originalStack
//   maps a stack through it only when an error is logged.
// - Packages with native addons stay outside, loaded from node_modules as before: serialport
//   (its bindings), node-hid, node-unix-socket, and usb (xkeys requires it only in its own
//   watcher, which keyline does not use).
// - zod's 50 locales stay in (reducing its `locales` namespace to `en` by a plugin saved 1.7 MB
//   unminified but nothing measurable minified: not done).
import * as esbuild from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist', 'bundle');

// Chunk names carry a hash: a chunk of an earlier build must not stay beside this one.
rmSync(OUT, { recursive: true, force: true });
const result = await esbuild.build({
  absWorkingDir: ROOT,
  entryPoints: { main: 'src/main.ts' },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['serialport', 'node-hid', 'node-unix-socket', 'usb'],
  // CommonJS packages in the bundle (yaml, xkeys) call require() for node's modules and the
  // externals above: ESM has no require, so each file gets one.
  banner: { js: "import { createRequire as __keylineCreateRequire } from 'node:module'; const require = __keylineCreateRequire(import.meta.url);" },
  minify: true,
  keepNames: true,
  sourcemap: 'linked',
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
});
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const js = Object.entries(result.metafile.outputs).filter(([f]) => f.endsWith('.js'));
process.stdout.write(`bundle: ${js.map(([f, o]) => `${f.replace(/^.*[\\/]/, '')} ${kb(o.bytes)}`).join(', ')}\n`);
// The map is part of the service, not a debugging extra: the crash handler tells an exception
// thrown inside sip.js (logged, the service goes on) from keyline's own (a crash) by the stack
// mapped through it (src/main.ts, src/sip/thrownBySipjs.ts). A bundle without it must not ship.
if (!existsSync(join(OUT, 'main.js.map'))) throw new Error('bundle: dist/bundle/main.js.map was not written');
