/**
 * A small typed event emitter for the simulated devices (no `node:events`: hal/sim imports
 * contracts only). Listeners run synchronously in the order they were added.
 */
export class SimEmitter<M extends Record<string, unknown[]>> {
  private readonly listeners = new Map<keyof M, Array<(...args: M[keyof M]) => void>>();

  add<K extends keyof M>(event: K, listener: (...args: M[K]) => void): void {
    if (typeof listener !== 'function') throw new TypeError(`listener for "${String(event)}" must be a function`);
    const list = this.listeners.get(event) ?? [];
    list.push(listener as (...args: M[keyof M]) => void);
    this.listeners.set(event, list);
  }

  emit<K extends keyof M>(event: K, ...args: M[K]): void {
    for (const l of [...(this.listeners.get(event) ?? [])]) (l as (...a: M[K]) => void)(...args);
  }
}
