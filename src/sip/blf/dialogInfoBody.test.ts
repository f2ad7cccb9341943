import { describe, expect, it } from 'vitest';
import type { Lamp } from '../../core/lamp.js';
import type { DialogInfoView } from './DialogInfoView.js';
import { dialogInfoBody, withVersion } from './dialogInfoBody.js';

const DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';
const OPEN = (version: number) =>
  `<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="${version}" state="full" entity="sip:line1@branch7.example.net">\n`;
const doc = (version: number, dialog: string) => `${DECL}${OPEN(version)}${dialog}</dialog-info>\n`;

/** line1 "Main" at branch7.example.net, call 42 from DOE JOHN 5551234 (the lamps.md §4.3 call). */
function view(lamp: Lamp, over: Partial<DialogInfoView> = {}): DialogInfoView {
  return {
    line: 'line1', label: 'Main', domain: 'branch7.example.net', lamp,
    call: { seq: 42, direction: 'in', callerId: { number: '5551234', name: 'DOE JOHN' }, digits: '' },
    lastSeq: 42, lineSeizing: false, callerIdOn: true, ...over,
  };
}

const HANDLE = 'id="line1-42" call-id="line1-42@branch7.example.net" local-tag="l42" remote-tag="r42"';
const LOCAL = '    <local><identity display="Main">sip:line1@branch7.example.net</identity></local>\n';
const LOCAL_HELD = '    <local><identity display="Main">sip:line1@branch7.example.net</identity>\n'
  + '      <target uri="sip:line1@branch7.example.net"><param pname="+sip.rendering" pvalue="no"/></target></local>\n';
const REMOTE = '    <remote><identity display="DOE JOHN">sip:5551234@branch7.example.net</identity></remote>\n';
const live = (state: string, direction: string, local = LOCAL, remote = REMOTE) =>
  `  <dialog ${HANDLE} direction="${direction}">\n    <state>${state}</state>\n${local}${remote}  </dialog>\n`;

describe('dialogInfoBody: the lamps.md §4.3 examples, exactly', () => {
  it('ringing, as B sees line1 (ringing-here)', () => {
    expect(dialogInfoBody(view('ringing-here'), 3)).toBe(DECL
      + '<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="3" state="full" entity="sip:line1@branch7.example.net">\n'
      + '  <dialog id="line1-42" call-id="line1-42@branch7.example.net" local-tag="l42" remote-tag="r42" direction="recipient">\n'
      + '    <state>early</state>\n'
      + '    <local><identity display="Main">sip:line1@branch7.example.net</identity></local>\n'
      + '    <remote><identity display="DOE JOHN">sip:5551234@branch7.example.net</identity></remote>\n'
      + '  </dialog>\n'
      + '</dialog-info>\n');
  });

  it('the same call held by A, as A sees it (held-mine)', () => {
    expect(dialogInfoBody(view('held-mine'), 7)).toBe(doc(7,
      '  <dialog id="line1-42" call-id="line1-42@branch7.example.net" local-tag="l42" remote-tag="r42" direction="recipient">\n'
      + '    <state>confirmed</state>\n'
      + '    <local><identity display="Main">sip:line1@branch7.example.net</identity>\n'
      + '      <target uri="sip:line1@branch7.example.net"><param pname="+sip.rendering" pvalue="no"/></target></local>\n'
      + '    <remote><identity display="DOE JOHN">sip:5551234@branch7.example.net</identity></remote>\n'
      + '  </dialog>\n'));
  });

  it('after the call ends, the idle body', () => {
    expect(dialogInfoBody(view('idle', { call: null }), 8)).toBe(doc(8, '  <dialog id="line1-42"><state>terminated</state></dialog>\n'));
  });
});

describe('dialogInfoBody: every row of the lamps.md §4.2 table', () => {
  const rows: Array<[Lamp, Partial<DialogInfoView>, string]> = [
    ['idle', { call: null }, '  <dialog id="line1-42"><state>terminated</state></dialog>\n'],
    ['ringing-here', {}, live('early', 'recipient')],
    ['ringing-not-here', {}, live('early', 'recipient')],
    ['recall', {}, live('early', 'recipient')],
    ['seizing', { call: { seq: 42, direction: 'out', callerId: null, digits: '' }, lineSeizing: true }, live('trying', 'initiator', LOCAL, '')],
    ['in-use-other', { call: { seq: 42, direction: 'out', callerId: null, digits: '' }, lineSeizing: true }, live('trying', 'initiator', LOCAL, '')],
    ['in-use-mine', {}, live('confirmed', 'recipient')],
    ['in-use-other', {}, live('confirmed', 'recipient')],
    ['held-mine', {}, live('confirmed', 'recipient', LOCAL_HELD)],
    ['held-other', {}, live('confirmed', 'recipient', LOCAL_HELD)],
    ['held-private-mine', {}, live('confirmed', 'recipient', LOCAL_HELD)],
    ['held-private-other', {}, live('confirmed', 'recipient')],
    ['out-of-service', { call: null }, '  <dialog id="line1-42"><state event="error">terminated</state></dialog>\n'],
    ['unknown', { call: null }, '  <dialog id="line1-42"><state event="error">terminated</state></dialog>\n'],
  ];
  for (const [lamp, over, dialog] of rows) {
    it(`${lamp}${over.lineSeizing ? ' (line seizing)' : ''}`, () => {
      expect(dialogInfoBody(view(lamp, over), 0)).toBe(doc(0, dialog));
    });
  }
});

describe('dialogInfoBody: identities and escaping', () => {
  const remoteOf = (body: string) => /<remote>.*<\/remote>/.exec(body)?.[0] ?? null;

  it('a withheld caller is anonymous, Private (P) or Unavailable (O)', () => {
    const p = view('ringing-here', { call: { seq: 1, direction: 'in', callerId: { withheld: 'P' }, digits: '' } });
    const o = view('ringing-here', { call: { seq: 1, direction: 'in', callerId: { withheld: 'O' }, digits: '' } });
    expect(remoteOf(dialogInfoBody(p, 0))).toBe('<remote><identity display="Private">sip:anonymous@anonymous.invalid</identity></remote>');
    expect(remoteOf(dialogInfoBody(o, 0))).toBe('<remote><identity display="Unavailable">sip:anonymous@anonymous.invalid</identity></remote>');
  });

  it('an outbound call shows the dialled number, escaped as a SIP user', () => {
    const v = view('in-use-mine', { call: { seq: 9, direction: 'out', callerId: null, digits: '*67#5551234' } });
    const body = dialogInfoBody(v, 0);
    expect(remoteOf(body)).toBe('<remote><identity>sip:*67%235551234@branch7.example.net</identity></remote>');
    expect(body).toContain('direction="initiator"');
  });

  it('a number without a name has no display; no caller ID yet or callerId off: no <remote>', () => {
    const noName = view('ringing-here', { call: { seq: 1, direction: 'in', callerId: { number: '5551234' }, digits: '' } });
    expect(remoteOf(dialogInfoBody(noName, 0))).toBe('<remote><identity>sip:5551234@branch7.example.net</identity></remote>');
    const notYet = view('ringing-here', { call: { seq: 1, direction: 'in', callerId: null, digits: '' } });
    expect(remoteOf(dialogInfoBody(notYet, 0))).toBeNull();
    expect(remoteOf(dialogInfoBody(view('ringing-here', { callerIdOn: false }), 0))).toBeNull();
  });

  it('PSTN and configured text is XML-escaped; characters XML cannot carry become U+FFFD', () => {
    const v = view('ringing-here', {
      label: 'R&D <main>',
      call: { seq: 3, direction: 'in', callerId: { number: '5551234', name: 'O\'BRIEN "J" & SØN\u0007' }, digits: '' },
    });
    const body = dialogInfoBody(v, 0);
    expect(body).toContain('<identity display="R&amp;D &lt;main&gt;">sip:line1@branch7.example.net</identity>');
    expect(body).toContain('display="O&apos;BRIEN &quot;J&quot; &amp; SØN\uFFFD"');
    expect(Buffer.from(body, 'utf8').toString('utf8')).toBe(body);
  });

  it('a line with no call yet shows <line>-0 terminated', () => {
    expect(dialogInfoBody(view('idle', { call: null, lastSeq: 0 }), 0)).toContain('<dialog id="line1-0"><state>terminated</state></dialog>');
  });

  it('misuse throws: a live lamp without a call, a bad version', () => {
    expect(() => dialogInfoBody(view('ringing-here', { call: null }), 0)).toThrow(/view.call/);
    expect(() => dialogInfoBody(view('idle'), -1)).toThrow(/version/);
  });
});

describe('withVersion: a version-0 document stamped with another version', () => {
  it('is exactly dialogInfoBody with that version, for every lamp shape', () => {
    const views: DialogInfoView[] = [
      { line: 'line1', label: 'Main & <Co>', domain: 'example.net', lamp: 'idle', call: null, lastSeq: 4, lineSeizing: false, callerIdOn: true },
      { line: 'line1', label: 'Main', domain: 'example.net', lamp: 'held-mine', lastSeq: 5, lineSeizing: false, callerIdOn: true,
        call: { seq: 5, direction: 'in', callerId: { number: '5551234', name: 'DOE "J"' }, digits: '' } },
    ];
    for (const v of views) for (const n of [0, 1, 9, 10, 12345]) expect(withVersion(dialogInfoBody(v, 0), n)).toBe(dialogInfoBody(v, n));
  });

  it('refuses a bad version or a document that is not version 0', () => {
    const doc = dialogInfoBody({ line: 'l', label: 'L', domain: 'd', lamp: 'idle', call: null, lastSeq: 0, lineSeizing: false, callerIdOn: false }, 0);
    expect(() => withVersion(doc, -1)).toThrow(RangeError);
    expect(() => withVersion(withVersion(doc, 3), 4)).toThrow(RangeError);
  });
});
