import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPIRES, checkBounds, retryDelay, DEFAULT_NOTIFY_FAILURES } from './NotifierPolicy.js';
import { subscribeCheck } from './subscribeCheck.js';

const check = (event: string | undefined, expires?: string, accept: string[] = []) =>
  subscribeCheck({ event, expires, accept }, DEFAULT_EXPIRES);

describe('subscribeCheck (RFC 6665 §4.2.1.1)', () => {
  it('grants Event: dialog, any case, echoing an id parameter', () => {
    expect(check('dialog', '600')).toEqual({ ok: true, event: 'dialog', expires: 600 });
    expect(check('Dialog ; id=7', '120')).toEqual({ ok: true, event: 'dialog;id=7', expires: 120 });
  });

  it('489 with Allow-Events for another package, a template package or no Event', () => {
    for (const e of ['presence', 'dialog.winfo', 'call-info', '', undefined]) {
      expect(check(e)).toMatchObject({ ok: false, status: 489, headers: ['Allow-Events: dialog'] });
    }
  });

  it('grant: absent → default, above max → max, 0 kept, below min → 423 with Min-Expires, garbage → 400', () => {
    expect(check('dialog')).toMatchObject({ expires: 600 });
    expect(check('dialog', '3600')).toMatchObject({ expires: 600 });
    expect(check('dialog', '0')).toMatchObject({ ok: true, expires: 0 });
    expect(check('dialog', ' 60 ')).toMatchObject({ ok: true, expires: 60 });
    expect(check('dialog', '59')).toEqual({ ok: false, status: 423, reason: 'expires 59 < 60', headers: ['Min-Expires: 60'] });
    for (const bad of ['-1', '1.5', 'soon', '']) expect(check('dialog', bad)).toMatchObject({ ok: false, status: 400 });
  });

  it('Accept: dialog-info, application/* or */* anywhere in the list; none at all is fine', () => {
    expect(check('dialog', '600', ['application/dialog-info+xml, multipart/related'])).toMatchObject({ ok: true });
    expect(check('dialog', '600', ['application/rlmi+xml', 'application/*;q=0.5'])).toMatchObject({ ok: true });
    expect(check('dialog', '600', ['*/*'])).toMatchObject({ ok: true });
    expect(check('dialog', '600', ['application/pidf+xml'])).toMatchObject({ ok: false, status: 406, headers: ['Accept: application/dialog-info+xml'] });
  });
});

describe('NotifierPolicy', () => {
  it('retry delays double from 2 s up to 60 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelay(n, DEFAULT_NOTIFY_FAILURES))).toEqual([2000, 4000, 8000, 16000, 32000, 60000, 60000]);
  });

  it('misused bounds throw, naming the field', () => {
    expect(() => checkBounds({ min: 0, max: 600, default: 600 })).toThrow(/expires.min/);
    expect(() => checkBounds({ min: 60, max: 30, default: 30 })).toThrow(/expires.min \(60\) must not exceed expires.max/);
    expect(() => checkBounds({ min: 60, max: 600, default: 3600 })).toThrow(/expires.default/);
  });
});
