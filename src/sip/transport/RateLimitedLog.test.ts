import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../hal/sim/SimulatedClock.js';
import { RateLimitedLog } from './RateLimitedLog.js';
import { RecordingLog } from './testing/recordingLog.js';

describe('RateLimitedLog', () => {
  it('logs a burst per reason per window, then says how many it suppressed', () => {
    const log = new RecordingLog();
    const clock = new SimulatedClock();
    const notes = new RateLimitedLog(log, clock, 'sip.test', 2, 1000);
    for (let i = 0; i < 10; i++) notes.note('warning', 'drop', { i });
    notes.note('debug', 'other');
    expect(log.lines.map((l) => l.fields)).toEqual([{ event: 'drop', i: 0 }, { event: 'drop', i: 1 }, { event: 'other' }]);
    clock.advance(1000);
    notes.note('warning', 'drop', { i: 10 });
    expect(log.lines.at(-1)).toEqual({ level: 'warning', component: 'sip.test', fields: { event: 'drop', i: 10, suppressed: 8 } });
  });
});
