import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The cluster suites run on a Temporal cluster of their own: `npm run test:cluster` (vitest.cluster.config.ts).
    exclude: ['**/node_modules/**', 'test/cluster/**'],
    globalSetup: ['test/global-setup.ts'],
    // Integration files each run their own Temporal server; two cores fit two at a time.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
