import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import type { SourceMapPayload } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * A stack trace with every frame of a file that has a source map beside it (`FILE.js.map`: the
 * service's minified bundle, scripts/bundle.mjs) rewritten to the file, line and column it was
 * built from: `.../node_modules/sip.js/lib/core/...js:22:19` instead of `dist/bundle/main.js:1:80412`.
 * The service runs without `--enable-source-maps`, which would keep every map in memory from the
 * start (measured 1.5-2 MB, bench/RESULTS.md); a map is read here only when a stack is logged,
 * once per file. Frames without a map, or that the map does not cover, are left as they are.
 */
export function originalStack(stack: string, maps: (file: string) => SourceMap | null = cachedMap): string {
  // `at fn (file:///x/main.js:1:234)`, `at file:///x/main.js:1:234`, `at /x/main.js:1:234`
  return stack.replace(/(?<=[\s(])((?:file:\/\/)?\/[^\s():]+):(\d+):(\d+)/g, (frame, location: string, line: string, column: string) => {
    const file = location.startsWith('file:') ? fileURLToPath(location) : location;
    const entry = maps(file)?.findEntry(Number(line) - 1, Number(column) - 1);
    if (entry === undefined || !('originalSource' in entry)) return frame;
    const source = new URL(entry.originalSource, pathToFileURL(file));
    return `${source.protocol === 'file:' ? fileURLToPath(source) : source.href}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

/** Whether `file` has the source map `originalStack` reads for it (`FILE.js.map` beside it). */
export function hasSourceMap(file: string): boolean {
  return existsSync(`${file}.map`);
}

const loaded = new Map<string, SourceMap | null>();

function cachedMap(file: string): SourceMap | null {
  let map = loaded.get(file);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as SourceMapPayload);
    } catch {
      map = null;
    }
    loaded.set(file, map);
  }
  return map;
}
