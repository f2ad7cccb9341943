import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../hal/sim/SimulatedClock.js';
import type { DialogInfoView } from './DialogInfoView.js';
import type { NotifyChannel } from './NotifyChannel.js';
import { DEFAULT_NOTIFY_FAILURES } from './NotifierPolicy.js';
import type { NotifyOutcome } from './notifyOutcome.js';
import { Subscription } from './Subscription.js';
import { idleView } from './testing/blfRig.js';

/** A channel that records NOTIFYs and lets the test answer them. */
class FakeChannel implements NotifyChannel {
  readonly sent: Array<{ state: string; body: string | null; done: (o: NotifyOutcome) => void }> = [];
  closed = false;
  throwOnSend = false;
  send(state: string, body: string | null, done: (o: NotifyOutcome) => void): void {
    if (this.throwOnSend) throw new Error('no transport');
    this.sent.push({ state, body, done });
  }
  close(): void {
    this.closed = true;
  }
  answer(status: number): void {
    const last = this.sent[this.sent.length - 1];
    last?.done({ kind: status < 300 ? 'ok' : 'failed', status });
  }
}

function make(view: () => DialogInfoView | null) {
  const clock = new SimulatedClock(0);
  const channel = new FakeChannel();
  const logs: Array<Record<string, unknown>> = [];
  const endedWith: string[] = [];
  const sub = new Subscription({
    id: 's1', subscriber: 'B', viewer: 'B', line: 'line1', channel, clock,
    log: { log: (level, _c, fields) => logs.push({ level, ...fields }) },
    view, failures: DEFAULT_NOTIFY_FAILURES, nextVersion: 0,
    onEnded: (_s, why) => endedWith.push(why),
  });
  return { clock, channel, logs, endedWith, sub };
}

describe('Subscription: faults inside keyline never stall or crash it', () => {
  it('a view that cannot be rendered is logged; the subscription stays and the next change goes out', () => {
    let broken = true;
    const { channel, logs, sub } = make(() => (broken ? { ...idleView(), lamp: 'ringing-here', call: null } : idleView()));
    expect(() => sub.grant(600)).not.toThrow();
    expect(channel.sent).toHaveLength(0);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', event: 'render-failed' }));
    broken = false;
    sub.changed();
    expect(channel.sent.map((s) => s.state)).toEqual(['active;expires=600']);
  });

  it('a NOTIFY the stack refuses to send counts as a failure and is retried', () => {
    const { clock, channel, sub } = make(() => idleView());
    channel.throwOnSend = true;
    sub.grant(600);
    expect(sub.row(clock.now())).toMatchObject({ failures: 1, notifying: false });
    channel.throwOnSend = false;
    clock.advance(2000);
    expect(channel.sent.map((s) => s.body?.includes('version="1"'))).toEqual([true]);
  });

  it('an answer after it was dropped is ignored; drop closes the channel once and reports once', () => {
    const { channel, endedWith, sub, clock } = make(() => idleView());
    sub.grant(600);
    sub.drop('disposed');
    sub.drop('disposed');
    channel.answer(200);
    expect(channel.closed).toBe(true);
    expect(endedWith).toEqual(['disposed']);
    expect(clock.pendingCount).toBe(0);
  });
});
