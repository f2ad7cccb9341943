import { describe, expect, it } from 'vitest';
import type { Lamp } from '../../core/lamp.js';
import { dialogInfoBody } from '../blf/dialogInfoBody.js';
import { lineView } from '../blf/lineView.js';
import type { DialogInfoView } from '../blf/DialogInfoView.js';
import { resolveBlf } from '../SipService.js';
import type { SipSystemView } from '../SipService.js';
import { remoteLinesView } from './remoteLinesView.js';

const base: SipSystemView = {
  station: (id) => (id === 's1' ? { id: 's1', kind: 'sip', options: { ringDelay: 0, ringTimeout: 0, hold: 'open', offHookPreference: 'ringing-first', autoHold: true }, appearances: [] } : undefined),
  lineDef: () => undefined, lineState: () => undefined, lineContext: () => undefined,
  lineIds: () => ['line1'], stationIds: () => ['s1'], lamp: () => null,
};

function rig(lamp: Lamp | null) {
  const remote: DialogInfoView | null = lamp === null ? null : {
    line: 'a-line1', label: 'A/line1', domain: 'b.example.net', lamp, lastSeq: 7, lineSeizing: false, callerIdOn: true,
    call: { seq: 7, direction: 'in', callerId: { number: '5551234', name: 'DOE JOHN' }, digits: '' },
  };
  const source = lamp === null ? null : { lamp: () => lamp, view: () => remote };
  return remoteLinesView(base, [{ id: 'a-line1', label: 'A/line1' }], 'b.example.net', () => source);
}

function body(v: SipSystemView, viewer: string | null): string {
  const view = lineView(v, viewer, 'a-line1', 'b.example.net');
  if (view === null) throw new Error('no view');
  return dialogInfoBody(view, 0);
}

describe('remoteLinesView: remote lines for the BLF notifier (lamps.md §4.1)', () => {
  it('a phone may subscribe to a remote id, plain or as <station>_<id>; it is never a line key', () => {
    const v = rig('idle');
    expect(resolveBlf(v, 'a-line1', 's1')).toEqual({ viewer: null, line: 'a-line1' });
    expect(resolveBlf(v, 's1_a-line1', 's1')).toEqual({ viewer: 's1', line: 'a-line1' });
    expect(resolveBlf(v, 'a-line2', 's1')).toBeNull();
    expect([...v.lineIds()]).toEqual(['line1']);
  });

  it('every viewer sees the remote lamp; the body is the remote mapping: ringing early with the caller, unknown terminated with error', () => {
    const ringing = rig('ringing-not-here');
    expect(ringing.lamp('s1', 'a-line1')).toBe('ringing-not-here');
    const b = body(ringing, 's1');
    expect(b).toContain('entity="sip:a-line1@b.example.net"');
    expect(b).toMatch(/<dialog id="a-line1-7"[^>]*direction="recipient">\s*<state>early<\/state>/);
    expect(b).toContain('DOE JOHN');
    const unknown = rig(null);
    expect(unknown.lamp(null, 'a-line1')).toBe('unknown');
    expect(body(unknown, null)).toMatch(/<state event="error">terminated<\/state>/);
  });
});
