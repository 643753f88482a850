/** A worker over a test Temporal environment, with the real activities writing to a real database. */
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import type { Sql } from '../../db/sql';
import { workflowBundle } from '../../worker/worker';

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
