/**
 * A numeric command-line option of a benchmark child process: the number after `name` in
 * process.argv, or `fallback` when the option is absent. A value that is not a number (or, with
 * `integer`, not an integer) throws, naming the option.
 */
export function numberArg(name: string, fallback: number, kind: 'integer' | 'number' = 'integer'): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (kind === 'integer' ? !Number.isInteger(v) : !Number.isFinite(v)) throw new TypeError(`${name} must be ${kind === 'integer' ? 'an integer' : 'a number'}`);
  return v;
}
