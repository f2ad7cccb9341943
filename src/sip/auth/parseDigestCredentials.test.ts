import { describe, expect, it } from 'vitest';
import { parseDigestCredentials } from './parseDigestCredentials.js';

describe('parseDigestCredentials', () => {
  it('reads quoted and token values, lower-casing names', () => {
    const p = parseDigestCredentials('Digest username="office", Realm="b7.example.net", nc=00000001, qop=auth, algorithm=SHA-256');
    expect(Object.fromEntries(p ?? [])).toEqual({
      username: 'office', realm: 'b7.example.net', nc: '00000001', qop: 'auth', algorithm: 'SHA-256',
    });
  });

  it('unescapes quoted pairs and keeps commas inside quotes', () => {
    const p = parseDigestCredentials('digest  realm = "a \\"b\\", c" ,username="x\\\\y"');
    expect(p?.get('realm')).toBe('a "b", c');
    expect(p?.get('username')).toBe('x\\y');
  });

  it('refuses another scheme, broken syntax and repeated parameters', () => {
    expect(parseDigestCredentials('Basic b2ZmaWNlOnB3')).toBeUndefined();
    expect(parseDigestCredentials('Digest username="office')).toBeUndefined();
    expect(parseDigestCredentials('Digest username="a" realm="b"')).toBeUndefined();
    expect(parseDigestCredentials('Digest username="a", username="b"')).toBeUndefined();
    expect(parseDigestCredentials('Digest =x')).toBeUndefined();
    expect(parseDigestCredentials('Digest username=')).toBeUndefined();
  });
});
