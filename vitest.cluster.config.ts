import { defineConfig } from 'vitest/config';

/**
 * `npm run test:cluster`: the cluster's own tests and the e2e, delivery and fault suites, on one Temporal cluster
 * (test/cluster/global-setup.ts) instead of a dev server per file. One file at a time: the four Temporal services
 * already use the machine, and the Postgres-restart test stops the database every file depends on.
 */
export default defineConfig({
  test: {
    include: [
      'test/cluster/**/*.test.ts',
      'test/e2e/lifecycle-api.test.ts',
      'test/e2e/delivery.test.ts',
      // Issue 35 on the cluster: acknowledgement timeouts, acting officers, paused deadlines.
      'test/e2e/escalation-ack.test.ts',
      'test/e2e/acting.test.ts',
      'test/e2e/paused-deadline.test.ts',
      'test/fault/worker-killed.test.ts',
      'test/fault/api-stopped.test.ts',
    ],
    globalSetup: ['test/cluster/global-setup.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 180_000,
    hookTimeout: 240_000,
  },
});
