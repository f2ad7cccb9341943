import { describe, expect, it } from 'vitest';
import type { SystemStatus } from '../control/messages.js';
import { renderBoard } from './renderBoard.js';

const STATUS: SystemStatus = {
  t: 0,
  lines: [
    {
      id: '1', label: 'Main', port: 'fxo0', state: 'held.recall', pending: [],
      call: { id: 'c1', direction: 'in', callerId: { withheld: 'O' }, t0: 0, answeredAt: 1, connected: [], holders: [{ station: 'desk1', private: false }], seizer: null },
    },
    { id: '2', label: 'Fax', port: 'fxo1', state: 'out-of-service', call: null, pending: [] },
  ],
  stations: [
    { id: 'desk1', kind: 'sim', busy: false, reachable: true, handset: 'down', lamps: [{ line: '1', lamp: 'recall' }], alerts: [], lastRefusal: null },
  ],
  lampField: [{ line: '1', lamp: 'held-other' }, { line: '2', lamp: 'out-of-service' }],
};

describe('renderBoard', () => {
  it('has a row per station and the lamp field, a column per line, and a caption per line', () => {
    const lines = renderBoard(STATUS, { tty: false, step: 0, title: 'board' });
    expect(lines.slice(0, 8)).toEqual([
      'board',
      '',
      '             1          2',
      'desk1       RECALL(~)',
      'lamp field  held(~)    o-o-s(~)',
      '',
      '1  Main  held.recall         unavailable',
      '2  Fax   out-of-service',
    ]);
    expect(lines.join('\n')).toContain('RECALL held call calling back');
  });
});
