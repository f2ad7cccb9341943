/**
 * One way of delivering an sd_notify(3) message (newline-separated `KEY=VALUE` assignments).
 *
 * - `send` resolves once the message left, or rejects with the reason; it MUST NOT throw
 *   synchronously.
 * - `close` is idempotent and releases whatever the transport holds open.
 */
export interface NotifyTransport {
  readonly name: string;
  send(message: string): Promise<void>;
  close(): void;
}
