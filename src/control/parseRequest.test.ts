import { describe, expect, it } from 'vitest';
import { parseRequest } from './parseRequest.js';

describe('parseRequest', () => {
  it('returns the typed request', () => {
    expect(parseRequest('{"id":3,"cmd":"sim.panelPress","panel":"xk1","key":7}')).toEqual({
      ok: true,
      request: { id: 3, cmd: 'sim.panelPress', panel: 'xk1', key: 7 },
    });
  });

  it.each([
    ['not json', null, 'BAD_JSON', /^not JSON/],
    ['"status"', null, 'BAD_REQUEST', /JSON object/],
    ['{"id":"1","cmd":"status"}', null, 'BAD_REQUEST', /^id: /],
    ['{"id":1.5,"cmd":"status"}', null, 'BAD_REQUEST', /^id: /],
    ['{"id":1}', 1, 'BAD_REQUEST', /^cmd: /],
    ['{"id":1,"cmd":"toString"}', 1, 'UNKNOWN_COMMAND', /known: status, watch/],
    ['{"id":1,"cmd":"calls","limit":0}', 1, 'BAD_REQUEST', /^calls: limit: /],
    ['{"id":1,"cmd":"sim.ring","line":"1","withheld":"X"}', 1, 'BAD_REQUEST', /^sim\.ring: withheld: /],
    ['{"id":1,"cmd":"sim.press","station":"a","line":"1","digits":"12;3"}', 1, 'BAD_REQUEST', /digits: expected up to 64 dial digits/],
    ['{"id":1,"cmd":"sim.battery","line":"1"}', 1, 'BAD_REQUEST', /present: /],
    ['{"id":1,"cmd":"sim.panelPress","panel":"p","key":-1}', 1, 'BAD_REQUEST', /key: /],
    ['{"id":1,"cmd":"reload","force":true}', 1, 'BAD_REQUEST', /force/],
  ])('%s → %s %s', (line, id, code, message) => {
    const parsed = parseRequest(line);
    expect(parsed).toMatchObject({ ok: false, id, code });
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});
