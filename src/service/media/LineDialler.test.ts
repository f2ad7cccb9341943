import { describe, expect, it } from 'vitest';
import { DeviceError } from '../../../hal/contracts/index.js';
import type { FxoPort } from '../../../hal/contracts/index.js';
import type { Logger } from '../Logger.js';
import { LineDialler } from './LineDialler.js';

/** A port whose dial() the test completes or fails by hand, one call at a time. */
function port(fail?: (digit: string) => DeviceError | null) {
  const calls: string[] = [];
  const pending: Array<() => void> = [];
  let busy = false;
  const p = {
    dial: (digits: string) => {
      if (busy) return Promise.reject(new DeviceError('BUSY', 'dial in progress', 'p'));
      calls.push(digits);
      const err = fail?.(digits) ?? null;
      if (err) return Promise.reject(err);
      busy = true;
      return new Promise<void>((resolve) => pending.push(() => { busy = false; resolve(); }));
    },
  } as unknown as FxoPort; // only dial() is used by LineDialler
  return { p, calls, finishOne: async () => { pending.shift()?.(); await new Promise((r) => setImmediate(r)); } };
}

const log: Logger & { lines: string[] } = { lines: [], log(level, component, fields) { this.lines.push(`${level} ${component} ${JSON.stringify(fields)}`); } } as Logger & { lines: string[] };

describe('LineDialler: a station\'s digits onto the line, one dial at a time', () => {
  it('dials queued digits in order, never two at once', async () => {
    const { p, calls, finishOne } = port();
    const d = new LineDialler(p, () => undefined, log, 'line1');
    for (const digit of '12#') d.push(digit);
    await new Promise((r) => setImmediate(r));
    expect(calls).toEqual(['1']);
    await finishOne();
    expect(calls).toEqual(['1', '2']);
    await finishOne();
    await finishOne();
    expect(calls).toEqual(['1', '2', '#']);
  });

  it('clear(): the digits still waiting when the call ends are never dialled; the one under way finishes', async () => {
    const { p, calls, finishOne } = port();
    const d = new LineDialler(p, () => undefined, log, 'line1');
    for (const digit of '123') d.push(digit);
    await new Promise((r) => setImmediate(r));
    d.clear();
    await finishOne();
    await finishOne();
    expect(calls).toEqual(['1']);
    d.push('9'); // the next call's digit
    await new Promise((r) => setImmediate(r));
    expect(calls).toEqual(['1', '9']);
  });

  it('plays a digit in-band when the port cannot dial it, and drops the rest when the line is gone', async () => {
    const inBand: string[] = [];
    const { p, calls } = port((digit) => (digit === '5' ? new DeviceError('HW_FAULT', 'no DTMF generator', 'p') : new DeviceError('INVALID_STATE', 'line is on-hook', 'p')));
    const d = new LineDialler(p, (digit) => inBand.push(digit), log, 'line1');
    d.push('5');
    await new Promise((r) => setImmediate(r));
    expect(inBand).toEqual(['5']);
    d.push('6');
    d.push('7');
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(calls).toEqual(['5', '6']);
    expect(inBand).toEqual(['5']);
  });

  it('ignores what is not a DTMF digit and bounds the queue', async () => {
    const { p, calls } = port();
    const d = new LineDialler(p, () => undefined, log, 'line1');
    d.push('x');
    for (let i = 0; i < 40; i++) d.push('1');
    await new Promise((r) => setImmediate(r));
    expect(calls).toEqual(['1']);
    expect(log.lines.filter((l) => l.includes('dtmf-dropped'))).toHaveLength(40 - 33);
  });
});
