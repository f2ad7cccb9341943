/**
 * Resolves when the user asks to stop: `signal` aborted, or by default SIGINT or SIGTERM (while
 * listening for them, they no longer end the process). `dispose()` stops listening.
 */
export function interruption(signal?: AbortSignal): { stopped: Promise<void>; dispose(): void } {
  if (signal !== undefined) {
    let onAbort = (): void => undefined;
    const stopped = new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      onAbort = () => resolve();
      signal.addEventListener('abort', onAbort, { once: true });
    });
    return { stopped, dispose: () => signal.removeEventListener('abort', onAbort) };
  }
  let onSignal = (): void => undefined;
  const stopped = new Promise<void>((resolve) => {
    onSignal = () => resolve();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  return {
    stopped,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
