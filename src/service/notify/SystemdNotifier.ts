import type { Logger } from '../Logger.js';
import type { NotifyTransport } from './NotifyTransport.js';
import { SystemdNotifyCommand } from './SystemdNotifyCommand.js';
import { UnixDatagramTransport } from './UnixDatagramTransport.js';

export interface SystemdNotifierOptions {
  /** `$NOTIFY_SOCKET`; null makes every call a no-op. */
  socket: string | null;
  log: Logger;
  /** Tried first. Default: node-unix-socket to `socket` (absolute paths only). */
  primary?: NotifyTransport | null;
  /** Tried when the primary fails. Default: `systemd-notify`. */
  fallback?: NotifyTransport | null;
}

/**
 * Tells systemd how the service is doing (sd_notify(3), hardware.md §9.2): `READY=1`, `STATUS=`,
 * `WATCHDOG=1`, `STOPPING=1`.
 *
 * - Without a socket every call resolves `false` and does nothing.
 * - A message goes through the primary transport, else the fallback; each method resolves `true`
 *   when one of them delivered it. It MUST NOT throw or reject into the service: a failure is
 *   logged once per transport and reason.
 * - `status` sends only when the text changed; newlines become spaces (one assignment per line).
 */
export class SystemdNotifier {
  private readonly transports: NotifyTransport[];
  private readonly warned = new Set<string>();
  private lastStatus: string | null = null;

  constructor(private readonly o: SystemdNotifierOptions) {
    if (!o?.log) throw new TypeError('o.log is required');
    const { socket } = o;
    const primary = o.primary !== undefined ? o.primary : socket?.startsWith('/') ? new UnixDatagramTransport(socket) : null;
    const fallback = o.fallback !== undefined ? o.fallback : socket ? new SystemdNotifyCommand({ ...process.env, NOTIFY_SOCKET: socket }) : null;
    this.transports = socket ? [primary, fallback].filter((t): t is NotifyTransport => t !== null) : [];
  }

  get enabled(): boolean {
    return this.transports.length > 0;
  }

  ready(status?: string): Promise<boolean> {
    return this.send(['READY=1', ...this.statusLine(status)]);
  }

  status(text: string): Promise<boolean> {
    const line = this.statusLine(text);
    return line.length === 0 ? Promise.resolve(false) : this.send(line);
  }

  watchdog(): Promise<boolean> {
    return this.send(['WATCHDOG=1']);
  }

  stopping(status?: string): Promise<boolean> {
    return this.send(['STOPPING=1', ...this.statusLine(status)]);
  }

  close(): void {
    for (const t of this.transports) t.close();
  }

  /** `STATUS=text`, or nothing when it is what systemd already shows. */
  private statusLine(text: string | undefined): string[] {
    if (text === undefined) return [];
    const clean = text.replace(/[\r\n]+/g, ' ').trim();
    if (clean === this.lastStatus) return [];
    this.lastStatus = clean;
    return [`STATUS=${clean}`];
  }

  private async send(assignments: string[]): Promise<boolean> {
    if (!this.enabled) return false;
    const message = `${assignments.join('\n')}\n`;
    for (const t of this.transports) {
      try {
        await t.send(message);
        return true;
      } catch (err) {
        this.warnOnce(t.name, err);
      }
    }
    return false;
  }

  private warnOnce(transport: string, err: unknown): void {
    const reason = err instanceof Error ? err.message : String(err);
    const key = `${transport}:${reason}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    try {
      this.o.log.log('warning', 'systemd', { event: 'notify-failed', via: transport, error: reason });
    } catch {
      // A logger that throws must not break the service either.
    }
  }
}
