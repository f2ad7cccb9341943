/** Throws `err` on a later microtask: it surfaces as an uncaught error, not inside a byte loop. */
export function rethrowLater(err: unknown): void {
  queueMicrotask(() => {
    throw err;
  });
}

/**
 * A small typed event emitter: listeners run synchronously, in the order they were added. A
 * listener that throws does not stop the others or the byte loop that emitted; its error goes
 * to `onListenerError` (default: rethrown later, so it is never swallowed).
 */
export class Emitter<M extends Record<string, unknown[]>> {
  private readonly listeners = new Map<keyof M, Array<(...args: M[keyof M]) => void>>();

  constructor(private readonly onListenerError: (err: unknown) => void = rethrowLater) {}

  add<K extends keyof M>(event: K, listener: (...args: M[K]) => void): void {
    if (typeof listener !== 'function') throw new TypeError(`listener for "${String(event)}" must be a function`);
    const list = this.listeners.get(event) ?? [];
    list.push(listener as (...args: M[keyof M]) => void);
    this.listeners.set(event, list);
  }

  emit<K extends keyof M>(event: K, ...args: M[K]): void {
    for (const l of [...(this.listeners.get(event) ?? [])]) {
      try {
        (l as (...a: M[K]) => void)(...args);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }
}
