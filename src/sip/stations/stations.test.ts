import { describe, expect, it } from 'vitest';
import { alertHeaders, autoAnswerHeaders } from './alertHeaders.js';
import { alertOutcome, forkedOutcome } from './alertOutcome.js';
import { callerIdentity, quoteDisplay } from './callerIdentity.js';
import { refusalStatus } from './refusalStatus.js';
import { requestTarget } from './requestTarget.js';

const scope = {
  station: 'reception',
  hasLine: (l: string) => ['line1', 'line2'].includes(l),
  isLine: (l: string) => ['line1', 'line2', 'line3'].includes(l),
  isStation: (s: string) => ['reception', 'office'].includes(s),
};

describe('requestTarget: the Asterisk SLA numbering', () => {
  it('maps <station>, <station>_<line>, <line> and digits', () => {
    expect(requestTarget('reception', scope)).toEqual({ kind: 'offHook' });
    expect(requestTarget('reception_line2', scope)).toEqual({ kind: 'lineKey', line: 'line2' });
    expect(requestTarget('line1', scope)).toEqual({ kind: 'lineKey', line: 'line1' });
    expect(requestTarget('5550000', scope)).toEqual({ kind: 'offHook', digits: '5550000' });
    expect(requestTarget('office_line1', scope).kind).toBe('forbidden');
    expect(requestTarget('nobody', scope).kind).toBe('notFound');
    expect(requestTarget('office', scope).kind).toBe('notFound');
  });
});

describe('refusals and alert outcomes', () => {
  it('maps every refusal of sla.md §5.4 to its SIP status', () => {
    expect(['no-appearance', 'no-line', 'busy', 'lost-race', 'private', 'unavailable', 'failed'].map((r) => refusalStatus(r as never).status))
      .toEqual([404, 486, 486, 486, 403, 480, 503]);
  });
  it('486/480/600/603 decline (sla.md §3.3), other failures retry, the first answer or decline of a fork decides', () => {
    expect([200, 486, 600, 603, 480, 404, 408, 500, 503].map(alertOutcome)).toEqual(
      ['answered', 'declined', 'declined', 'declined', 'declined', 'failed', 'failed', 'failed', 'failed']);
    expect(forkedOutcome(['failed', null])).toBeNull();
    expect(forkedOutcome(['failed', 'failed'])).toBe('failed');
    expect(forkedOutcome(['failed', 'declined'])).toBe('declined');
    expect(forkedOutcome([null, 'answered'])).toBe('answered');
  });
});

describe('caller identity in alerts', () => {
  it('shows the caller, the withheld caller as anonymous, or the line', () => {
    expect(callerIdentity({ number: '5551234', name: 'DOE JOHN' }, { id: 'line1', label: 'Main' }, 'b.example')).toEqual({ display: 'DOE JOHN', uri: 'sip:5551234@b.example' });
    expect(callerIdentity({ withheld: 'P' }, { id: 'line1', label: 'Main' }, 'b.example')).toEqual({ display: 'Private', uri: 'sip:anonymous@anonymous.invalid' });
    expect(callerIdentity(null, { id: 'line1', label: 'Main' }, 'b.example')).toEqual({ display: 'Main', uri: 'sip:line1@b.example' });
    expect(quoteDisplay('O"Brien \\ Co')).toBe('"O\\"Brien \\\\ Co"');
  });
  it('names the line in Alert-Info and the caller in P-Asserted-Identity; auto-answer headers', () => {
    const h = alertHeaders({ station: 's', line: 'line2', call: 'line2-4', kind: 'ring', callerId: { number: '1' }, label: 'Sales' }, 'b.example');
    expect(h).toEqual(['P-Asserted-Identity: "1" <sip:1@b.example>', 'Alert-Info: <urn:x-keyline:line:line2>;info=keyline-line2']);
    expect(autoAnswerHeaders('b.example')[0]).toBe('Call-Info: <sip:b.example>;answer-after=0');
  });
});
