import { describe, expect, it } from 'vitest';
import { CoreHarness } from '../../../test/support/CoreHarness.js';
import { fixture } from '../../../test/support/coreFixture.js';
import { dialogInfoBody } from './dialogInfoBody.js';
import { lineView } from './lineView.js';

const DOMAIN = 'site.example.net';

describe('lineView: the key system as dialog-info views', () => {
  it('a ringing call, answered, then ended: lamp, call handle, caller and latest seq', () => {
    const h = new CoreHarness(fixture(), { seq: { l1: 41 } });
    h.ring('l1', { number: '5551234', name: 'DOE JOHN' });
    const ringing = lineView(h.ks, 'b', 'l1', DOMAIN);
    expect(ringing).toMatchObject({
      line: 'l1', label: 'L1', domain: DOMAIN, lamp: 'ringing-here', lastSeq: 42, lineSeizing: false, callerIdOn: true,
      call: { seq: 42, direction: 'in', callerId: { number: '5551234', name: 'DOE JOHN' } },
    });
    expect(lineView(h.ks, null, 'l1', DOMAIN)?.lamp).toBe('ringing-not-here');

    h.st('a', { type: 'station.answer', line: 'l1' });
    expect(lineView(h.ks, 'a', 'l1', DOMAIN)?.lamp).toBe('in-use-mine');
    expect(lineView(h.ks, 'b', 'l1', DOMAIN)?.lamp).toBe('in-use-other');

    h.st('a', { type: 'station.hangup', line: 'l1' });
    const idle = lineView(h.ks, 'b', 'l1', DOMAIN);
    expect(idle).toMatchObject({ lamp: 'idle', call: null, lastSeq: 42 });
    expect(dialogInfoBody(idle!, 5)).toContain('<dialog id="l1-42"><state>terminated</state></dialog>');
  });

  it('a seizure: the seizer sees seizing, the others in-use-other while the line is seizing (trying)', () => {
    const h = new CoreHarness(fixture());
    h.st('a', { type: 'station.lineKey', line: 'l2' });
    const other = lineView(h.ks, 'b', 'l2', DOMAIN);
    expect(lineView(h.ks, 'a', 'l2', DOMAIN)?.lamp).toBe('seizing');
    expect(other).toMatchObject({ lamp: 'in-use-other', lineSeizing: true, call: { direction: 'out' } });
    expect(dialogInfoBody(other!, 0)).toContain('<state>trying</state>');
  });

  it('no such line or no appearance: null', () => {
    const h = new CoreHarness(fixture({ station: { c: { lines: ['l1'] } } }));
    expect(lineView(h.ks, 'a', 'nope', DOMAIN)).toBeNull();
    expect(lineView(h.ks, 'c', 'l2', DOMAIN)).toBeNull();
  });
});
