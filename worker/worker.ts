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

export interface WorkerOptions extends ActivityDeps {
  connection: NativeConnection;
  namespace: string;
  /** Workflows kept in the sticky cache (each costs worker memory while cached); default 500 (WORKER_MAX_CACHED_WORKFLOWS). */
  maxCachedWorkflows?: number;
  /** Workflow tasks run at once; default: the SDK's. */
  maxConcurrentWorkflowTaskExecutions?: number;
  /** Activity interceptors, e.g. worker/metrics.ts's failure counter. */
  activityInterceptors?: ActivityInterceptorsFactory[];
}

export async function createWorker(options: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities(options),
    maxCachedWorkflows: options.maxCachedWorkflows ?? DEFAULT_MAX_CACHED_WORKFLOWS,
    ...(options.activityInterceptors ? { interceptors: { activity: options.activityInterceptors } } : {}),
    ...(options.maxConcurrentWorkflowTaskExecutions !== undefined
      ? { maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTaskExecutions }
      : {}),
  });
}
