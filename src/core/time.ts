/** Milliseconds on the injected monotonic clock. Every core event carries the instant it happened. */
export type Instant = number;
/** A duration in milliseconds. Configuration is in seconds; the loader converts. */
export type Ms = number;

/**
 * The clock the key system runs on: structurally the HAL `Clock`, declared here because the core
 * imports nothing but xstate. Tests pass a simulated clock; production a monotonic one.
 */
export interface CoreClock {
  now(): Instant;
  setTimeout(fn: () => void, ms: Ms): unknown;
  clearTimeout(handle: unknown): void;
}
