import { describe, expect, it } from 'vitest';
import type { ConfigIssue } from './ConfigIssue.js';
import { ConfigError } from './ConfigError.js';
import { formatIssue, formatIssues } from './formatIssues.js';

const error: ConfigIssue = { file: 'site.yaml', line: 12, col: 7, key: 'stations[1].lines[0]', message: 'line "line9" is not declared', severity: 'error' };
const warning: ConfigIssue = { file: 'site.yaml', line: 3, col: 5, key: 'lines[1]', message: 'line "l2" has no appearance at any station', severity: 'warning' };

describe('formatIssues', () => {
  it('writes an error as file:line:col: key: message', () => {
    expect(formatIssue(error)).toBe('site.yaml:12:7: stations[1].lines[0]: line "line9" is not declared');
  });
  it('tags warnings', () => {
    expect(formatIssue(warning)).toBe('site.yaml:3:5: warning: lines[1]: line "l2" has no appearance at any station');
  });
  it('leaves out the position of a file-wide issue and the key of a document-wide one', () => {
    expect(formatIssue({ ...error, line: 0, col: 0, key: '', message: 'cannot read' })).toBe('site.yaml: cannot read');
  });
  it('one line per issue', () => {
    expect(formatIssues([warning, error]).split('\n')).toEqual([formatIssue(warning), formatIssue(error)]);
  });
});

describe('ConfigError', () => {
  it('is an Error with code CONFIG, its issues, and a message an installer can read as it is', () => {
    const e = new ConfigError([warning, error]);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ConfigError');
    expect(e.code).toBe('CONFIG');
    expect(e.issues).toEqual([warning, error]);
    expect(e.message).toBe(`site.yaml: rejected, 1 error\n${formatIssue(warning)}\n${formatIssue(error)}`);
  });
  it('counts errors in the plural', () => {
    expect(new ConfigError([error, error]).message.split('\n')[0]).toBe('site.yaml: rejected, 2 errors');
  });
});
