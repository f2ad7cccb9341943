import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'hal/**/*.test.ts', 'boards/**/*.test.ts', 'test/**/*.test.ts'],
    // Process and peer suites start real processes; keep every test bounded.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
