import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallLogEntry } from '../control/messages.js';
import { formatCalls, formatDuration, formatLocalTime } from './formatCalls.js';

const base: CallLogEntry = {
  id: 'c1', line: '1', direction: 'in', callerId: { number: '5551234', name: 'ALICE' }, digits: '', glare: false,
  start: '2024-05-01T10:00:00.000Z', answer: '2024-05-01T10:00:04.000Z', end: '2024-05-01T10:03:30.000Z',
  answeredBy: 'desk1', stations: ['desk1'], held: [], barged: [], outcome: 'completed',
};

describe('formatCalls', () => {
  beforeEach(() => vi.stubEnv('TZ', 'UTC'));
  afterEach(() => vi.unstubAllEnvs());

  it('lists calls oldest first with local times, durations and outcomes', () => {
    const outgoing: CallLogEntry = {
      ...base, id: 'c2', line: '2', direction: 'out', callerId: null, digits: '911', glare: true,
      start: '2024-05-01T11:00:00.000Z', answer: null, end: null, answeredBy: null, outcome: 'interrupted',
    };
    expect(formatCalls([outgoing, base])).toBe(
      'START                LINE  DIR  CALLER           ANSWERED BY  DURATION     OUTCOME\n' +
      '2024-05-01 10:00:00  1     in   5551234 "ALICE"  desk1        3:30         completed\n' +
      '2024-05-01 11:00:00  2     out  to 911           -            in progress  interrupted (glare)\n',
    );
  });

  it('says so when the log is empty', () => {
    expect(formatCalls([])).toBe('no calls logged\n');
  });

  it('formats times and durations', () => {
    expect(formatLocalTime('not a date')).toBe('not a date');
    expect(formatDuration(59_600)).toBe('1:00');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(-1)).toBe('-');
  });
});
