import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SystemStatus } from '../../src/core/status.js';
import { freePort } from './freePort.js';
import { BIN, ServiceProcess, cli, eventually, tempDir } from './ServiceProcess.js';

export interface SipPhoneSpec {
  id: string;
  password: string;
  lines?: string[];
  extra?: string;
}

export interface SipSiteOptions {
  /** More lines for the `sip:` section, e.g. `security: { authFailures: 3 }` (indented for you). */
  sip?: string[];
}

/**
 * A keyline site with SIP on 127.0.0.1, run as the built service (`keyline run`) on the simulated
 * board: two lines, a simulated station `desk`, and the SIP phones given. MD5 digest only, since
 * SIPp answers only the first challenge and knows only MD5.
 */
export class SipSite {
  readonly dir = tempDir('sip');
  readonly sock = join(this.dir, 'control.sock');
  svc: ServiceProcess | null = null;
  sipPort = 0;

  constructor(private readonly phones: SipPhoneSpec[], private readonly lineOptions = '', private readonly options: SipSiteOptions = {}) {}

  async start(): Promise<this> {
    this.sipPort = await freePort();
    const stations = this.phones.map((p) =>
      `  - { id: ${p.id}, kind: sip, password: "${p.password}", lines: [${(p.lines ?? ['line1', 'line2']).join(', ')}]${p.extra ? `, ${p.extra}` : ''} }`);
    const config = join(this.dir, 'site.yaml');
    writeFileSync(config, [
      'site: { name: "SIP test", domain: test.keyline.invalid }',
      'sip:',
      `  listen: { address: 127.0.0.1, port: ${this.sipPort}, tcp: true }`,
      '  digest: [MD5]',
      ...(this.options.sip ?? []).map((l) => `  ${l}`),
      'defaults: { line: { callerIdWait: 0 } }',
      'lines:',
      `  - { id: line1, port: line1, label: Main${this.lineOptions ? `, ${this.lineOptions}` : ''} }`,
      '  - { id: line2, port: line2, label: Sales }',
      'stations:',
      '  - { id: desk, kind: sim, lines: [line1, line2] }',
      ...stations,
      '',
    ].join('\n'));
    this.svc = new ServiceProcess(['--config', config, '--socket', this.sock, '--state-dir', join(this.dir, 'state'), '--log-level', 'debug']);
    await this.svc.waitFor(/service event=ready/);
    return this;
  }

  cli(...args: string[]) {
    return cli([...args, '--socket', this.sock]);
  }

  /**
   * The CLI without blocking this process's event loop (`cli` uses spawnSync): for tests whose
   * relays or peers run in this process and must keep forwarding while the CLI runs.
   */
  cliAsync(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(process.execPath, [BIN, ...args, '--socket', this.sock], { timeout: 15_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      });
    });
  }

  async statusAsync(): Promise<SystemStatus> {
    const r = await this.cliAsync('status', '--json');
    if (r.code !== 0) throw new Error(`status failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as SystemStatus;
  }

  /** `until` without blocking the event loop. */
  untilAsync<T>(probe: (s: SystemStatus) => T | undefined, what: string, ms = 10_000): Promise<T> {
    return eventually(async () => probe(await this.statusAsync()), what, ms);
  }

  status(): SystemStatus {
    const r = this.cli('status', '--json');
    if (r.code !== 0) throw new Error(`status failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as SystemStatus;
  }

  until<T>(probe: (s: SystemStatus) => T | undefined, what: string, ms = 10_000): Promise<T> {
    return eventually(() => probe(this.status()), what, ms);
  }

  async stop(): Promise<void> {
    if (!this.svc) return;
    this.svc.signal('SIGTERM');
    await this.svc.exited;
  }

  async kill(): Promise<void> {
    await this.svc?.kill();
  }
}
