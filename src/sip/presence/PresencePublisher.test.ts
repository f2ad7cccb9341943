import { afterEach, describe, expect, it, vi } from 'vitest';
import { advanceSettled, settle } from '../../../hal/sim/advanceSettled.js';
import { MemoryStore, VIEWS, publisherRig } from '../../../test/support/presence/publisherRig.js';
import type { PublisherRig } from '../../../test/support/presence/publisherRig.js';

let rigs: PublisherRig[] = [];
function rig(...args: Parameters<typeof publisherRig>): PublisherRig {
  const r = publisherRig(...args);
  rigs.push(r);
  return r;
}
afterEach(() => {
  for (const r of rigs) r.dispose();
  rigs = [];
});

/** What the server saw, one string per PUBLISH: dialog id/state, If-Match, Expires. */
function ladder(r: PublisherRig): string[] {
  return r.server.seen.map((p) => `${p.dialogId ?? '-'}/${p.state ?? 'nobody'} if=${p.ifMatch ?? 'none'} exp=${p.expires ?? '?'}`);
}

describe('LinePublisher: one publication per line call (presence.md §3)', () => {
  it('ring, answer, hold, hang up: initial, modifies with the last ETag, terminated, removal', async () => {
    const r = rig();
    r.set(VIEWS.ringing());
    await settle();
    r.set(VIEWS.inUse());
    await settle();
    r.set(VIEWS.held());
    await settle();
    r.set(VIEWS.idle());
    await settle();
    expect(ladder(r)).toEqual([
      'line1-42/early if=none exp=600',
      'line1-42/confirmed if=e1 exp=600',
      'line1-42/confirmed if=e2 exp=600',
      'line1-42/terminated if=e3 exp=600',
      '-/nobody if=e4 exp=0',
    ]);
    const [ring, , held] = r.server.seen;
    expect(ring?.uri).toBe('sip:line1@branch7.example.net');
    expect(ring?.body).toContain('direction="recipient"');
    expect(held?.body).toContain('<param pname="+sip.rendering" pvalue="no"/>');
    // RFC 4235 §4.1: the version goes up by one per document of the publication.
    expect(r.server.seen.map((p) => p.version)).toEqual([0, 1, 2, 3, null]);
    expect(r.server.records.size).toBe(0);
    expect(r.publisher.status().lines[0]).toMatchObject({ line: 'line1', phase: 'idle', dialogId: null, inFlight: false, failures: 0 });
  });

  it('the next call is a new publication with a fresh dialog id (K2)', async () => {
    const r = rig();
    r.set(VIEWS.ringing('line1', 42));
    await settle();
    r.set(VIEWS.idle('line1', 42));
    await settle();
    r.set(VIEWS.ringing('line1', 43));
    await settle();
    expect(ladder(r).at(-1)).toBe('line1-43/early if=none exp=600');
  });

  it('a line out of service mid-call ends its publication with event="error", then removes it', async () => {
    const r = rig();
    r.set(VIEWS.inUse());
    await settle();
    r.set({ ...VIEWS.inUse(), lamp: 'out-of-service' });
    await settle();
    expect(ladder(r).slice(1)).toEqual(['line1-42/terminated if=e1 exp=600', '-/nobody if=e2 exp=0']);
    expect(r.server.seen[1]?.body).toContain('<state event="error">terminated</state>');
  });

  it('the same state again sends nothing; the PUBLISH carries Event: dialog and the route to the server', async () => {
    const r = rig();
    r.set(VIEWS.ringing());
    await settle();
    r.set(VIEWS.ringing());
    await settle();
    expect(r.server.seen).toHaveLength(1);
    const text = r.a.sent[0] ?? '';
    expect(text).toMatch(/^PUBLISH sip:line1@branch7\.example\.net SIP\/2\.0\r\n/);
    expect(text).toMatch(/\r\nEvent: dialog\r\n/);
    expect(text).toMatch(/\r\nRoute: <sip:127\.0\.0\.1:5070;transport=tcp;lr>\r\n/);
    expect(text).toMatch(/\r\nContent-Type: application\/dialog-info\+xml\r\n/);
  });
});

describe('no pipelining: one PUBLISH in flight per line, the newest state wins (rule 3)', () => {
  it('changes while a PUBLISH is unanswered are coalesced into one modify of the newest state', async () => {
    const r = rig();
    r.b.route = () => 'hold';
    r.set(VIEWS.ringing());
    await settle();
    r.set(VIEWS.inUse());
    r.set(VIEWS.held());
    await settle();
    expect(r.server.seen).toHaveLength(1);
    expect(r.publisher.status().lines[0]).toMatchObject({ phase: 'sending', inFlight: true });
    r.b.route = undefined;
    r.b.release();
    await settle();
    await settle();
    expect(ladder(r)).toEqual(['line1-42/early if=none exp=600', 'line1-42/confirmed if=e1 exp=600']);
    expect(r.server.seen[1]?.body).toContain('+sip.rendering');
  });

  it('two lines publish independently, each with its own ETags', async () => {
    const r = rig();
    r.set(VIEWS.ringing('line1', 42));
    r.set(VIEWS.ringing('line2', 7));
    await settle();
    r.set(VIEWS.inUse('line2', 7));
    await settle();
    expect(ladder(r)).toEqual(['line1-42/early if=none exp=600', 'line2-7/early if=none exp=600', 'line2-7/confirmed if=e2 exp=600']);
  });
});

describe('recovery (rules 4, 5, 7; K3, K4)', () => {
  it('412: the ETag is dropped and the current state is published again with the same dialog id', async () => {
    const r = rig();
    r.set(VIEWS.ringing());
    await settle();
    r.server.restart();
    r.set(VIEWS.inUse());
    await settle();
    await settle();
    expect(ladder(r)).toEqual(['line1-42/early if=none exp=600', 'line1-42/confirmed if=e1 exp=600', 'line1-42/confirmed if=none exp=600']);
    expect(r.server.stored()).toEqual(new Map([['line1-42', 'confirmed']]));
  });

  it('a 412 on one line republishes every other live line at once (the server lost its state)', async () => {
    const r = rig();
    r.set(VIEWS.ringing('line1', 42));
    r.set(VIEWS.inUse('line2', 7));
    await settle();
    r.server.restart();
    r.set(VIEWS.inUse('line1', 42));
    await settle();
    await settle();
    expect(r.server.stored()).toEqual(new Map([['line1-42', 'confirmed'], ['line2-7', 'confirmed']]));
    // The other line goes first: it is told as soon as line1's 412 arrives.
    expect(ladder(r).slice(2)).toEqual(['line1-42/confirmed if=e1 exp=600', 'line2-7/confirmed if=none exp=600', 'line1-42/confirmed if=none exp=600']);
  });

  it('423: sent again at once with Expires raised to Min-Expires, kept for later PUBLISHes', async () => {
    const r = rig();
    r.server.minExpires = 1200;
    r.set(VIEWS.ringing());
    await settle();
    await settle();
    r.set(VIEWS.inUse());
    await settle();
    expect(ladder(r)).toEqual(['line1-42/early if=none exp=600', 'line1-42/early if=none exp=1200', 'line1-42/confirmed if=e1 exp=1200']);
  });

  it('refresh at 80 % of the granted Expires, with the full body (K1), then again', async () => {
    const r = rig();
    r.server.maxExpires = 100;
    r.set(VIEWS.inUse());
    await settle();
    await advanceSettled(r.clock, 79_999);
    expect(r.server.seen).toHaveLength(1);
    await advanceSettled(r.clock, 1);
    await settle();
    expect(ladder(r)).toEqual(['line1-42/confirmed if=none exp=600', 'line1-42/confirmed if=e1 exp=600']);
    expect(r.server.seen[1]?.body).toContain('<state>confirmed</state>');
    await advanceSettled(r.clock, 80_000);
    await settle();
    expect(r.server.seen.map((p) => p.ifMatch)).toEqual([null, 'e1', 'e2']);
  });
});

describe('digest authentication to the server (401)', () => {
  it('the challenge is answered with the configured credentials and the publication is stored', async () => {
    const creds = { username: 'branch7', password: 'pub-secret-1' };
    const r = rig({ credentials: creds });
    r.server.digest = { ...creds, realm: 'presence.example.net' };
    r.set(VIEWS.ringing());
    await settle();
    await settle();
    expect(r.server.stored()).toEqual(new Map([['line1-42', 'early']]));
    const challenged = r.a.sent.filter((t) => t.startsWith('PUBLISH'));
    expect(challenged).toHaveLength(2);
    expect(challenged[1]).toMatch(/\r\nAuthorization: Digest .*username="branch7"/);
    expect(r.log.lines.map((l) => JSON.stringify(l.fields)).join('\n')).not.toContain('pub-secret-1');
  });

  it('a wrong password halts the line once, with an error and an alarm in status, and sends nothing more', async () => {
    const r = rig({ credentials: { username: 'branch7', password: 'wrong-password' } });
    r.server.digest = { username: 'branch7', password: 'pub-secret-1', realm: 'presence.example.net' };
    r.set(VIEWS.ringing());
    await settle();
    await settle();
    const sent = r.a.sent.length;
    r.set(VIEWS.inUse());
    await advanceSettled(r.clock, 120_000);
    expect(r.a.sent.length).toBe(sent);
    expect(r.log.events('publish-refused')).toHaveLength(1);
    expect(r.publisher.status()).toMatchObject({ lines: [{ phase: 'halted', lastError: { error: '401 Unauthorized' } }] });
  });

  it('489 Bad Event is a configuration error: logged once, the line stops', async () => {
    const r = rig();
    r.server.script.push({ status: 489, reason: 'Bad Event' });
    r.set(VIEWS.ringing());
    await settle();
    r.set(VIEWS.idle());
    await settle();
    expect(r.server.seen).toHaveLength(1);
    expect(r.log.events('publish-refused')).toEqual([expect.objectContaining({ line: 'line1', status: 489 })]);
  });
});

describe('server down, slow or answering garbage: backoff, newest state, never blocking (rule 6)', () => {
  it('503s back off 1 s, 2 s (jittered) and the retry sends the newest state', async () => {
    const r = rig();
    r.server.script.push({ status: 503, reason: 'Service Unavailable' }, { status: 500, reason: 'Server Error' });
    r.set(VIEWS.ringing());
    await settle();
    expect(r.publisher.status().lines[0]).toMatchObject({ phase: 'backoff', retryIn: 750, failures: 1, lastError: { error: '503 Service Unavailable' } });
    r.set(VIEWS.inUse());
    await advanceSettled(r.clock, 749);
    expect(r.server.seen).toHaveLength(1);
    await advanceSettled(r.clock, 1);
    expect(ladder(r)).toEqual(['line1-42/early if=none exp=600', 'line1-42/confirmed if=none exp=600']);
    expect(r.publisher.status().lines[0]).toMatchObject({ phase: 'backoff', retryIn: 1500, failures: 2 });
    await advanceSettled(r.clock, 1500);
    expect(r.server.stored()).toEqual(new Map([['line1-42', 'confirmed']]));
    const s = r.publisher.status();
    expect(s.lines[0]).toMatchObject({ phase: 'published', failures: 0, retryIn: null });
    expect(s.lastSuccess).toBe(2250);
    expect(s.lastError).toMatchObject({ line: 'line1', error: '500 Server Error' });
  });

  it('Retry-After is honoured', async () => {
    const r = rig();
    r.server.script.push({ status: 503, reason: 'Overloaded', headers: ['Retry-After: 30'] });
    r.set(VIEWS.ringing());
    await settle();
    expect(r.publisher.status().lines[0]?.retryIn).toBe(30_000);
  });

  it('the backoff grows to 60 s at most while the transport fails (server down)', async () => {
    const r = rig();
    r.a.route = () => 'fail';
    r.set(VIEWS.ringing());
    await advanceSettled(r.clock, 10 * 60_000);
    const st = r.publisher.status().lines[0];
    expect(st?.failures).toBeGreaterThan(8);
    expect(st?.retryIn).toBeLessThanOrEqual(60_000);
    expect(r.log.events('publish-retry').map((f) => f['retryInMs'])).toEqual(expect.arrayContaining([750, 1500, 3000, 6000, 45_000]));
    r.a.route = undefined;
    await advanceSettled(r.clock, 60_000);
    expect(r.server.stored()).toEqual(new Map([['line1-42', 'early']]));
  });

  it('no answer at all (a slow or silent server): the answer timeout frees the line, the late answer is ignored', async () => {
    const r = rig({ policy: { answerTimeout: 5000 } });
    r.b.route = () => 'hold';
    r.set(VIEWS.ringing());
    await advanceSettled(r.clock, 5000);
    expect(r.publisher.status().lines[0]).toMatchObject({ phase: 'backoff', lastError: { error: '408 Request Timeout' } });
    r.b.route = undefined;
    r.b.release();
    await settle();
    expect(r.publisher.status().lines[0]?.phase).toBe('backoff');
  });

  it('issue 3: two lines\' PUBLISHes time out together in sip.js (Timer F): both back off, nothing throws', async () => {
    // sip.js runs Timer F (64*T1 = 32 s) on the global setTimeout; only that is faked here.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const r = rig();
      r.b.route = () => 'drop';
      r.set(VIEWS.ringing('line1', 42));
      r.set(VIEWS.ringing('line2', 7));
      await settle();
      expect(r.publisher.status().lines.map((l) => l.phase)).toEqual(['sending', 'sending']);
      vi.advanceTimersByTime(32_000);
      await settle();
      expect(r.publisher.status().lines.map((l) => [l.phase, l.lastError?.error])).toEqual([['backoff', '408 Request Timeout'], ['backoff', '408 Request Timeout']]);
      r.b.route = undefined;
      await advanceSettled(r.clock, 1000);
      expect(r.server.stored()).toEqual(new Map([['line1-42', 'early'], ['line2-7', 'early']]));
    } finally {
      vi.useRealTimers();
    }
  });

  it('a garbage response is dropped by the parser and never throws out of the transport', async () => {
    const r = rig({ policy: { answerTimeout: 5000 } });
    r.b.route = (m) => (m.startsWith('SIP/2.0') ? 'drop' : 'deliver');
    r.set(VIEWS.ringing());
    await settle();
    r.b.onMessage?.('SIP/2.0 200 OK\r\nVia: garbage\r\n\r\n');
    r.a.onMessage?.('SIP/2.0 2xx what\r\n\r\n<<<');
    await advanceSettled(r.clock, 5000);
    expect(r.publisher.status().lines[0]?.phase).toBe('backoff');
  });
});

describe('restart and shutdown (issue 5 item 2, rule 8)', () => {
  it('after a restart the same dialog id is published at once without SIP-If-Match (K3), then removed', async () => {
    const store = new MemoryStore();
    const first = rig({ store });
    first.set(VIEWS.inUse());
    await settle();
    expect(store.records).toEqual([{ line: 'line1', seq: 42, version: 0 }]);
    // keyline dies: no removal. The server keeps the confirmed record.
    first.dispose();
    const second = rig({ store });
    second.server.records.set('old', { uri: 'sip:line1@branch7.example.net', dialogId: 'line1-42', state: 'confirmed' });
    second.views.set('line1', VIEWS.idle('line1', 42));
    expect(second.publisher.start(['line1', 'line2'])).toBe(1);
    await settle();
    await settle();
    expect(ladder(second)).toEqual(['line1-42/terminated if=none exp=600', '-/nobody if=e1 exp=0']);
    expect(second.server.seen[0]?.version).toBe(0);
    expect(second.server.records.size).toBe(0);
    expect(store.records).toEqual([]);
  });

  it('stop(): terminated and removal for every live publication, within 2 s even with a silent server', async () => {
    const r = rig();
    r.set(VIEWS.inUse('line1', 42));
    r.set(VIEWS.ringing('line2', 7));
    await settle();
    await r.publisher.stop();
    expect(r.server.records.size).toBe(0);
    expect(ladder(r).slice(2)).toEqual(['line1-42/terminated if=e1 exp=600', 'line2-7/terminated if=e2 exp=600', '-/nobody if=e3 exp=0', '-/nobody if=e4 exp=0']);

    const silent = rig();
    silent.set(VIEWS.inUse());
    await settle();
    silent.b.route = () => 'drop';
    const stopped = silent.publisher.stop();
    await advanceSettled(silent.clock, 2000);
    await stopped;
    // Not removed: kept for the next start, which replaces it at once (K3).
    expect(silent.store.records).toEqual([{ line: 'line1', seq: 42, version: 2 }]);
  });
});
