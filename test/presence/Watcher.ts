import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSipp } from '../support/Sipp.js';
import type { SippRun } from '../support/Sipp.js';

/** One NOTIFY as the watcher got it: the states of its dialogs and whether one is held. */
export interface SeenNotify {
  /** performance.now() when the test first saw it (polling). */
  at: number;
  /** Date.now() terms: when SIPp received it, from its message trace. */
  wall: number;
  states: string[];
  ids: string[];
  held: boolean;
  body: string;
}

/**
 * A SIPp watcher (test/sipp/presence-watcher.xml) subscribed at the presence server to one line;
 * the NOTIFYs it got are read from its message trace as they arrive. Stopped by its PID.
 */
export class Watcher {
  private readonly run: SippRun;
  private readonly firstSeen = new Map<number, number>();

  private readonly prefix: string;

  /** `scenario` and `vars`: another watcher scenario (e.g. a phone's BLF key with digest credentials at keyline). */
  constructor(private readonly dir: string, server: number, port: number, aor: string, domain: string, scenario = 'presence-watcher.xml', vars: Record<string, string> = {}, extra: string[] = []) {
    this.prefix = scenario.replace(/\.xml$/, '');
    this.run = runSipp({ scenario, target: server, port, dir, vars: { aor, domain, ...vars }, timeoutMs: 170_000, extra });
  }

  notifies(): SeenNotify[] {
    const file = readdirSync(this.dir).find((f) => f.startsWith(this.prefix) && f.endsWith('_messages.log'));
    if (file === undefined) return [];
    const text = readFileSync(join(this.dir, file), 'utf8');
    const out: SeenNotify[] = [];
    const parts = text.split(/-{20,} (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+)\s*\n\w+ message received \[\d+\] bytes :\s*\n/);
    // split with one capture group: [before, stamp1, message1, stamp2, message2, ...]
    for (let k = 1; k + 1 < parts.length; k += 2) {
      const part = parts[k + 1] ?? '';
      if (!part.startsWith('NOTIFY ')) continue;
      const head = /\r?\n\r?\n/.exec(part);
      const body = (head ? part.slice(head.index + head[0].length) : '').split('-----------------------------------------------')[0] ?? '';
      const i = out.length;
      if (!this.firstSeen.has(i)) this.firstSeen.set(i, performance.now());
      out.push({
        at: this.firstSeen.get(i) ?? 0,
        // SIPp writes local time with microseconds: when the NOTIFY reached the watcher.
        wall: new Date((parts[k] ?? '').replace(' ', 'T')).getTime(),
        states: [...body.matchAll(/<state[^>]*>([a-z]+)<\/state>/g)].map((m) => m[1] ?? ''),
        ids: [...body.matchAll(/<dialog id="([^"]+)"/g)].map((m) => m[1] ?? ''),
        held: body.includes('+sip.rendering'),
        body,
      });
    }
    return out;
  }

  /** Waits (polling every 5 ms, bounded) for a NOTIFY after the first `after` ones that matches. */
  async next(after: number, match: (n: SeenNotify) => boolean, what: string, ms = 10_000): Promise<SeenNotify & { index: number }> {
    const deadline = performance.now() + ms;
    for (;;) {
      const list = this.notifies();
      const index = list.findIndex((n, i) => i >= after && match(n));
      if (index >= 0) return { ...(list[index] as SeenNotify), index };
      if (performance.now() > deadline) throw new Error(`watcher: no NOTIFY with ${what} within ${ms} ms; got:\n${list.map((n) => `${n.states.join(',')}${n.held ? ' held' : ''} ${n.ids.join(',')}`).join('\n')}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  stop(): Promise<unknown> {
    this.run.stop();
    return this.run.done;
  }
}
