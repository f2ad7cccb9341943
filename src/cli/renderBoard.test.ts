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

  it('captions SIP with the phones registered and the subscriptions, only when SIP is on', () => {
    const sip = {
      listen: '127.0.0.1:5060', legs: [], blocked: [],
      registrations: [{ station: 'desk1', contact: 'sip:desk1@192.0.2.5', flow: { proto: 'UDP', address: '192.0.2.5', port: 5060 }, expiresAt: 60_000 }],
      subscriptions: [{ id: 's1', subscriber: 'desk1', viewer: 'desk1', line: '1', expiresIn: 600, version: 2, state: 'active' }],
    };
    const lines = renderBoard({ ...STATUS, sip }, { tty: false, step: 0, title: 'board' });
    expect(lines.slice(7, 10)).toEqual(['2  Fax   out-of-service', '', 'SIP 127.0.0.1:5060  1 phone registered · 1 subscription']);
    expect(renderBoard(STATUS, { tty: false, step: 0, title: 'board' }).some((line) => line.startsWith('SIP '))).toBe(false);
  });
});
