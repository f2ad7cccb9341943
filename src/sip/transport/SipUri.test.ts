import { describe, expect, it } from 'vitest';
import { firstUriIn, hostPortKey, parseSipUri, withUriParam } from './SipUri.js';

describe('SIP URIs', () => {
  it('reads user, host, port and parameters', () => {
    const uri = parseSipUri('sip:1001@Phone.Example:5070;transport=TCP;lr?subject=x');
    expect(uri).toMatchObject({ scheme: 'sip', user: '1001', host: 'phone.example', port: 5070 });
    expect(uri?.params.get('transport')).toBe('TCP');
    expect(uri?.params.has('lr')).toBe(true);
    expect(parseSipUri('sips:[::1]')).toMatchObject({ scheme: 'sips', host: '[::1]', port: undefined });
  });

  it.each(['', 'tel:+123', 'sip:', 'sip:a@b:0', 'sip:a@b:70000', 'sip:a b'])('rejects %j', (t) => expect(parseSipUri(t)).toBeUndefined());

  it('finds the URI in name-addr and addr-spec values', () => {
    expect(firstUriIn('"A" <sip:a@h;lr>;expires=3')).toMatchObject({ uri: 'sip:a@h;lr', bracketed: true });
    expect(firstUriIn('sip:a@h:5;expires=3')).toMatchObject({ uri: 'sip:a@h:5', bracketed: false, start: 0 });
    expect(firstUriIn('<sip:a@h')).toBeUndefined();
  });

  it('sets a URI parameter before the headers part', () => {
    expect(withUriParam('sip:a@h;transport=udp', 'transport', 'tcp')).toBe('sip:a@h;transport=tcp');
    expect(withUriParam('sip:a@h?x=1', 'transport', 'tcp')).toBe('sip:a@h;transport=tcp?x=1');
    expect(hostPortKey('H', undefined)).toBe('h:5060');
  });
});
