/**
 * Runs a parser of a caller's bytes off the event loop, bounded: a worker-thread pool (piscina) whose threads
 * have a capped heap (`resourceLimits`), a time budget per task (the thread running it is terminated when it
 * runs out), and a bound on the tasks in flight per process (the queue refuses past it). A hostile input can
 * then cost one thread and its budget, never the process or the event loop that answers everyone else.
 *
 * A task module exports named functions of (input) => output, structured-clonable both ways; it imports only
 * pure code (domain/, parsers), never the database or Temporal. A task refuses its input by returning
 * `refusal(domainError)` (an Error loses its fields crossing threads); `run` throws it again as the DomainError.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { DomainError, tooLarge, unavailable, type ErrorKind, type FieldError } from './errors';

export interface BoundedPoolOptions {
  /** The task module (a file URL or path; a .ts file is loaded through tsx). */
  module: URL | string;
  /** Threads at once (default 2, at most the cores). */
  threads?: number;
  /** Tasks waiting for a thread beyond those running; more are refused with 503 (default 4). */
  queue?: number;
  /** The old-generation heap of each thread, MB (default 256). */
  heapMb?: number;
  /** What a refused task is called in the error (e.g. "import", "draft"). */
  what: string;
}

export interface BoundedRun {
  /** The task's time budget, ms: past it the thread is terminated and the caller gets a 413 naming it. */
  timeoutMs: number;
  /** The field named when a bound is hit (e.g. "file", "text"). */
  field: string;
}

interface Refusal {
  refused: { kind: ErrorKind; slug: string; detail: string; errors?: FieldError[] };
}

/** What a task returns to refuse its input with a domain error (for use inside a task module). */
export function refusal(err: DomainError): Refusal {
  return { refused: { kind: err.kind, slug: err.slug, detail: err.message, errors: err.errors } };
}

function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'refused' in value && Object.keys(value).length === 1;
}

const ENTRY = fileURLToPath(new URL('./bounded-worker-entry.mjs', import.meta.url));

export class BoundedPool {
  private readonly pool: Piscina;
  private readonly what: string;
  private readonly capacity: number;
  private inFlight = 0;

  constructor(options: BoundedPoolOptions) {
    const taskModule = typeof options.module === 'string' ? pathToFileURL(options.module).href : options.module.href;
    const threads = Math.max(1, Math.min(options.threads ?? 2, availableParallelism()));
    this.what = options.what;
    this.capacity = threads + (options.queue ?? 4);
    this.pool = new Piscina({
      filename: ENTRY,
      workerData: { taskModule },
      minThreads: 0,
      maxThreads: threads,
      maxQueue: 'auto',
      idleTimeout: 30_000,
      execArgv: process.execArgv.filter((a) => !a.startsWith('--inspect')),
      resourceLimits: { maxOldGenerationSizeMb: options.heapMb ?? 256, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    });
  }

  /** Runs `name` of the task module on `input`; bounds hit become domain errors (413, or 503 when full). */
  async run<I, O>(name: string, input: I, bounds: BoundedRun): Promise<O> {
    if (this.inFlight >= this.capacity) throw unavailable('busy', `too many ${this.what}s in flight; retry shortly`, 5);
    this.inFlight += 1;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), bounds.timeoutMs);
    try {
      const result: unknown = await this.pool.run({ name, input }, { signal: controller.signal });
      if (isRefusal(result)) {
        const r = result.refused;
        throw new DomainError(r.kind, r.slug, r.detail, r.errors);
      }
      return result as O;
    } catch (err) {
      if (err instanceof DomainError) throw err;
      if (controller.signal.aborted) {
        throw tooLarge('time-limit', bounds.field, `the ${this.what} took longer than its ${bounds.timeoutMs} ms budget`);
      }
      const message = err instanceof Error ? err.message : String(err);
      const code = (err as { code?: string }).code;
      if (code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory|heap/i.test(message)) {
        throw tooLarge('memory-limit', bounds.field, `the ${this.what} needed more than its memory budget`);
      }
      throw err;
    } finally {
      this.inFlight -= 1;
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.pool.close({ force: true });
  }
}
