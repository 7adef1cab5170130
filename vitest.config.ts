import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Process-kill and end-to-end suites spawn the CLI; two workers match the 2-core machine.
    maxWorkers: 2,
  },
});
