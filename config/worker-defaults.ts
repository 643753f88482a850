/**
 * The worker's tuning defaults, in a module of their own (no imports), so the environment schema and the
 * bench's baseline worker can use them without loading the worker and its activities.
 */

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

/**
 * How long a worker told to stop (SIGTERM, Ctrl-C) lets its in-flight activities finish before it cancels them.
 * It stops polling at once, so a batch activity waiting on an update would otherwise hold it forever; cancelled,
 * the batch's page is retried on another worker (activities/page-of-messages.ts).
 */
export const SHUTDOWN_GRACE_TIME = '10 seconds';

/**
 * After this the worker gives up on a clean stop and its process exits: before a container platform's own kill
 * (Kubernetes waits 30 seconds), so the exit is the worker's and says why.
 */
export const SHUTDOWN_FORCE_TIME = '25 seconds';

/**
 * Environment a launcher gives the worker process. glibc reads MALLOC_ARENA_MAX at process start, so it cannot
 * come from .env: by default glibc makes up to 8 malloc arenas per core for the Temporal core's and Node's
 * threads, each fragmenting on its own. Two arenas cut an idle worker by 54 MiB and its peak at 50,000 open by
 * 96 MiB, at the same start rate (bench/results/cluster-50k-arena/). An operator's own value wins. package.json's
 * `worker` script, run by a shell before Node, repeats the default as `${MALLOC_ARENA_MAX:-2}`.
 */
export function workerProcessEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return { MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? '2' };
}
