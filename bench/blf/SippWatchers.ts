import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Child } from './Child.js';
import { freeUdpPort } from './freeUdpPort.js';
import { WatcherLog } from './WatcherLog.js';

export interface SippWatchersOptions {
  /** A name for the files in `dir` (`<name>.xml`, `<name>-logs.log`, …). */
  name: string;
  dir: string;
  /** `bench/sipp/blf-watcher.xml`. */
  scenario: string;
  /** SIPp's injection file (`user;[authentication …]` per line). */
  users: string;
  server: { host: string; port: number };
  domain: string;
  /** The presentity every watcher subscribes to (Request-URI user). */
  target: string;
  watchers: number;
  /** NOTIFYs each watcher waits for before it unsubscribes. */
  notifies: number;
  /** SUBSCRIBEs started per second (keyline answers at most 20 digest challenges a second per address). */
  rate: number;
  /** The whole SIPp run is bounded by this. */
  maxMs: number;
  /** Also every message with its time (`-trace_msg`, `<name>-messages.log`): for diagnosis, it slows SIPp. */
  trace?: boolean;
}

export interface SippOutcome {
  code: number | null;
  errors: string;
  counts: Record<string, number>;
}

/**
 * One SIPp instance whose calls are BLF watchers (bench/sipp/blf-watcher.xml), all on one UDP
 * socket of 127.0.0.1, each a distinct user of the injection file. Stopped by its PID.
 */
export class SippWatchers {
  readonly log: WatcherLog;
  readonly child: Child;
  readonly port: number;
  private readonly files: { out: string; errors: string };

  private constructor(readonly o: SippWatchersOptions, port: number, mediaPort: number) {
    this.port = port;
    let text = readFileSync(o.scenario, 'utf8');
    const vars: Record<string, string> = { target: o.target, domain: o.domain, notifies: String(o.notifies) };
    for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{{${k}}}`, v);
    const missing = /\{\{(\w+)\}\}/.exec(text);
    if (missing) throw new Error(`${o.scenario}: no value for {{${missing[1]}}}`);
    const scenario = join(o.dir, `${o.name}.xml`);
    writeFileSync(scenario, text);
    const logFile = join(o.dir, `${o.name}-logs.log`);
    this.files = { out: join(o.dir, `${o.name}.out`), errors: join(o.dir, `${o.name}-errors.log`) };
    this.log = new WatcherLog(logFile);
    const args = [
      `${o.server.host}:${o.server.port}`, '-sf', scenario, '-inf', o.users,
      '-i', '127.0.0.1', '-p', String(port), '-mp', String(mediaPort), '-t', 'u1',
      '-m', String(o.watchers), '-l', String(o.watchers), '-r', String(o.rate), '-rp', '1000',
      // The digest uri is the Request-URI, not the remote address SIPp would use (RFC 7616 §3.4.6).
      '-auth_uri', `${o.target}@${o.domain}`,
      // A burst of NOTIFYs must not overflow the socket (the default is 64 KiB; rmem_max allows 4 MiB).
      '-buff_size', String(4 * 1024 * 1024),
      '-nostdin', '-trace_logs', '-log_file', logFile, '-trace_err', '-error_file', this.files.errors,
      '-trace_counts', '-fd', '3600', '-timeout', `${Math.ceil(o.maxMs / 1000)}s`, '-timeout_error',
      ...(o.trace ? ['-trace_msg', '-message_file', join(o.dir, `${o.name}-messages.log`)] : []),
    ];
    this.child = new Child(o.name, 'sipp', args, { cwd: o.dir, logFile: this.files.out, maxMs: o.maxMs + 10_000 });
  }

  static async start(o: SippWatchersOptions): Promise<SippWatchers> {
    return new SippWatchers(o, await freeUdpPort(), await freeUdpPort(4));
  }

  /** Waits for SIPp to end by itself (every watcher unsubscribed), then stops it by PID if it did not. */
  async finish(ms: number): Promise<SippOutcome> {
    const done = await Promise.race([this.child.exited, new Promise<null>((r) => setTimeout(() => r(null), ms))]);
    if (done === null) await this.child.stop();
    const r = await this.child.exited;
    let errors = '';
    try {
      errors = readFileSync(this.files.errors, 'utf8');
    } catch {
      // no error file: SIPp had nothing to say
    }
    return { code: r.code, errors, counts: this.counts() };
  }

  /**
   * SIPp's per-message counters at the end (`-trace_counts`, `<scenario>_<pid>_counts.csv`), the
   * non-zero ones: e.g. `6_NOTIFY_Retrans` NOTIFYs received again (the server did not see our
   * 200 in time), `9_SUBSCRIBE_Retrans` SUBSCRIBEs we sent again, `*_Unexp` unexpected messages.
   */
  private counts(): Record<string, number> {
    const file = readdirSync(this.o.dir).find((f) => f.startsWith(`${this.o.name}_`) && f.endsWith('_counts.csv'));
    if (file === undefined) return {};
    const rows = readFileSync(join(this.o.dir, file), 'utf8').trim().split('\n').map((l) => l.split(';'));
    const head = rows[0] ?? [];
    const last = rows[rows.length - 1] ?? [];
    const out: Record<string, number> = {};
    head.forEach((k, i) => {
      const v = Number(last[i]);
      if (/^\d+_/.test(k) && v > 0) out[k] = v;
    });
    return out;
  }
}
