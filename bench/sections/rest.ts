/**
 * 3. Open assignments at rest: N assignments sleeping on far-future timers. Each arm gets its own fresh Temporal
 * dev server, database and worker process, so the growth of worker RSS, Temporal server RSS and database size
 * from idle to N open workflows is that arm's alone. Baseline: N trivial workflows that write one row and sleep.
 */
import {
  log,
  rssOf,
  sleep,
  startApiProcess,
  startNodeChild,
  startDondocWorker,
  startTemporal,
  startTrivialWorker,
  type ChildServer,
} from '../env';
import {
  START_CONCURRENCY,
  createTasksViaApi,
  followCount,
  marks,
  note,
  startMany,
  startedAssignments,
  temporalClient,
  type Ctx,
} from '../common';
import { figure, round } from '../report';

const S = 'rest';
const MiB = 2 ** 20;
/** The tuned arm's sticky cache size (maxCachedWorkflows). */
const TUNED_CACHE = 250;

interface Footprint {
  n: number;
  startMs: number | null;
  reached: number;
  worker: { before: number; after: number };
  temporal: { before: number; after: number };
  dbBytes: { before: number; after: number };
  /** On a cluster: each Temporal service's RSS at the end, and Temporal's own stores (Postgres) before and after. */
  services: Record<string, number>;
  stores: { before: number; after: number } | null;
}

const storeTotal = (b: { store: number; visibility: number } | null) => (b ? b.store + b.visibility : null);

async function dbSize(sql: import('../../db/sql').Sql): Promise<number> {
  const [r] = await sql<{ b: string }[]>`SELECT pg_database_size(current_database())::text AS b`;
  return Number(r!.b);
}

async function settle(pids: (number | number[])[]): Promise<number[]> {
  // Let GC and caches settle: wait, then take the last of a few samples.
  await sleep(10_000);
  return Promise.all(pids.map(async (p) => (await rssOf(p)) ?? 0));
}

async function arm(ctx: Ctx, kind: 'dondoc' | 'tuned' | 'baseline', n: number): Promise<Footprint> {
  const temporal = await startTemporal();
  const db = await ctx.pg.createDatabase(`bench_rest_${kind}`);
  const children: ChildServer[] = [];
  const tc = await temporalClient(temporal.address);
  try {
    const env = { databaseUrl: db.url, temporalAddress: temporal.address };
    const worker =
      kind === 'dondoc'
        ? await startDondocWorker({ ...env, taskQueue: 'dondoc' })
        : kind === 'tuned'
          ? await startNodeChild(
              'bench/dondoc-worker.ts',
              {
                DATABASE_URL: env.databaseUrl,
                TEMPORAL_ADDRESS: env.temporalAddress,
                TEMPORAL_TASK_QUEUE: 'dondoc',
                BENCH_MAX_CACHED_WORKFLOWS: String(TUNED_CACHE),
              },
              /worker running/,
            )
          : await startTrivialWorker({ ...env, taskQueue: 'trivial' });
    children.push(worker);
    const apiProc = kind !== 'baseline' ? await startApiProcess({ ...env, taskQueue: 'dondoc', units: Math.min(n, 2000) }) : null;
    if (apiProc) children.push(apiProc);
    const [wBefore, tBefore] = await settle([worker.pid, temporal.pids]);
    await db.sql`VACUUM`;
    const dBefore = await dbSize(db.sql);
    const sBefore = storeTotal(await temporal.storeBytes());
    const timeoutMs = Math.max(600_000, n * 100);
    const t0 = performance.now();
    let done;
    if (apiProc) {
      await createTasksViaApi(apiProc.url, { directiveId: 'rest', taskPrefix: 'rest', n, dueOn: '2099-12-31' });
      done = await followCount(() => startedAssignments(db.sql, 'rest'), n, t0, timeoutMs, 500);
    } else {
      await startMany(n, START_CONCURRENCY, (i) =>
        tc.client.workflow.start('markThenSleepWorkflow', {
          taskQueue: 'trivial',
          workflowId: `rest-${i}`,
          args: [`rest-${i}`, 365 * 86_400_000],
        }),
      );
      done = await followCount(() => marks(db.sql, 'rest-'), n, t0, timeoutMs, 500);
    }
    const [wAfter, tAfter] = await settle([worker.pid, temporal.pids]);
    await db.sql`VACUUM`;
    const dAfter = await dbSize(db.sql);
    const sAfter = storeTotal(await temporal.storeBytes());
    const services = Object.fromEntries(
      await Promise.all(Object.entries(temporal.services).map(async ([name, pid]) => [name, (await rssOf(pid)) ?? 0] as const)),
    );
    log(
      `${S}: ${kind}: ${done.last}/${n} open; worker RSS ${Math.round(wBefore! / MiB)}→${Math.round(wAfter! / MiB)} MiB, Temporal ${Math.round(tBefore! / MiB)}→${Math.round(tAfter! / MiB)} MiB, db ${Math.round(dBefore / MiB)}→${Math.round(dAfter / MiB)} MiB`,
    );
    return {
      n,
      startMs: done.doneMs,
      reached: done.last,
      worker: { before: wBefore!, after: wAfter! },
      temporal: { before: tBefore!, after: tAfter! },
      dbBytes: { before: dBefore, after: dAfter },
      services,
      stores: sBefore !== null && sAfter !== null ? { before: sBefore, after: sAfter } : null,
    };
  } finally {
    await tc.close().catch(() => {});
    for (const c of children.reverse()) await c.stop().catch(() => {});
    await temporal.stop();
    await db.sql.end({ timeout: 5 });
  }
}

export async function runRest(ctx: Ctx): Promise<void> {
  // The in-memory dev server passed 22 GB at about 30,000 open workflows on a 24 GB machine: larger runs only
  // when asked for by name (BENCH_REST_N), on a machine that can hold them.
  const n = Number(process.env.BENCH_REST_N) || (ctx.size === 'full' ? 20_000 : 10_000);
  // BENCH_REST_ONLY_DONDOC=1: the long run of dondoc alone (the figures then reuse its numbers as the baseline).
  const dd = await arm(ctx, 'dondoc', n);
  if (process.env.BENCH_REST_ONLY_DONDOC) {
    ctx.figures.push(
      figure({
        section: S,
        name: `N=${n}: worker RSS total (dondoc alone)`,
        unit: 'MiB',
        value: round(dd.worker.after / MiB, 0),
        baseline: round(dd.worker.before / MiB, 0),
      }),
    );
    note(
      ctx,
      S,
      `dondoc alone: ${dd.reached}/${n} open; worker RSS ${Math.round(dd.worker.before / MiB)}→${Math.round(dd.worker.after / MiB)} MiB, Temporal ${Math.round(dd.temporal.before / MiB)}→${Math.round(dd.temporal.after / MiB)} MiB, database ${Math.round(dd.dbBytes.after / MiB)} MiB, started in ${round(dd.startMs && dd.startMs / 1000, 0)} s (the "baseline" column is the worker's RSS before the first start).`,
    );
    return;
  }
  const base = await arm(ctx, 'baseline', n);
  const tuned = await arm(ctx, 'tuned', n);
  const per = (x: { before: number; after: number }, count: number) => (x.after - x.before) / Math.max(1, count);
  const kib = (v: number) => round(v / 1024, 2);
  ctx.figures.push(
    figure({ section: S, name: `N=${n}: open workflows reached`, unit: '', value: dd.reached, baseline: base.reached }),
    figure({
      section: S,
      name: `N=${n}: worker RSS total`,
      unit: 'MiB',
      value: round(dd.worker.after / MiB, 0),
      baseline: round(base.worker.after / MiB, 0),
    }),
    figure({
      section: S,
      name: `N=${n}: worker RSS per open assignment`,
      unit: 'KiB',
      value: kib(per(dd.worker, dd.reached)),
      baseline: kib(per(base.worker, base.reached)),
    }),
    figure({
      section: S,
      name: `N=${n}: tuned (maxCachedWorkflows ${TUNED_CACHE}) worker RSS total`,
      unit: 'MiB',
      value: round(tuned.worker.after / MiB, 0),
      baseline: round(base.worker.after / MiB, 0),
    }),
    figure({
      section: S,
      name: `N=${n}: tuned worker RSS per open assignment`,
      unit: 'KiB',
      value: kib(per(tuned.worker, tuned.reached)),
      baseline: kib(per(base.worker, base.reached)),
    }),
    figure({
      section: S,
      name: `N=${n}: Temporal server RSS total`,
      unit: 'MiB',
      value: round(dd.temporal.after / MiB, 0),
      baseline: round(base.temporal.after / MiB, 0),
    }),
    figure({
      section: S,
      name: `N=${n}: Temporal RSS per open assignment`,
      unit: 'KiB',
      value: kib(per(dd.temporal, dd.reached)),
      baseline: kib(per(base.temporal, base.reached)),
    }),
    figure({
      section: S,
      name: `N=${n}: Postgres database size per open assignment`,
      unit: 'KiB',
      value: kib(per(dd.dbBytes, dd.reached)),
      baseline: kib(per(base.dbBytes, base.reached)),
    }),
  );
  if (dd.stores && base.stores) {
    ctx.figures.push(
      figure({
        section: S,
        name: `N=${n}: Temporal's stores (Postgres) per open assignment`,
        unit: 'KiB',
        value: kib(per(dd.stores, dd.reached)),
        baseline: kib(per(base.stores, base.reached)),
      }),
    );
    const rss = (f: Footprint) =>
      Object.entries(f.services)
        .map(([name, bytes]) => `${name} ${Math.round(bytes / MiB)} MiB`)
        .join(', ');
    note(ctx, S, `Temporal services' RSS with ${n} open: dondoc ${rss(dd)}; baseline ${rss(base)}; tuned ${rss(tuned)}.`);
  }
  ctx.details[S] = { dondoc: dd, baseline: base, tuned: { maxCachedWorkflows: TUNED_CACHE, ...tuned } };
  note(
    ctx,
    S,
    `tuned arm: the same dondoc worker built with createWorker({ maxCachedWorkflows: ${TUNED_CACHE} }) (bench/dondoc-worker.ts; the optional WorkerOptions field added to worker/worker.ts): ${tuned.reached} open, worker RSS ${Math.round(tuned.worker.before / MiB)}→${Math.round(tuned.worker.after / MiB)} MiB, started in ${round(tuned.startMs && tuned.startMs / 1000, 0)} s.`,
  );
  note(
    ctx,
    S,
    `each arm on its own fresh Temporal ${dd.stores ? 'cluster (empty Postgres stores)' : 'dev server (in-memory SQLite)'}, database and worker process; RSS read from /proc/<pid>/status 10 s after the last workflow started; database size after VACUUM. dondoc started ${dd.reached} in ${round(dd.startMs && dd.startMs / 1000, 0)} s, baseline ${base.reached} in ${round(base.startMs && base.startMs / 1000, 0)} s.`,
  );
  note(
    ctx,
    S,
    `worker defaults (no tuning): the Temporal TS SDK keeps up to maxCachedWorkflows sticky workflow executions in memory (default derived from the heap limit), so worker RSS grows with open workflows only until that cache is full; evicted workflows are replayed from history when their timer fires. what a cached workflow costs depends on what its bundle instantiates per workflow (see the size section's bundle figure).`,
  );
  log(`${S}: done`);
}
