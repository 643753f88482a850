/** Shared by the sections: the run context, client-side start loops, fan-out through the API. */
import { Client, Connection } from '@temporalio/client';
import type { Figure } from './report';
import type { BenchPostgres, BenchTemporal, ChildServer } from './env';
import { api, log, sleep, startApiProcess, startDondocWorker, startTemporal, startTrivialWorker, syntheticUnitCodes } from './env';
import type { Sql } from '../db/sql';

export type Size = 'small' | 'full';

export interface Ctx {
  size: Size;
  pg: BenchPostgres;
  resultsDir: string;
  figures: Figure[];
  details: Record<string, unknown>;
  notes: Record<string, string[]>;
  charts: string[];
  /** Run the extra profiled passes (CPU profile of the dondoc worker during a fan-out). */
  profile: boolean;
}

/** dondoc's fan-out starts 16 workflows at a time (activities/start-assignments.ts); the baseline loop does the same. */
export const START_CONCURRENCY = 16;

export async function temporalClient(address: string): Promise<{ client: Client; close(): Promise<void> }> {
  const connection = await Connection.connect({ address });
  return { client: new Client({ connection }), close: () => connection.close() };
}

export interface BenchStack {
  temporal: BenchTemporal;
  db: { url: string; sql: Sql };
  tc: { client: Client; close(): Promise<void> };
  /** The dondoc worker (task queue `dondoc`), the baseline's trivial worker (`trivial`), and the API. */
  worker: ChildServer;
  trivial: ChildServer;
  apiProc: ChildServer & { url: string };
}

/**
 * A fresh Temporal dev server and database with the dondoc worker, the trivial baseline worker and the API
 * (over `apiUnits` synthetic units) each in its own process; everything is stopped when `run` ends.
 */
export async function withBenchStack<T>(ctx: Ctx, dbName: string, apiUnits: number, run: (stack: BenchStack) => Promise<T>): Promise<T> {
  const temporal = await startTemporal();
  const db = await ctx.pg.createDatabase(dbName);
  const children: ChildServer[] = [];
  const tc = await temporalClient(temporal.address);
  try {
    const env = { databaseUrl: db.url, temporalAddress: temporal.address };
    const [worker, trivial, apiProc] = await Promise.all([
      startDondocWorker({ ...env, taskQueue: 'dondoc' }),
      startTrivialWorker({ ...env, taskQueue: 'trivial' }),
      startApiProcess({ ...env, taskQueue: 'dondoc', units: apiUnits }),
    ]);
    children.push(worker, trivial, apiProc);
    return await run({ temporal, db, tc, worker, trivial, apiProc });
  } finally {
    await tc.close().catch(() => {});
    for (const c of children.reverse()) await c.stop().catch(() => {});
    await temporal.stop();
    await db.sql.end({ timeout: 5 });
  }
}

/** Starts `n` workflows with `concurrency` starts in flight, like a plain client loop. Returns ms spent. */
export async function startMany(n: number, concurrency: number, start: (i: number) => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) await start(next++);
    }),
  );
  return performance.now() - t0;
}

/** Polls a count until it reaches `target` (or `timeoutMs`); returns the (seconds, count) curve and the time it got there. */
export async function followCount(
  count: () => Promise<number>,
  target: number,
  t0: number,
  timeoutMs: number,
  everyMs = 100,
): Promise<{ curve: [number, number][]; doneMs: number | null; last: number }> {
  const curve: [number, number][] = [[0, 0]];
  const deadline = t0 + timeoutMs;
  let last = 0;
  while (performance.now() < deadline) {
    last = await count();
    const t = performance.now() - t0;
    if (last !== curve[curve.length - 1]![1]) curve.push([t / 1000, last]);
    if (last >= target) return { curve, doneMs: t, last };
    await sleep(everyMs);
  }
  return { curve, doneMs: null, last };
}

export const MAX_UNITS_PER_TASK = 2000;

/** Creates a directive (once) and tasks assigning `n` synthetic units (≤ 2,000 per task, the API's limit). */
export async function createTasksViaApi(
  apiUrl: string,
  o: {
    directiveId: string;
    taskPrefix: string;
    n: number;
    dueOn?: string;
    /** A due date per task (of 2,000 units each), instead of one for all. */
    dueOnOfTask?: (taskIndex: number, tasks: number) => string;
    dueAt?: string;
    policy?: unknown;
    title?: string;
  },
): Promise<{ taskIds: string[]; requestMs: number }> {
  const d = await api(apiUrl, '/v1/directives', {
    id: o.directiveId,
    number: `${o.directiveId}/BENCH`,
    issuer: 'VPCP',
    issuedOn: '2024-05-06',
    title: 'bench',
  });
  if (d.status !== 201 && d.status !== 409) throw new Error(`directive: ${d.status} ${JSON.stringify(d.body)}`);
  const taskIds: string[] = [];
  const t0 = performance.now();
  const tasks = Math.ceil(o.n / MAX_UNITS_PER_TASK);
  for (let from = 0, i = 0; from < o.n; from += MAX_UNITS_PER_TASK, i++) {
    const dueOn = o.dueOnOfTask ? o.dueOnOfTask(i, tasks) : o.dueOn;
    const units = syntheticUnitCodes(Math.min(MAX_UNITS_PER_TASK, o.n - from), 0);
    const id = `${o.taskPrefix}-${i}`;
    const res = await api(apiUrl, `/v1/directives/${o.directiveId}/tasks`, {
      id,
      title: o.title ?? 'bench task',
      ...(dueOn ? { dueOn } : {}),
      ...(o.dueAt ? { dueAt: o.dueAt } : {}),
      ...(o.policy ? { policy: o.policy } : {}),
      assignees: { units },
    });
    if (res.status !== 202) throw new Error(`task ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    taskIds.push(id);
  }
  return { taskIds, requestMs: performance.now() - t0 };
}

/** Read-model rows written by the workflows (version ≥ 1: the 'assigned' event was recorded). */
export async function startedAssignments(sql: Sql, taskPrefix: string): Promise<number> {
  const [r] = await sql<
    { n: number }[]
  >`SELECT count(*)::int AS n FROM assignments WHERE task_id LIKE ${taskPrefix + '-%'} AND version >= 1`;
  return r!.n;
}

export async function marks(sql: Sql, prefix: string): Promise<number> {
  const [r] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM bench_marks WHERE id LIKE ${prefix + '%'}`;
  return r!.n;
}

export function note(ctx: Ctx, section: string, line: string): void {
  (ctx.notes[section] ??= []).push(line);
  log(`${section}: ${line}`);
}
