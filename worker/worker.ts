/** The Temporal worker: runs the workflows in workflows/ and the activities built over the process's deps. */
import { createRequire } from 'node:module';
import {
  NativeConnection,
  Worker,
  bundleWorkflowCode,
  type ActivityInterceptorsFactory,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { taskQueuesOf } from '../workflows/contract';
import {
  DEFAULT_CONCURRENT_FANOUT_BATCHES,
  DEFAULT_MAX_CACHED_WORKFLOWS,
  DEFAULT_WORKFLOW_HEAP_MB,
  SHUTDOWN_FORCE_TIME,
  SHUTDOWN_GRACE_TIME,
} from '../config/worker-defaults';
import { capNewThreadHeaps } from './heap-limit';

const require = createRequire(import.meta.url);
export const WORKFLOWS_PATH = require.resolve('../workflows/index.ts');

let bundle: Promise<WorkflowBundleWithSourceMap> | null = null;

/** Bundling the workflow code takes seconds; a process that builds several workers does it once. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietBundlerLogger });
  return bundle;
}

const quietBundlerLogger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
  log: () => {},
};

export interface WorkerOptions extends ActivityDeps {
  connection: NativeConnection;
  namespace: string;
  /** Workflows kept in the sticky cache (each costs worker memory while cached); default 500 (WORKER_MAX_CACHED_WORKFLOWS). */
  maxCachedWorkflows?: number;
  /** Fan-out batches run at once on the fan-out queue; default 4 (WORKER_FANOUT_BATCHES). */
  maxConcurrentFanoutBatches?: number;
  /** Old-generation heap (MB) of each workflow thread; default 512 (WORKER_WORKFLOW_HEAP_MB). */
  workflowHeapMb?: number;
  /** Workflow tasks run at once; default: the SDK's. */
  maxConcurrentWorkflowTaskExecutions?: number;
  /** Activity interceptors, e.g. worker/metrics.ts's failure counter. */
  activityInterceptors?: ActivityInterceptorsFactory[];
}

/** The workers of one process, one per task queue, run and stopped together. */
export interface WorkerGroup {
  workers: Worker[];
  run(): Promise<void>;
  shutdown(): void;
  getState(): ReturnType<Worker['getState']>;
}

/**
 * One Worker per task queue (taskQueuesOf: assignments, fan-out, delivery, batch) in this process: a fan-out of
 * thousands of starts, a reorganisation or calendar re-plan, or a slow delivery run never delays an assignment's
 * escalation.
 */
export async function createWorker(options: WorkerOptions): Promise<WorkerGroup> {
  const queues = taskQueuesOf(options.taskQueue);
  const activities = createActivities(options);
  const workflowBundleCode = await workflowBundle();
  // Before Worker.create, which starts the workflow threads.
  capNewThreadHeaps(options.workflowHeapMb ?? DEFAULT_WORKFLOW_HEAP_MB);
  const workers = await Promise.all(
    [queues.assignments, queues.fanout, queues.delivery, queues.batch].map((taskQueue) =>
      Worker.create({
        connection: options.connection,
        namespace: options.namespace,
        taskQueue,
        workflowBundle: workflowBundleCode,
        activities,
        shutdownGraceTime: SHUTDOWN_GRACE_TIME,
        shutdownForceTime: SHUTDOWN_FORCE_TIME,
        maxCachedWorkflows: taskQueue === queues.assignments ? (options.maxCachedWorkflows ?? DEFAULT_MAX_CACHED_WORKFLOWS) : 50,
        ...(taskQueue === queues.fanout
          ? { maxConcurrentActivityTaskExecutions: options.maxConcurrentFanoutBatches ?? DEFAULT_CONCURRENT_FANOUT_BATCHES }
          : {}),
        ...(options.activityInterceptors ? { interceptors: { activity: options.activityInterceptors } } : {}),
        ...(options.maxConcurrentWorkflowTaskExecutions !== undefined
          ? { maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTaskExecutions }
          : {}),
      }),
    ),
  );
  return {
    workers,
    run: async () => {
      await Promise.all(workers.map((w) => w.run()));
    },
    shutdown: () => {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
    },
    getState: () => workers[0]!.getState(),
  };
}
