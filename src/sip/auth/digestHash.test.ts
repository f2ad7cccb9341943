import { describe, expect, it } from 'vitest';
import { algorithmOf, digestHash, sameText } from './digestHash.js';

// RFC 7616 §3.9.1: the worked example, with its published responses for both algorithms.
const EXAMPLE = {
  a1: 'Mufasa:http-auth@example.org:Circle of Life',
  a2: 'GET:/dir/index.html',
  rest: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v:00000001:f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ:auth',
};

describe('digestHash', () => {
  it('gives RFC 7616 §3.9.1\'s MD5 response', () => {
    const response = digestHash('MD5', `${digestHash('MD5', EXAMPLE.a1)}:${EXAMPLE.rest}:${digestHash('MD5', EXAMPLE.a2)}`);
    expect(response).toBe('8ca523f5e9506fed4657c9700eebdbec');
  });

  it('gives RFC 7616 §3.9.1\'s SHA-256 response', () => {
    const h = (s: string): string => digestHash('SHA-256', s);
    expect(h(`${h(EXAMPLE.a1)}:${EXAMPLE.rest}:${h(EXAMPLE.a2)}`)).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
  });

  it('an absent algorithm is MD5; names are case-insensitive; -sess variants are not offered', () => {
    expect(algorithmOf(undefined)).toBe('MD5');
    expect(algorithmOf('sha-256')).toBe('SHA-256');
    expect(algorithmOf('MD5-sess')).toBeUndefined();
    expect(algorithmOf('SHA-512-256')).toBeUndefined();
  });

  it('sameText compares whole texts of any length', () => {
    expect(sameText('abc', 'abc')).toBe(true);
    expect(sameText('abc', 'abd')).toBe(false);
    expect(sameText('abc', 'abcd')).toBe(false);
    expect(sameText('', '')).toBe(true);
  });
});
