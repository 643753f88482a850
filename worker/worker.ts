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
import { capNewThreadHeaps } from './heap-limit';
import { taskQueuesOf } from '../workflows/contract';

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

/**
 * Open assignments sleep for weeks between steps: keeping every one cached would grow the worker with the number
 * open (the SDK's default cache follows the heap limit, gigabytes). An evicted workflow is replayed from its short
 * history when its next timer fires, so a bounded cache costs little CPU and keeps memory flat (bench/, rest).
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 500;

/**
 * Fan-out batches one worker process runs at once. Each batch starts 100 workflows, 16 at a time, and returns
 * once they have run their first step (activities/start-assignments.ts), so this bounds the backlog a worker's
 * fan-outs put on the cluster; with the SDK's default (100 activities) 50 fan-outs at once ran 13,000 starts
 * ahead of the workflows on the two-core bench cluster (bench/results/cluster/analysis.md).
 */
export const DEFAULT_CONCURRENT_FANOUT_BATCHES = 4;

/**
 * Old-generation heap limit (MB) of the workflow threads. Without one they get Node's default (about 4 GB on a
 * 24 GB machine) and V8 collects lazily up to it: on the bench cluster the assignments queue's thread held 360 MB,
 * of which 95 MB survived a full GC with 500 workflows cached, and the worker's RSS wandered over 1 GB. About
 * 0.2 MB per cached workflow, so 512 leaves room for a cache several times the default.
 */
export const DEFAULT_WORKFLOW_HEAP_MB = 512;

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
