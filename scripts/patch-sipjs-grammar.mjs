#!/usr/bin/env node
// Install-time patch of sip.js 0.21.2 (run by `postinstall`; idempotent), the companion of the
// runtime patches in src/sip/sipjsPatches.ts, which documents it as patch (e).
//
// sip.js's generated PEG parser (lib/grammar/pegjs/dist/grammar.js) decodes its whole bytecode
// table — several hundred strings — inside `peg$parse`, i.e. on every call; every SIP header
// keyline parses paid for it (1.3 ms per 200 OK, measured: bench/RESULTS.md). The table is pure
// data, read-only while parsing, so it is decoded once and kept at module scope. Nothing else of
// the file changes; an ESM module's exports cannot be replaced at run time, hence install time.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const MARKER = '/* keyline: peg$bytecode decoded once (scripts/patch-sipjs-grammar.mjs) */';
const require = createRequire(import.meta.url);
let pkgFile;
try {
  pkgFile = require.resolve('sip.js/package.json');
} catch {
  process.exit(0); // sip.js not installed (yet): nothing to patch
}
const version = JSON.parse(readFileSync(pkgFile, 'utf8')).version;
if (version !== '0.21.2') {
  console.error(`patch-sipjs-grammar: sip.js ${version} installed, patch written for 0.21.2: left as it is`);
  process.exit(0);
}
const file = join(dirname(pkgFile), 'lib', 'grammar', 'pegjs', 'dist', 'grammar.js');
const src = readFileSync(file, 'utf8');
if (src.includes(MARKER)) process.exit(0);
const open = '    const peg$bytecode = [\n';
const start = src.indexOf(open);
const close = start < 0 ? -1 : src.indexOf('\n    ];\n', start);
const fn = src.indexOf('function peg$parse(input, options) {');
if (start < 0 || close < 0 || fn < 0 || fn > start) {
  console.error('patch-sipjs-grammar: grammar.js is not shaped as expected: left as it is');
  process.exit(0);
}
const patched = src.slice(0, fn) + `${MARKER}\nlet peg$bytecodeOnce;\n` + src.slice(fn, start)
  + '    const peg$bytecode = peg$bytecodeOnce ?? (peg$bytecodeOnce = [\n'
  + src.slice(start + open.length, close) + '\n    ]);\n' + src.slice(close + '\n    ];\n'.length);
writeFileSync(file, patched);
console.log('patch-sipjs-grammar: sip.js grammar bytecode is decoded once');
