import { readFileSync } from 'node:fs';

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

export interface XkeysRecording {
  productId: number;
  name: string;
  unitId: number;
  firmwareVersion: number;
  setBacklight: Array<{ call: string; reports: string[] }>;
  keys: Array<{ report: string; key: number; down: boolean; timestamp: number | null }>;
}

/** Bytes recorded from real X-keys panels (see the file's `$comment`). */
export const xkeysRecordings = load<Record<'xk24' | 'xke40', XkeysRecording>>('xkeys-recordings.json');

/** Test layouts for the generic HID panel. */
export const genericLayouts = load<Record<'mono16' | 'rgb8', unknown>>('generic-layouts.json');

/** Golden output reports and input reports for those layouts. */
export const genericGolden = load<{
  mono16: Record<string, string[]>;
  rgb8: Record<string, string[]>;
  input: Record<string, string>;
}>('generic-golden.json');

/** The recorded reports of one `setBacklight` call, by its call text. */
export function recordedReports(rec: XkeysRecording, call: string): string[] {
  const found = rec.setBacklight.find((a) => a.call === call);
  if (!found) throw new Error(`no recorded call ${call}`);
  return found.reports;
}
