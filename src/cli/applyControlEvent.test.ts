import { describe, expect, it } from 'vitest';
import type { SystemStatus } from '../control/messages.js';
import { applyControlEvent } from './applyControlEvent.js';

const STATUS: SystemStatus = {
  t: 0,
  lines: [{ id: '1', label: 'Main', port: 'fxo0', state: 'idle', call: null, pending: [] }],
  stations: [{ id: 'a', kind: 'sim', busy: false, reachable: true, handset: 'down', lamps: [{ line: '1', lamp: 'idle' }], alerts: [], lastRefusal: null }],
  lampField: [{ line: '1', lamp: 'idle' }],
};

describe('applyControlEvent', () => {
  it('changes, adds and removes one appearance without touching the input', () => {
    const ringing = applyControlEvent(STATUS, { event: 'lamp', station: 'a', line: '1', lamp: 'ringing-here' });
    expect(ringing.stations[0]?.lamps).toEqual([{ line: '1', lamp: 'ringing-here' }]);
    expect(STATUS.stations[0]?.lamps).toEqual([{ line: '1', lamp: 'idle' }]);
    const added = applyControlEvent(ringing, { event: 'lamp', station: 'a', line: '2', lamp: 'idle' });
    expect(added.stations[0]?.lamps).toHaveLength(2);
    const removed = applyControlEvent(added, { event: 'lamp', station: 'a', line: '1', lamp: null });
    expect(removed.stations[0]?.lamps).toEqual([{ line: '2', lamp: 'idle' }]);
  });

  it('updates the lamp field for station null, ignores unknown stations, takes status events whole', () => {
    expect(applyControlEvent(STATUS, { event: 'lamp', station: null, line: '1', lamp: 'ringing-not-here' }).lampField).toEqual([
      { line: '1', lamp: 'ringing-not-here' },
    ]);
    expect(applyControlEvent(STATUS, { event: 'lamp', station: 'zz', line: '1', lamp: 'idle' })).toEqual(STATUS);
    const next = { ...STATUS, t: 5 };
    expect(applyControlEvent(STATUS, { event: 'status', status: next })).toBe(next);
  });
});
