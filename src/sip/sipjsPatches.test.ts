import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Core, URI } from 'sip.js';
import { assertSipjsInternals, patchBranchIds, patchRequestUriCheck, patchWildcardContact, sipjsGrammarPatched, SIPJS_VERSION } from './sipjsPatches.js';
import { request } from './transport/testing/sipText.js';

/**
 * Guards the runtime patches of sip.js internals (sipjsPatches.ts). Each test first shows the
 * unpatched sip.js behaviour the patch exists for, then the patched one: if sip.js changes, the
 * "before" half fails and says which assumption broke.
 */

function bareCore(delegate: Core.UserAgentCoreDelegate = {}) {
  const sent: string[] = [];
  const transport: Core.Transport = { protocol: 'UDP', send: async (m) => void sent.push(m) };
  const loggerFactory = new Core.LoggerFactory();
  loggerFactory.builtinEnabled = false;
  const aor = new URI('sip', 'keyline', '127.0.0.1');
  const core = new Core.UserAgentCore({
    aor, contact: { pubGruu: undefined, tempGruu: undefined, uri: aor, toString: () => `<${aor.toString()}>` }, displayName: '',
    loggerFactory, hackViaTcp: false, routeSet: [], sipjsId: 'kltst', supportedOptionTags: [], supportedOptionTagsResponse: [],
    userAgentHeaderFieldValue: 'test', viaForceRport: false, viaHost: '127.0.0.1', authenticationFactory: () => undefined,
    transportAccessor: () => transport,
  }, delegate);
  const receive = (text: string) => {
    const m = Core.Parser.parseMessage(text, loggerFactory.getLogger('test'));
    if (!(m instanceof Core.IncomingRequestMessage)) throw new Error('not a request');
    core.receiveIncomingRequestFromTransport(m);
  };
  const status = () => sent.map((s) => Number(s.split(' ')[1]));
  return { core, sent, receive, status };
}

describe('sip.js version', () => {
  it(`is exactly ${SIPJS_VERSION}, and its internals match every fingerprint`, () => {
    const pkg = createRequire(import.meta.url).resolve('sip.js/package.json');
    expect((JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version).toBe('0.21.2');
    expect(() => assertSipjsInternals()).not.toThrow();
  });

  it('the guard names the internal that changed', () => {
    const proto = Core.UserAgentCore.prototype as unknown as { receiveRequest: unknown };
    const original = proto.receiveRequest;
    proto.receiveRequest = function changed() {};
    try {
      expect(() => assertSipjsInternals()).toThrow(/receiveRequest R-URI check/);
    } finally {
      proto.receiveRequest = original;
    }
  });
});

describe('(a) Request-URI check', () => {
  it('unpatched, sip.js answers 404 unless the Request-URI user is its own', () => {
    const { receive, status } = bareCore();
    receive(request({ uri: 'sip:1001@127.0.0.1', branch: 'z9hG4bK-a1' }));
    receive(request({ uri: 'sip:keyline@10.0.0.1', branch: 'z9hG4bK-a2', callId: 'c2' }));
    expect(status()).toEqual([404, 200]);
  });

  it('patched, any user at an accepted host reaches the core; other hosts keep the old rule', () => {
    const { core, receive, status } = bareCore();
    patchRequestUriCheck(core, (ruri) => ruri.host === '127.0.0.1');
    receive(request({ uri: 'sip:1001@127.0.0.1', branch: 'z9hG4bK-b1' }));
    receive(request({ uri: 'sip:127.0.0.1', branch: 'z9hG4bK-b2', callId: 'c2' }));
    receive(request({ uri: 'sip:1001@10.0.0.1', branch: 'z9hG4bK-b3', callId: 'c3' }));
    receive(request({ uri: 'sip:keyline@10.0.0.1', branch: 'z9hG4bK-b4', callId: 'c4' }));
    expect(status()).toEqual([200, 200, 404, 200]);
  });

  it('the delegate never sees the swapped AOR', () => {
    const seen: string[] = [];
    const { core, receive } = bareCore({
      onRegister: (r) => {
        seen.push(core.configuration.aor.toString());
        r.reject({ statusCode: 403 });
      },
    });
    patchRequestUriCheck(core, () => true);
    receive(request({ method: 'REGISTER', uri: 'sip:127.0.0.1', branch: 'z9hG4bK-c1' }));
    expect(seen).toEqual(['sip:keyline@127.0.0.1']);
    expect(core.configuration.aor.toString()).toBe('sip:keyline@127.0.0.1');
  });
});

describe('(b) Contact', () => {
  it('sip.js renders the Contact of an INVITE 2xx from configuration.contact (createUserAgentCore gives it the port)', () => {
    expect(Core.InviteUserAgentServer.prototype.accept.toString()).toContain('this.core.configuration.contact.toString()');
  });
});

describe('(c) branch ids', () => {
  const makeId = (method: string, branch?: string) =>
    (Core.ClientTransaction as unknown as { makeId(r: { method: string; branch?: string }): string }).makeId({ method, branch });

  it('unpatched, a branch has at most 7 random digits; patched, 96 random bits; CANCEL keeps its INVITE branch', () => {
    expect(makeId('OPTIONS')).toMatch(/^z9hG4bK\d{1,7}$/);
    patchBranchIds();
    patchBranchIds();
    expect(makeId('OPTIONS')).toMatch(/^z9hG4bK[0-9a-f]{24}$/);
    expect(makeId('CANCEL', 'z9hG4bKinvite')).toBe('z9hG4bKinvite');
    const { core, sent } = bareCore();
    core.request(core.makeOutgoingRequestMessage('OPTIONS', new URI('sip', 'x', '127.0.0.1'), core.configuration.aor, new URI('sip', 'x', '127.0.0.1'), {}));
    expect(sent[0]).toMatch(/^Via: SIP\/2\.0\/UDP 127\.0\.0\.1;branch=z9hG4bK[0-9a-f]{24}\r$/m);
    core.dispose();
  });
});

describe('(d) Contact: *', () => {
  const wildcardRegister = [
    'REGISTER sip:127.0.0.1 SIP/2.0', 'Via: SIP/2.0/UDP 127.0.0.1:5099;branch=z9hG4bK-w1', 'From: <sip:office@127.0.0.1>;tag=a',
    'To: <sip:office@127.0.0.1>', 'Call-ID: w1', 'CSeq: 3 REGISTER', 'Contact: *', 'Expires: 0', 'Max-Forwards: 70', 'Content-Length: 0', '', '',
  ].join('\r\n');
  const logger = new Core.LoggerFactory().getLogger('test');

  it('unpatched, sip.js drops a REGISTER with Contact: *; patched, it parses with the raw * kept', () => {
    expect(Core.Parser.parseMessage(wildcardRegister, logger)).toBeUndefined();
    patchWildcardContact();
    patchWildcardContact();
    const m = Core.Parser.parseMessage(wildcardRegister, logger);
    expect(m?.getHeader('contact')).toBe('*');
    expect(m?.getHeader('expires')).toBe('0');
    // Every other Contact still parses as before.
    const normal = Core.Parser.parseMessage(wildcardRegister.replace('Contact: *', 'Contact: <sip:office@127.0.0.1:5099>'), logger);
    expect((m && normal?.parseHeader('contact'))?.uri?.toString()).toBe('sip:office@127.0.0.1:5099');
  });
});

describe('(e) grammar bytecode decoded once (install time)', () => {
  it('is in place after npm ci (postinstall), and parsing gives the same structures', () => {
    expect(sipjsGrammarPatched(), 'run `node scripts/patch-sipjs-grammar.mjs` (npm ci does it)').toBe(true);
    const logger = new Core.LoggerFactory().getLogger('test');
    const text = ['SIP/2.0 200 OK', 'Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKabc;rport=5070;received=127.0.0.1',
      'From: "Main" <sip:line1@b.example>;tag=a1', 'To: <sip:office@10.0.0.5>;tag=b2', 'Call-ID: c@1', 'CSeq: 5 NOTIFY',
      'Contact: <sip:office@10.0.0.5:5062;transport=tcp>', 'Content-Length: 0', '', ''].join('\r\n');
    // Parsed twice: the second parse runs on the table the first one decoded.
    for (let i = 0; i < 2; i++) {
      const m = Core.Parser.parseMessage(text, logger);
      expect(m instanceof Core.IncomingResponseMessage && m.statusCode).toBe(200);
      expect(m?.from.displayName).toBe('Main');
      expect(m?.from.uri.toString()).toBe('sip:line1@b.example');
      expect(m?.toTag).toBe('b2');
      expect(m?.cseq).toBe(5);
      expect((m?.parseHeader('contact') as { uri: { port: number } } | undefined)?.uri.port).toBe(5062);
      expect(m?.via.host).toBe('127.0.0.1');
    }
  });
});
