/**
 * The Temporal server a test file runs on: its own dev server by default, or, when the cluster suites run
 * (`npm run test:cluster`, or DONDOC_TEST_TEMPORAL_ADDRESS set), the shared Temporal cluster with a fresh
 * namespace per file, so workflow ids of different files never meet.
 */
import { randomBytes } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { inject } from 'vitest';
import { startTemporalDevServer } from '../../dev/temporal';
import { ensureNamespace } from '../../dev/temporal-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by test/cluster/global-setup.ts. */
    clusterTemporalAddress?: string;
    /** POST /postgres/restart?downMs=N restarts the cluster's Postgres (test/cluster/global-setup.ts). */
    clusterControlUrl?: string;
  }
}

export interface TestTemporal {
  address: string;
  namespace: string;
  onCluster: boolean;
  stop(): Promise<void>;
}

export function clusterTemporalAddress(): string | undefined {
  return process.env.DONDOC_TEST_TEMPORAL_ADDRESS || inject('clusterTemporalAddress') || undefined;
}

export async function startTestTemporal(): Promise<TestTemporal> {
  const address = clusterTemporalAddress();
  if (!address) {
    const dev = await startTemporalDevServer({});
    return { address: dev.address, namespace: 'default', onCluster: false, stop: dev.stop };
  }
  const namespace = `test-${randomBytes(4).toString('hex')}`;
  const connection = await Connection.connect({ address });
  try {
    await ensureNamespace(connection, namespace, Date.now() + 60_000);
  } finally {
    await connection.close();
  }
  return { address, namespace, onCluster: true, stop: async () => {} };
}
