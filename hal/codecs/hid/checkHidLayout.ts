import type { HidKeyInput, HidLedOutput, HidPanelLayout } from './HidPanelLayout.js';

type Obj = Record<string, unknown>;

function obj(v: unknown, name: string): Obj {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new TypeError(`${name} must be an object`);
  return v as Obj;
}

function int(v: unknown, name: string, min: number, max: number): number {
  if (!(typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max)) {
    throw new RangeError(`${name} must be an integer in ${min}..${max}, got ${JSON.stringify(v)}`);
  }
  return v;
}

function oneOf<const T extends string>(v: unknown, name: string, values: readonly T[]): T {
  if (!values.includes(v as T)) throw new RangeError(`${name} must be one of ${values.join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

const BYTES_PER_KEY = { bit: 1 / 8, level: 1, rgb: 3, grb: 3 } as const;

/**
 * Validates a layout (from a board file's `options.layout` or a built-in table) and returns it
 * typed. Misuse throws at once, naming the field under `where`; reports that cannot hold every
 * key are refused here rather than at the first write.
 */
export function checkHidLayout(raw: unknown, where = 'layout'): HidPanelLayout {
  const o = obj(raw, where);
  if (typeof o.model !== 'string' || o.model === '') throw new TypeError(`${where}.model must be a non-empty string`);
  const rows = int(o.rows, `${where}.rows`, 1, 64);
  const cols = int(o.cols, `${where}.cols`, 1, 64);
  const keys = rows * cols;
  const color = oneOf(o.color, `${where}.color`, ['rgb', 'blueRed', 'mono'] as const);
  const reportsPerSecond = int(o.reportsPerSecond, `${where}.reportsPerSecond`, 1, 10_000);

  const i = obj(o.input, `${where}.input`);
  const input: HidKeyInput = {
    reportId: i.reportId === null ? null : int(i.reportId, `${where}.input.reportId`, 0, 255),
    offset: int(i.offset, `${where}.input.offset`, 0, 1023),
    bitOrder: oneOf(i.bitOrder, `${where}.input.bitOrder`, ['lsb', 'msb'] as const),
  };
  if (i.activeLow !== undefined) {
    if (typeof i.activeLow !== 'boolean') throw new TypeError(`${where}.input.activeLow must be a boolean`);
    input.activeLow = i.activeLow;
  }

  const out = obj(o.output, `${where}.output`);
  const mode = oneOf(out.mode, `${where}.output.mode`, ['frame', 'perKey'] as const);
  const reportId = int(out.reportId, `${where}.output.reportId`, 0, 255);
  const length = int(out.length, `${where}.output.length`, 2, 4096);
  let output: HidLedOutput;
  if (mode === 'frame') {
    const encoding = oneOf(out.encoding, `${where}.output.encoding`, ['bit', 'level', 'rgb', 'grb'] as const);
    const offset = int(out.offset, `${where}.output.offset`, 1, length - 1);
    if (offset + Math.ceil(keys * BYTES_PER_KEY[encoding]) > length) {
      throw new RangeError(`${where}.output.length: ${length} bytes cannot hold ${keys} keys of ${encoding} from offset ${offset}`);
    }
    output = { mode, reportId, length, offset, encoding };
  } else {
    const encoding = oneOf(out.encoding, `${where}.output.encoding`, ['level', 'rgb', 'grb'] as const);
    if (!Array.isArray(out.prefix)) throw new TypeError(`${where}.output.prefix must be an array of bytes`);
    const prefix = out.prefix.map((b, n) => int(b, `${where}.output.prefix[${n}]`, 0, 255));
    const keyBase = int(out.keyBase, `${where}.output.keyBase`, 0, 255 - (keys - 1));
    if (1 + prefix.length + 1 + BYTES_PER_KEY[encoding] > length) {
      throw new RangeError(`${where}.output.length: ${length} bytes cannot hold the prefix, key and colour`);
    }
    output = { mode, reportId, length, prefix, keyBase, encoding };
  }
  return { model: o.model, rows, cols, color, input, output, reportsPerSecond };
}
