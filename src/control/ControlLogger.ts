/** Where the control server reports what no client should have to see. Injected; main.ts logs to stdout. */
export interface ControlLogger {
  warn(message: string): void;
  error(message: string, cause?: unknown): void;
}

/** For callers that inject nothing: one line per message on stderr. */
export const consoleControlLogger: ControlLogger = {
  warn: (message) => console.warn(`control: ${message}`),
  error: (message, cause) => console.error(`control: ${message}`, cause ?? ''),
};
