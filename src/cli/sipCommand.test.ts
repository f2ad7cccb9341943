import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ControlHandler } from '../control/ControlHandler.js';
import { ControlServer } from '../control/ControlServer.js';
import type { ControlEvent, SystemStatus } from '../control/messages.js';
import type { CliStream } from './CliIo.js';
import { formatLegs, formatRegistrations, formatSubscriptions } from './formatSip.js';
import type { SipView } from './formatSip.js';
import { runCli } from './index.js';
import { SIP_OFF } from './sipCommand.js';

const SIP: SipView = {
  listen: '127.0.0.1:5060',
  registrations: [{
    station: 'phone1', contact: 'sip:phone1@127.0.0.1:5070', flow: { proto: 'UDP', address: '127.0.0.1', port: 5070 },
    expiresAt: 90_000, userAgent: 'baresip v1.0.0 (x86_64/linux)',
  }],
  subscriptions: [{ id: 's1', subscriber: 'phone1', viewer: null, line: '1', expiresIn: 600, version: 3, state: 'active' }],
  legs: [{ id: 'phone1#2', station: 'phone1', line: '1', kind: 'alert', state: 'confirmed', held: true }],
  blocked: [],
};

const BASE: SystemStatus = {
  t: 60_000,
  lines: [{ id: '1', label: 'Main', port: 'fxo0', state: 'idle', call: null, pending: [] }],
  stations: [{ id: 'phone1', kind: 'sip', busy: false, reachable: true, handset: 'down', lamps: [{ line: '1', lamp: 'idle' }], alerts: [], lastRefusal: null }],
  lampField: [{ line: '1', lamp: 'idle' }],
};

/** Answers `status` and `watch` with a status that has a `sip` part or not; nothing else is used. */
class StatusHandler implements ControlHandler {
  sip: SipView | undefined = SIP;
  status(): SystemStatus {
    return this.sip ? { ...BASE, sip: this.sip } : BASE;
  }
  calls(): never {
    throw new Error('not used');
  }
  reload(): never {
    throw new Error('not used');
  }
  sim(): never {
    throw new Error('not used');
  }
  subscribe(_listener: (event: ControlEvent) => void): () => void {
    return () => undefined;
  }
}

/** A stream that records what is written and lets a test await some text. */
class Capture implements CliStream {
  text = '';
  private waiters: Array<{ pattern: RegExp; resolve(): void }> = [];

  write(chunk: string): boolean {
    this.text += chunk;
    this.waiters = this.waiters.filter((waiter) => !(waiter.pattern.test(this.text) && (waiter.resolve(), true)));
    return true;
  }

  waitFor(pattern: RegExp): Promise<void> {
    if (pattern.test(this.text)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ pattern, resolve }));
  }
}

describe('runCli with SIP', () => {
  let dir: string;
  let path: string;
  let handler: StatusHandler;
  let server: ControlServer;
  let stdout: Capture;
  let stderr: Capture;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'keyline-cli-sip-'));
    path = join(dir, 'control.sock');
    handler = new StatusHandler();
    server = await ControlServer.listen({ path, handler, logger: { warn: () => undefined, error: () => undefined } });
    stdout = new Capture();
    stderr = new Capture();
  });

  afterEach(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const cli = (...argv: string[]): Promise<number> => runCli([...argv, '--socket', path], { stdout, stderr });

  it('sip registrations, subscriptions and legs print their table, --json the list', async () => {
    const views = [
      ['registrations', formatRegistrations(SIP, BASE.t), SIP.registrations],
      ['subscriptions', formatSubscriptions(SIP), SIP.subscriptions],
      ['legs', formatLegs(SIP), SIP.legs],
    ] as const;
    for (const [name, table, list] of views) {
      stdout.text = '';
      expect(await cli('sip', name), name).toBe(0);
      expect(stdout.text).toBe(table);
      stdout.text = '';
      expect(await cli('sip', name, '--json'), name).toBe(0);
      expect(JSON.parse(stdout.text)).toEqual(list);
    }
    expect(formatRegistrations(SIP, BASE.t)).toMatch(/^phone1 +sip:phone1@127\.0\.0\.1:5070 +UDP 127\.0\.0\.1:5070 +30 s +baresip v1\.0\.0/m);
    expect(stderr.text).toBe('');
  });

  it('says SIP is off and exits 0 when the status has no sip part (--json: null on stdout)', async () => {
    handler.sip = undefined;
    expect(await cli('sip', 'legs')).toBe(0);
    expect(stdout.text).toBe(`${SIP_OFF}\n`);
    expect(SIP_OFF).toBe('SIP is off (no sip: section in the configuration)');
    stdout.text = '';
    expect(await cli('sip', 'registrations', '--json')).toBe(0);
    expect(JSON.parse(stdout.text)).toBeNull();
    expect(stderr.text).toBe(`keyline: ${SIP_OFF}\n`);
  });

  it('exits 2 with the sip usage for a missing or unknown subcommand, before connecting', async () => {
    for (const argv of [['sip'], ['sip', 'peers'], ['sip', 'legs', 'extra']]) {
      const err = new Capture();
      expect(await runCli([...argv, '--socket', join(dir, 'nothing.sock')], { stdout, stderr: err }), argv.join(' ')).toBe(2);
      expect(err.text).toMatch(/^keyline: .+\nusage:\n {2}keyline sip registrations/);
    }
    expect(stdout.text).toBe('');
  });

  it('help lists the sip subcommands; status shows the SIP sections; --json keeps the whole status', async () => {
    expect(await runCli(['help', 'sip'], { stdout, stderr })).toBe(0);
    for (const sub of ['registrations', 'subscriptions', 'legs']) expect(stdout.text).toContain(`keyline sip ${sub} [--json]`);
    stdout.text = '';
    expect(await cli('status')).toBe(0);
    expect(stdout.text).toMatch(/\nREGISTRATIONS\nSTATION +CONTACT .*\nphone1 +sip:phone1@127\.0\.0\.1:5070 /);
    expect(stdout.text).toMatch(/\nSUBSCRIPTIONS\nSUBSCRIBER .*\nphone1 +outsider +1 +600 s +3 +active\n/);
    expect(stdout.text).toMatch(/\nCALL LEGS\nSTATION .*\nphone1 +1 +alert +confirmed +yes\n\nBLOCKED ADDRESSES\nno blocked addresses\n$/);
    stdout.text = '';
    expect(await cli('status', '--json')).toBe(0);
    expect(JSON.parse(stdout.text)).toEqual({ ...BASE, sip: SIP });
  });

  it('watch captions the board with the registered phones and subscriptions', async () => {
    const interrupt = new AbortController();
    const exit = runCli(['watch', '--socket', path], { stdout, stderr, interrupt: interrupt.signal });
    await stdout.waitFor(/^SIP 127\.0\.0\.1:5060 {2}1 phone registered · 1 subscription$/m);
    expect(stdout.text).toMatch(/^1 +Main +idle\n\nSIP /m);
    interrupt.abort();
    expect(await exit).toBe(0);
  });
});
