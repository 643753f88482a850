/**
 * 3. Open assignments at rest: N assignments sleeping on far-future timers. Each arm gets its own fresh Temporal
 * dev server, database and worker process, so the growth of worker RSS, Temporal server RSS and database size
 * from idle to N open workflows is that arm's alone. Baseline: N trivial workflows that write one row and sleep.
 */
import {
  log,
  peakRssOf,
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
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { figure, round } from '../report';
import { addDays, toVnDate } from '../../domain/dates';
import { workerProcessEnv } from '../../config/worker-defaults';

const S = 'rest';
const MiB = 2 ** 20;
/** The tuned arm's sticky cache size (maxCachedWorkflows). */
const TUNED_CACHE = 250;

interface Footprint {
  n: number;
  startMs: number | null;
  reached: number;
  /** peak: the worker's highest RSS since it started (VmHWM), read at the end. */
  worker: { before: number; after: number; peak: number };
  temporal: { before: number; after: number };
  dbBytes: { before: number; after: number };
  /** On a cluster: each Temporal service's RSS at the end, and Temporal's own stores (Postgres) before and after. */
  services: Record<string, number>;
  servicesBefore: Record<string, number>;
  stores: { before: number; after: number } | null;
  /** Samples taken on the way up (every tenth of N), so a long run cut short still leaves a curve. */
  checkpoints: Checkpoint[];
}

interface Checkpoint {
  open: number;
  elapsedS: number;
  workerRss: number;
  /** The worker's highest RSS so far (VmHWM): what the instant samples miss between them. */
  workerPeakRss: number;
  services: Record<string, number>;
  storeBytes: number | null;
  dbBytes: number;
}

const storeTotal = (b: { store: number; visibility: number } | null) => (b ? b.store + b.visibility : null);

async function dbSize(sql: import('../../db/sql').Sql): Promise<number> {
  const [r] = await sql<{ b: string }[]>`SELECT pg_database_size(current_database())::text AS b`;
  return Number(r!.b);
}

/** Each Temporal service's RSS by name (0 for one that is gone). */
async function servicesRss(services: Record<string, number>): Promise<Record<string, number>> {
  return Object.fromEntries(
    await Promise.all(Object.entries(services).map(async ([name, pid]) => [name, (await rssOf(pid)) ?? 0] as const)),
  );
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
                ...workerProcessEnv(),
              },
              /worker running/,
            )
          : await startTrivialWorker({ ...env, taskQueue: 'trivial' });
    children.push(worker);
    const apiProc = kind !== 'baseline' ? await startApiProcess({ ...env, taskQueue: 'dondoc', units: Math.min(n, 2000) }) : null;
    if (apiProc) children.push(apiProc);
    const [wBefore, tBefore, ...servicesBeforeRss] = await settle([worker.pid, temporal.pids, ...Object.values(temporal.services)]);
    const servicesBefore = Object.fromEntries(Object.keys(temporal.services).map((name, i) => [name, servicesBeforeRss[i] ?? 0]));
    await db.sql`VACUUM`;
    const dBefore = await dbSize(db.sql);
    const sBefore = storeTotal(await temporal.storeBytes());
    const timeoutMs = Math.max(600_000, n * 100);
    const t0 = performance.now();
    const checkpoints: Checkpoint[] = [];
    const every = Math.max(1000, Math.round(n / 10));
    let nextCheckpoint = every;
    const progressFile = join(ctx.resultsDir, `rest-progress-${kind}.jsonl`);
    await writeFile(progressFile, '');
    // Wraps the count the start loop polls: past each tenth of N, record what the processes and stores hold.
    const sampled = (count: () => Promise<number>) => async () => {
      const open = await count();
      if (open >= nextCheckpoint && open < n) {
        nextCheckpoint = (Math.floor(open / every) + 1) * every;
        const services = await servicesRss(temporal.services);
        const c: Checkpoint = {
          open,
          elapsedS: Math.round((performance.now() - t0) / 1000),
          workerRss: (await rssOf(worker.pid)) ?? 0,
          workerPeakRss: (await peakRssOf(worker.pid)) ?? 0,
          services,
          storeBytes: storeTotal(await temporal.storeBytes()),
          dbBytes: await dbSize(db.sql),
        };
        checkpoints.push(c);
        await appendFile(progressFile, JSON.stringify(c) + '\n');
        log(
          `${S}: ${kind}: ${open}/${n} open after ${c.elapsedS} s; worker ${Math.round(c.workerRss / MiB)} MiB (peak ${Math.round(c.workerPeakRss / MiB)}), ${Object.entries(
            services,
          )
            .map(([k, v]) => `${k} ${Math.round(v / MiB)} MiB`)
            .join(
              ', ',
            )}, stores ${c.storeBytes === null ? '–' : Math.round(c.storeBytes / MiB)} MiB, db ${Math.round(c.dbBytes / MiB)} MiB`,
        );
      }
      return open;
    };
    let done;
    if (apiProc) {
      // The default (working-day) policy, due dates spread over the coming year, one per task of 2,000 units.
      const today = toVnDate(new Date());
      await createTasksViaApi(apiProc.url, {
        directiveId: 'rest',
        taskPrefix: 'rest',
        n,
        dueOnOfTask: (i, tasks) => addDays(today, 30 + Math.round((335 * (i + 1)) / tasks)),
      });
      done = await followCount(
        sampled(() => startedAssignments(db.sql, 'rest')),
        n,
        t0,
        timeoutMs,
        500,
      );
    } else {
      await startMany(n, START_CONCURRENCY, (i) =>
        tc.client.workflow.start('markThenSleepWorkflow', {
          taskQueue: 'trivial',
          workflowId: `rest-${i}`,
          args: [`rest-${i}`, 365 * 86_400_000],
        }),
      );
      done = await followCount(
        sampled(() => marks(db.sql, 'rest-')),
        n,
        t0,
        timeoutMs,
        500,
      );
    }
    const [wAfter, tAfter] = await settle([worker.pid, temporal.pids]);
    const wPeak = (await peakRssOf(worker.pid)) ?? 0;
    await db.sql`VACUUM`;
    const dAfter = await dbSize(db.sql);
    const sAfter = storeTotal(await temporal.storeBytes());
    const services = await servicesRss(temporal.services);
    log(
      `${S}: ${kind}: ${done.last}/${n} open; worker RSS ${Math.round(wBefore! / MiB)}→${Math.round(wAfter! / MiB)} MiB, Temporal ${Math.round(tBefore! / MiB)}→${Math.round(tAfter! / MiB)} MiB, db ${Math.round(dBefore / MiB)}→${Math.round(dAfter / MiB)} MiB`,
    );
    return {
      n,
      startMs: done.doneMs,
      reached: done.last,
      worker: { before: wBefore!, after: wAfter!, peak: wPeak },
      temporal: { before: tBefore!, after: tAfter! },
      dbBytes: { before: dBefore, after: dAfter },
      services,
      servicesBefore,
      stores: sBefore !== null && sAfter !== null ? { before: sBefore, after: sAfter } : null,
      checkpoints,
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
    reportDondocAlone(ctx, dd);
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

/**
 * BENCH_REST_ONLY_DONDOC: the long run of dondoc alone. Each figure's baseline is the same process (or store)
 * idle, before the first start, on the same fresh cluster; the ratio is the growth from idle to N open.
 */
function reportDondocAlone(ctx: Ctx, dd: Footprint): void {
  const n = dd.n;
  const kib = (v: number) => round(v / 1024, 2);
  const mib = (v: number) => round(v / MiB, 0);
  ctx.figures.push(
    figure({ section: S, name: `N=${n}: open assignments reached`, unit: '', value: dd.reached, baseline: n }),
    figure({
      section: S,
      name: `N=${n}: time to start them all`,
      unit: 's',
      value: round(dd.startMs && dd.startMs / 1000, 0),
      baseline: null,
      note: dd.startMs ? `${round(dd.reached / (dd.startMs / 1000), 1)} assignments/s` : 'not all started',
    }),
    figure({
      section: S,
      name: `N=${n}: worker RSS (one worker carrying all; baseline: idle)`,
      unit: 'MiB',
      value: mib(dd.worker.after),
      baseline: mib(dd.worker.before),
      goal: '≤ 1 GB each',
      met: dd.worker.after <= 2 ** 30,
    }),
    figure({
      section: S,
      name: `N=${n}: worker peak RSS while they started (VmHWM; baseline: idle)`,
      unit: 'MiB',
      value: mib(dd.worker.peak),
      baseline: mib(dd.worker.before),
      goal: '≤ 1 GB each',
      met: dd.worker.peak <= 2 ** 30,
    }),
    ...Object.entries(dd.services).map(([name, bytes]) =>
      figure({
        section: S,
        name: `N=${n}: Temporal ${name} service RSS (baseline: idle)`,
        unit: 'MiB',
        value: mib(bytes),
        baseline: mib(dd.servicesBefore[name] ?? 0),
      }),
    ),
    figure({
      section: S,
      name: `N=${n}: dondoc's tables per open assignment`,
      unit: 'KiB',
      value: kib((dd.dbBytes.after - dd.dbBytes.before) / Math.max(1, dd.reached)),
      baseline: null,
    }),
  );
  if (dd.stores)
    ctx.figures.push(
      figure({
        section: S,
        name: `N=${n}: Temporal's stores (Postgres) per open assignment`,
        unit: 'KiB',
        value: kib((dd.stores.after - dd.stores.before) / Math.max(1, dd.reached)),
        baseline: null,
      }),
      figure({
        section: S,
        name: `N=${n}: Temporal's stores total`,
        unit: 'MiB',
        value: mib(dd.stores.after),
        baseline: mib(dd.stores.before),
      }),
    );
  ctx.details[S] = { dondoc: dd };
  note(
    ctx,
    S,
    `dondoc alone: ${dd.reached}/${n} open, started in ${round(dd.startMs && dd.startMs / 1000, 0)} s; worker RSS ${mib(dd.worker.before)}→${mib(dd.worker.after)} MiB, Temporal ${mib(dd.temporal.before)}→${mib(dd.temporal.after)} MiB, dondoc's database ${mib(dd.dbBytes.after)} MiB. Baselines are the same processes idle before the first start.`,
  );
  for (const c of dd.checkpoints)
    note(
      ctx,
      S,
      `on the way: ${c.open} open after ${c.elapsedS} s: worker ${mib(c.workerRss)} MiB (peak so far ${mib(c.workerPeakRss)}); ${Object.entries(
        c.services,
      )
        .map(([k, v]) => `${k} ${mib(v)}`)
        .join(
          ', ',
        )} MiB; Temporal's stores ${c.storeBytes === null ? '–' : mib(c.storeBytes)} MiB; dondoc's database ${mib(c.dbBytes)} MiB.`,
    );
}
