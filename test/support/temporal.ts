/** A worker over a test Temporal environment, with the real activities writing to a real database. */
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { Sql } from '../../db/sql';
import { afterAll, beforeAll } from 'vitest';
import { createTimeSkippingEnv } from '../../dev/time-skipping';
import { workflowBundle } from '../../worker/worker';
import { createTestDatabase, type TestDatabase } from './database';

export interface RunningWorker {
  client: Client;
  taskQueue: string;
  stop(): Promise<void>;
}

export async function startTestWorker(env: TestWorkflowEnvironment, sql: Sql, taskQueue = 'test'): Promise<RunningWorker> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ sql, client: env.client, taskQueue }),
  });
  const running = worker.run();
  return {
    client: env.client,
    taskQueue,
    stop: async () => {
      worker.shutdown();
      await running;
    },
  };
}

/**
 * One time-skipping server, one fresh database and a worker with the real activities for a whole test file;
 * registered with the file's beforeAll/afterAll. Read the parts inside tests (they exist once beforeAll ran).
 */
export function useTimeSkippingWorld(taskQueue: string) {
  const world = {} as { env: TestWorkflowEnvironment; db: TestDatabase; worker: RunningWorker };
  beforeAll(async () => {
    [world.env, world.db] = await Promise.all([createTimeSkippingEnv(), createTestDatabase()]);
    world.worker = await startTestWorker(world.env, world.db.sql, taskQueue);
  });
  afterAll(async () => {
    await world.worker?.stop();
    await world.env?.teardown();
    await world.db?.drop();
  });
  return world;
}
