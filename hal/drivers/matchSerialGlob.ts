import { basename, dirname, join } from 'node:path';

/** Whether `pattern` is a serial device pattern `matchSerialGlob` can match: at most one `*`, in its last component. */
export function isSerialPattern(pattern: string): boolean {
  const stars = pattern.split('*').length - 1;
  return stars === 0 || (stars === 1 && !dirname(pattern).includes('*'));
}

/**
 * The entries of `pattern`'s directory (`names`) that its last component matches, where that
 * component may hold one `*` (hardware.md §6: `/dev/serial/by-id/usb-…_*-if00`), as full paths in
 * name order. Pure: the caller lists the directory and decides what none or several matches mean.
 */
export function matchSerialGlob(pattern: string, names: readonly string[]): string[] {
  const dir = dirname(pattern);
  const [head = '', tail = ''] = basename(pattern).split('*');
  return names.filter((n) => n.length >= head.length + tail.length && n.startsWith(head) && n.endsWith(tail)).sort().map((n) => join(dir, n));
}
