import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Lamp } from '../../core/lamp.js';
import { dialogInfoBody } from '../blf/dialogInfoBody.js';
import { VIEWS } from '../../../test/support/presence/publisherRig.js';
import { MAX_DIALOG_INFO_BYTES, parseDialogInfo } from './parseDialogInfo.js';
import { deriveRemoteState, remoteLamp } from './remoteLineState.js';

const NS = 'urn:ietf:params:xml:ns:dialog-info';
const doc = (dialogs: string, attrs = `version="1" state="full" entity="sip:line1@a.example.net"`) =>
  `<?xml version="1.0"?>\n<dialog-info xmlns="${NS}" ${attrs}>${dialogs}</dialog-info>`;

function parsed(body: string) {
  const r = parseDialogInfo(body);
  if (!r.ok) throw new Error(`refused: ${r.reason}`);
  return r.doc;
}

describe('parseDialogInfo: what presence.md §2 says to tolerate', () => {
  it("keyline's own bodies round-trip: each lamp's body derives the state the remote mapping expects", () => {
    const cases: Array<[ReturnType<typeof VIEWS.idle>, string, Lamp]> = [
      [VIEWS.idle(), 'idle', 'idle'],
      [VIEWS.ringing(), 'ringing', 'ringing-not-here'],
      [VIEWS.inUse(), 'in-use', 'in-use-other'],
      [VIEWS.held(), 'held', 'held-other'],
      [{ ...VIEWS.held(), lamp: 'held-private-other' }, 'in-use', 'in-use-other'],
      [{ ...VIEWS.inUse(), lamp: 'seizing', lineSeizing: true }, 'in-use', 'in-use-other'],
    ];
    for (const [view, state, lamp] of cases) {
      const d = parsed(dialogInfoBody(view, 7));
      expect(d.version).toBe(7);
      expect(d.entity).toBe('sip:line1@branch7.example.net');
      expect([view.lamp, deriveRemoteState(d.dialogs)]).toEqual([view.lamp, state]);
      expect(remoteLamp(deriveRemoteState(d.dialogs))).toBe(lamp);
    }
  });

  it('several dialogs (Kamailio aggregates): ringing wins over confirmed, held over in use', () => {
    const d = parsed(doc(
      '<dialog id="a" direction="recipient"><state>confirmed</state></dialog>' +
      '<dialog id="b" direction="recipient"><state>early</state></dialog>' +
      '<dialog id="c"><state>terminated</state></dialog>'));
    expect(deriveRemoteState(d.dialogs)).toBe('ringing');
    const h = parsed(doc(
      '<dialog id="a"><state>confirmed</state></dialog>' +
      '<dialog id="b"><state>confirmed</state><local><target uri="sip:x@y"><param pname="+sip.rendering" pvalue="no"/></target></local></dialog>'));
    expect(deriveRemoteState(h.dialogs)).toBe('held');
  });

  it("the server's dummy dialog and an empty document are idle", () => {
    expect(deriveRemoteState(parsed(doc('<dialog id="dummy" call-id="x"><state>terminated</state></dialog>')).dialogs)).toBe('idle');
    expect(deriveRemoteState(parsed(doc('')).dialogs)).toBe('idle');
  });

  it('an outgoing call is in use from trying on; early without a direction is ringing', () => {
    expect(deriveRemoteState(parsed(doc('<dialog id="a" direction="initiator"><state>early</state></dialog>')).dialogs)).toBe('in-use');
    expect(deriveRemoteState(parsed(doc('<dialog id="a"><state>trying</state></dialog>')).dialogs)).toBe('in-use');
    expect(deriveRemoteState(parsed(doc('<dialog id="a"><state>proceeding</state></dialog>')).dialogs)).toBe('ringing');
  });

  it('unknown elements, attributes and namespaces, prefixes, comments, CDATA and entities are read past', () => {
    const d = parsed(`<?xml version="1.0" encoding="UTF-8"?><!-- hi --><di:dialog-info xmlns:di="${NS}" xmlns:x="urn:x" version="3" state="full" entity="sip:line1@a.example.net" x:extra="1">
      <x:foo><di:dialog id="nested-not-counted"><di:state>early</di:state></di:dialog></x:foo>
      <di:dialog id="a" direction="recipient" call-id="c&amp;1" unknown="y"><di:state event="x"><![CDATA[confirmed]]></di:state>
        <di:remote><di:identity display="O&apos;Neil &#x263A;">sip:555@a.example.net</di:identity></di:remote><x:bar/></di:dialog>
    </di:dialog-info>`);
    expect(d.dialogs).toEqual([{ id: 'a', state: 'confirmed', direction: 'recipient', held: false, remote: { uri: 'sip:555@a.example.net', display: "O'Neil \u263a" } }]);
  });

  it('partial documents are read as such', () => {
    expect(parsed(doc('', 'version="0" state="partial" entity="sip:l@a"')).state).toBe('partial');
  });
});

describe('parseDialogInfo: what it refuses, without throwing', () => {
  const refused = (body: string) => {
    const r = parseDialogInfo(body);
    expect(r.ok).toBe(false);
    return r.ok ? '' : `${r.code}: ${r.reason}`;
  };

  it('malformed XML', () => {
    expect(refused(doc('<dialog id="a"><state>early</state>'))).toMatch(/^malformed: end tag <\/dialog-info> does not close <dialog>/);
    expect(refused('<dialog-info')).toMatch(/^malformed/);
    expect(refused('')).toMatch(/no root element/);
    expect(refused(`${doc('')}<again/>`)).toMatch(/second root/);
    expect(refused(doc('<dialog id="a" id="b"><state>early</state></dialog>'))).toMatch(/attribute "id" twice/);
    expect(refused(doc('<dialog id="a">&bogus;<state>early</state></dialog>'))).toMatch(/unknown entity/);
    expect(refused(doc('<p:dialog id="a"/>'))).toMatch(/undeclared namespace prefix/);
  });

  it('a DOCTYPE (entity expansion) is refused outright', () => {
    expect(refused(`<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>${doc('')}`)).toMatch(/DOCTYPE/);
  });

  it('documents that break the schema: root, version, state, entity, dialog id and state, direction, duplicates', () => {
    expect(refused(`<presence xmlns="urn:ietf:params:xml:ns:pidf"/>`)).toMatch(/root is <presence>/);
    expect(refused(doc('', 'version="-1" state="full" entity="sip:l@a"'))).toMatch(/version "-1"/);
    expect(refused(doc('', 'version="99999999999" state="full" entity="sip:l@a"'))).toMatch(/version/);
    expect(refused(doc('', 'version="1" state="whole" entity="sip:l@a"'))).toMatch(/state "whole"/);
    expect(refused(doc('', 'version="1" state="full"'))).toMatch(/no entity/);
    expect(refused(doc('<dialog><state>early</state></dialog>'))).toMatch(/without id/);
    expect(refused(doc('<dialog id="a"><state>ringing</state></dialog>'))).toMatch(/not one of RFC 4235's/);
    expect(refused(doc('<dialog id="a" direction="sideways"><state>early</state></dialog>'))).toMatch(/direction "sideways"/);
    expect(refused(doc('<dialog id="a"><state>early</state></dialog><dialog id="a"><state>early</state></dialog>'))).toMatch(/twice/);
  });

  it('an oversized body is refused unread', () => {
    const big = doc(`<!--${'x'.repeat(MAX_DIALOG_INFO_BYTES)}-->`);
    expect(refused(big)).toMatch(/^too-large: a body of \d+ bytes/);
  });

  it('deep nesting and element floods are bounded', () => {
    expect(refused(doc(`${'<x>'.repeat(40)}${'</x>'.repeat(40)}`))).toMatch(/nested deeper/);
    expect(refused(doc('<x/>'.repeat(5000)))).toMatch(/more than 4096 elements/);
  });

  it('fuzz: random bytes, random XML-ish text and mutated real bodies never throw', () => {
    const real = dialogInfoBody(VIEWS.ringing(), 3);
    const xmlish = fc.array(fc.constantFrom('<', '>', '/', '"', "'", '=', '&', ';', '!', '?', '-', '[', ']', ' ', 'dialog', 'state', 'x:', 'xmlns', 'CDATA', '#x', 'early', '\u0000', '\ud800'), { maxLength: 200 }).map((a) => a.join(''));
    const mutated = fc.tuple(fc.nat(real.length), fc.nat(40), fc.string({ maxLength: 20 })).map(([at, cut, ins]) => real.slice(0, at) + ins + real.slice(at + cut));
    const bytes = fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b).toString('utf8'));
    fc.assert(fc.property(fc.oneof(bytes, xmlish, mutated, fc.string({ maxLength: 300 })), (body) => {
      const r = parseDialogInfo(body);
      if (r.ok) expect(['idle', 'ringing', 'in-use', 'held']).toContain(deriveRemoteState(r.doc.dialogs));
      else expect(r.reason.length).toBeGreaterThan(0);
    }), { numRuns: 3000, seed: 4235 });
  });
});
