import { describe, expect, it } from 'vitest';
import { createLogger, formatLine, formatValue, isLogLevel } from './Logger.js';
import type { LogLevel } from './Logger.js';

describe('Logger', () => {
  it.each([
    ['error', '<3>'],
    ['warning', '<4>'],
    ['notice', '<5>'],
    ['info', '<6>'],
    ['debug', '<7>'],
  ] as const)('prefixes %s lines with the syslog priority %s for journald', (level, prefix) => {
    expect(formatLine(level, 'fxo', { line: 'line1' })).toBe(`${prefix}fxo line=line1`);
  });

  it('writes the component, then the fields in order, and leaves out undefined ones', () => {
    expect(formatLine('info', 'call', { id: 'line1-3', event: 'end', answeredBy: undefined, count: 2, ok: true, who: null }))
      .toBe('<6>call id=line1-3 event=end count=2 ok=true who=null');
    expect(formatLine('notice', 'service', {})).toBe('<5>service');
  });

  it('quotes values with spaces, quotes, "=", newlines or nothing, so a line stays one parseable line', () => {
    expect(formatValue('DOE JOHN')).toBe('"DOE JOHN"');
    expect(formatValue('say "hi"')).toBe('"say \\"hi\\""');
    expect(formatValue('a"b')).toBe('"a\\"b"');
    expect(formatValue('k=v')).toBe('"k=v"');
    expect(formatValue('two\nlines')).toBe('"two\\nlines"');
    expect(formatValue('tab\there')).toBe('"tab\\there"');
    expect(formatValue('')).toBe('""');
    expect(formatValue('5551234')).toBe('5551234');
    expect(formatValue('/tmp/keyline.sock')).toBe('/tmp/keyline.sock');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(false)).toBe('false');
    const line = formatLine('warning', 'config', { issue: 'demo.yaml:3:5: lines[0].ringtimeout: unknown key "ringtimeout"' });
    expect(line).toBe('<4>config issue="demo.yaml:3:5: lines[0].ringtimeout: unknown key \\"ringtimeout\\""');
    expect(line.split('\n')).toHaveLength(1);
  });

  it('writes lines at or above the threshold only', () => {
    const out: string[] = [];
    const log = createLogger('notice', (l) => out.push(l));
    for (const level of ['debug', 'info', 'notice', 'warning', 'error'] as LogLevel[]) log.log(level, 'test', { level });
    expect(out).toEqual(['<5>test level=notice', '<4>test level=warning', '<3>test level=error']);
  });

  it('writes everything at debug, only errors at error, and info and above by default', () => {
    const levels: LogLevel[] = ['debug', 'info', 'notice', 'warning', 'error'];
    const run = (threshold?: LogLevel) => {
      const out: string[] = [];
      const log = threshold === undefined ? createLogger(undefined, (l) => out.push(l)) : createLogger(threshold, (l) => out.push(l));
      for (const level of levels) log.log(level, 'x', {});
      return out.map((l) => l.slice(0, 3));
    };
    expect(run('debug')).toEqual(['<7>', '<6>', '<5>', '<4>', '<3>']);
    expect(run('error')).toEqual(['<3>']);
    expect(run()).toEqual(['<6>', '<5>', '<4>', '<3>']);
  });

  it('knows its level names', () => {
    expect(['error', 'warning', 'notice', 'info', 'debug'].every(isLogLevel)).toBe(true);
    expect(isLogLevel('warn')).toBe(false);
    expect(isLogLevel('toString')).toBe(false);
    expect(isLogLevel('')).toBe(false);
  });
});
