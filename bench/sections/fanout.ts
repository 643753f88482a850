/**
 * 1. Fan-out: one task to N units through the API until every assignment workflow has recorded its 'assigned'
 * event (read-model row version ≥ 1). Baseline: a plain client loop starting N trivial workflows that each write
 * one row, with the same start concurrency (16), on the same Temporal server, worker in its own process too.
 */
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { summariseProfile } from '../profile';
import { join } from 'node:path';
import {
  cpuSecondsOf,
  log,
  startApiProcess,
  startDondocWorker,
  startNodeChild,
  startTemporal,
  sleep,
  until,
  type ChildServer,
} from '../env';
import { workerProcessEnv } from '../../config/worker-defaults';
import {
  START_CONCURRENCY,
  createTasksViaApi,
  followCount,
  marks,
  note,
  startMany,
  startedAssignments,
  withBenchStack,
  type Ctx,
} from '../common';
import { figure, round } from '../report';
import { lineChart } from '../svg';
import protobufs from '@temporalio/proto';
import type { Client } from '@temporalio/client';

async function historyBytes(client: Client, workflowId: string): Promise<{ events: number; bytes: number } | null> {
  try {
    const h = await client.workflow.getHandle(workflowId).fetchHistory();
    return { events: h.events?.length ?? 0, bytes: protobufs.temporal.api.history.v1.History.encode(h).finish().length };
  } catch {
    return null;
  }
}

const S = 'fanout';

export async function runFanout(ctx: Ctx): Promise<void> {
  // BENCH_FANOUT_N=5000 (or 1000,5000): the sizes to run instead of the size's.
  const sizes = process.env.BENCH_FANOUT_N
    ? process.env.BENCH_FANOUT_N.split(',').map(Number)
    : ctx.size === 'full'
      ? [1000, 5000]
      : [1000];
  const curves: { label: string; points: [number, number][] }[] = [];
  const details: Record<string, unknown>[] = [];
  for (const n of sizes) {
    const timeoutMs = Math.max(300_000, n * 200);
    await withBenchStack(ctx, `bench_fanout_${n}`, Math.min(n, 2000), async ({ temporal, db, tc, worker, trivial, apiProc }) => {
      // Warm-up both paths (JIT, workflow bundle load, connections) with 20 each.
      await createTasksViaApi(apiProc.url, { directiveId: 'warm', taskPrefix: 'warm', n: 20, dueOn: '2099-12-31' });
      await startMany(20, START_CONCURRENCY, (i) =>
        tc.client.workflow.start('markWorkflow', { taskQueue: 'trivial', workflowId: `warm-${i}`, args: [`warm-${i}`] }),
      );
      await followCount(() => startedAssignments(db.sql, 'warm'), 20, performance.now(), 60_000);
      await followCount(() => marks(db.sql, 'warm-'), 20, performance.now(), 60_000);
      await sleep(1000);

      // Baseline first (so any slowdown of a fuller server falls on dondoc, not the baseline).
      let cpu0: (number | null)[] = await Promise.all([cpuSecondsOf(trivial.pid), cpuSecondsOf(temporal.pids)]);
      let t0 = performance.now();
      const baseStartMs = await startMany(n, START_CONCURRENCY, (i) =>
        tc.client.workflow.start('markWorkflow', { taskQueue: 'trivial', workflowId: `base-${n}-${i}`, args: [`base-${n}-${i}`] }),
      );
      const base = await followCount(() => marks(db.sql, `base-${n}-`), n, t0, timeoutMs);
      let cpu1: (number | null)[] = await Promise.all([cpuSecondsOf(trivial.pid), cpuSecondsOf(temporal.pids)]);
      const baseCpu = { worker: cpu1[0]! - cpu0[0]!, temporal: cpu1[1]! - cpu0[1]! };
      await sleep(2000);

      // dondoc without the five-column summary (issue 32's write-path goal), before dondoc itself so that a fuller
      // server slows the arm with the summary, not this one.
      const bare = await fanoutWithoutSummary(n, timeoutMs, { databaseUrl: db.url, temporalAddress: temporal.address, sql: db.sql });
      await sleep(2000);

      cpu0 = await Promise.all([cpuSecondsOf(worker.pid), cpuSecondsOf(temporal.pids), cpuSecondsOf(apiProc.pid)]);
      t0 = performance.now();
      const { requestMs } = await createTasksViaApi(apiProc.url, { directiveId: 'fan', taskPrefix: `fan${n}`, n, dueOn: '2099-12-31' });
      const dd = await followCount(() => startedAssignments(db.sql, `fan${n}`), n, t0, timeoutMs);
      cpu1 = await Promise.all([cpuSecondsOf(worker.pid), cpuSecondsOf(temporal.pids), cpuSecondsOf(apiProc.pid)]);
      const ddCpu = { worker: cpu1[0]! - cpu0[0]!, temporal: cpu1[1]! - cpu0[1]!, api: cpu1[2]! - cpu0[2]! };
      const [check] = await db.sql<{ rows: number; assigned: number }[]>`
        SELECT (SELECT count(*)::int FROM assignments WHERE task_id LIKE ${`fan${n}-%`}) AS rows,
               (SELECT count(*)::int FROM assignment_events WHERE workflow_id LIKE ${`assignment/fan${n}-%`} AND kind = 'assigned') AS assigned`;

      // Evidence: what each start carries. dondoc's assignment input includes the whole official calendar, and the
      // fan-out workflow's startAssignments activity carries 100 such inputs per batch.
      const payload = {
        dondocAssignment: await historyBytes(tc.client, `assignment/fan${n}-0/unit-00000`),
        dondocFanout: await historyBytes(tc.client, `fanout/fan${n}-0`),
        baselineWorkflow: await historyBytes(tc.client, `base-${n}-0`),
      };
      note(
        ctx,
        S,
        `N=${n}: history size (events / bytes): one dondoc assignment ${payload.dondocAssignment?.events}/${payload.dondocAssignment?.bytes}, the fan-out workflow ${payload.dondocFanout?.events}/${payload.dondocFanout?.bytes}, one baseline workflow ${payload.baselineWorkflow?.events}/${payload.baselineWorkflow?.bytes}.`,
      );
      const ddRate = dd.doneMs === null ? null : n / (dd.doneMs / 1000);
      const baseRate = base.doneMs === null ? null : n / (base.doneMs / 1000);
      const ratio = ddRate !== null && baseRate ? ddRate / baseRate : null;
      const bareRate = bare.doneMs === null ? null : n / (bare.doneMs / 1000);
      const summaryRatio = ddRate !== null && bareRate ? ddRate / bareRate : null;
      ctx.figures.push(
        figure({
          section: S,
          name: `N=${n}: assignments started per second, with the five-column summary vs without it`,
          unit: 'wf/s',
          value: round(ddRate, 1),
          baseline: round(bareRate, 1),
          goal: 'ratio ≥ 0.9 (the summary costs ≤ 10%)',
          met: summaryRatio === null ? false : summaryRatio >= 0.9,
        }),
        figure({
          section: S,
          name: `N=${n}: assignments started per second`,
          unit: 'wf/s',
          value: round(ddRate, 1),
          baseline: round(baseRate, 1),
          goal: 'ratio ≥ 0.8',
          met: ratio === null ? false : ratio >= 0.8,
        }),
        figure({
          section: S,
          name: `N=${n}: time to all started`,
          unit: 's',
          value: round(dd.doneMs && dd.doneMs / 1000),
          baseline: round(base.doneMs && base.doneMs / 1000),
        }),
        figure({
          section: S,
          name: `N=${n}: CPU seconds per 1,000 (worker+Temporal${''})`,
          unit: 'cpu-s',
          value: round(((ddCpu.worker + ddCpu.temporal) / n) * 1000),
          baseline: round(((baseCpu.worker + baseCpu.temporal) / n) * 1000),
        }),
      );
      curves.push({ label: `dondoc N=${n}`, points: dd.curve }, { label: `baseline N=${n}`, points: base.curve });
      details.push({
        n,
        dondoc: {
          doneMs: dd.doneMs,
          reached: dd.last,
          taskRequestMs: requestMs,
          rows: check!.rows,
          assignedEvents: check!.assigned,
          cpuSeconds: ddCpu,
          history: payload,
        },
        baseline: { doneMs: base.doneMs, reached: base.last, clientStartLoopMs: baseStartMs, cpuSeconds: baseCpu },
        withoutSummary: { doneMs: bare.doneMs, reached: bare.last, cpuSeconds: bare.cpuSeconds },
      });
      note(
        ctx,
        S,
        `N=${n}: dondoc ${round(ddRate, 1)} wf/s (API answered the ${Math.ceil(n / 2000)} task request(s) in ${Math.round(requestMs)} ms; ${check!.rows} rows, ${check!.assigned} 'assigned' events), baseline ${round(baseRate, 1)} wf/s (client loop returned after ${Math.round(baseStartMs)} ms); CPU s dondoc worker ${round(ddCpu.worker)}, Temporal ${round(ddCpu.temporal)}, API ${round(ddCpu.api)} vs baseline worker ${round(baseCpu.worker)}, Temporal ${round(baseCpu.temporal)}.`,
      );
    });
  }
  if (ctx.profile) await profiledFanout(ctx, 300).catch((err) => note(ctx, S, `profiled pass failed: ${String(err)}`));
  ctx.details[S] = { runs: details, profile: ctx.details.fanoutProfile };
  delete ctx.details.fanoutProfile;
  const svg = lineChart({
    title: 'Fan-out: workflows started (row written) over time',
    xLabel: 'seconds since the request',
    yLabel: 'workflows started',
    series: curves,
  });
  await writeFile(join(ctx.resultsDir, 'fanout.svg'), svg);
  ctx.charts.push('fanout.svg');
  log(`${S}: done`);
}

/**
 * The same fan-out through a second API and worker on their own task queue, the worker built without the summary
 * (bench/dondoc-worker.ts, BENCH_WITHOUT_SUMMARY=1): what recording an event costs without keeping the spans.
 */
async function fanoutWithoutSummary(
  n: number,
  timeoutMs: number,
  env: { databaseUrl: string; temporalAddress: string; sql: Parameters<typeof startedAssignments>[0] },
) {
  const taskQueue = 'dondoc-bare';
  const children: ChildServer[] = [];
  try {
    const [worker, apiProc] = await Promise.all([
      startNodeChild(
        'bench/dondoc-worker.ts',
        {
          DATABASE_URL: env.databaseUrl,
          TEMPORAL_ADDRESS: env.temporalAddress,
          TEMPORAL_TASK_QUEUE: taskQueue,
          BENCH_WITHOUT_SUMMARY: '1',
          ...workerProcessEnv(),
        },
        /worker running/,
      ),
      startApiProcess({ databaseUrl: env.databaseUrl, temporalAddress: env.temporalAddress, taskQueue, units: Math.min(n, 2000) }),
    ]);
    children.push(worker, apiProc);
    await createTasksViaApi(apiProc.url, { directiveId: 'warm-bare', taskPrefix: 'warmbare', n: 20, dueOn: '2099-12-31' });
    await followCount(() => startedAssignments(env.sql, 'warmbare'), 20, performance.now(), 60_000);
    await sleep(1000);
    const cpu0 = await cpuSecondsOf(worker.pid);
    const t0 = performance.now();
    await createTasksViaApi(apiProc.url, { directiveId: 'fan-bare', taskPrefix: `bare${n}`, n, dueOn: '2099-12-31' });
    const done = await followCount(() => startedAssignments(env.sql, `bare${n}`), n, t0, timeoutMs);
    const cpu1 = await cpuSecondsOf(worker.pid);
    return { ...done, cpuSeconds: { worker: cpu1! - cpu0! } };
  } finally {
    for (const c of children.reverse()) await c.stop().catch(() => {});
  }
}

/** Evidence: a CPU profile of the dondoc worker during a fan-out of n (not part of the measured figures). */
export async function profiledFanout(ctx: Ctx, n: number): Promise<void> {
  const temporal = await startTemporal();
  const db = await ctx.pg.createDatabase('bench_fanout_profile');
  const children: ChildServer[] = [];
  const file = join(tmpdir(), `dondoc-bench-worker-${process.pid}.cpuprofile`);
  try {
    const env = { databaseUrl: db.url, temporalAddress: temporal.address };
    const [worker, apiProc] = await Promise.all([
      startDondocWorker({ ...env, taskQueue: 'dondoc', profileFile: file }),
      startApiProcess({ ...env, taskQueue: 'dondoc', units: n }),
    ]);
    children.push(worker, apiProc);
    // Restart the profiler so start-up (workflow bundling) is left out.
    worker.child.kill('SIGWINCH');
    await until(async () => existsSync(file), 20_000, 200);
    await rm(file, { force: true });
    const t0 = performance.now();
    await createTasksViaApi(apiProc.url, { directiveId: 'prof', taskPrefix: 'prof', n, dueOn: '2099-12-31' });
    await followCount(() => startedAssignments(db.sql, 'prof'), n, t0, 300_000);
    await rm(file, { force: true });
    worker.child.kill('SIGWINCH');
    await until(async () => existsSync(file), 20_000, 200);
    const summary = await summariseProfile(file, 12);
    ctx.details.fanoutProfile = { n, ...summary };
    note(
      ctx,
      S,
      `CPU profile of the dondoc worker process over a fan-out of ${n} (${Math.round(summary.totalMs / 1000)} s from the request to the last assignment started): self time by file/package: ${summary.files.map((f) => `${f.file} ${f.selfPct}%`).join(', ')}.`,
    );
    note(
      ctx,
      S,
      `top functions by self time: ${summary.functions
        .slice(0, 10)
        .map((f) => `${f.name} ${f.selfPct}%`)
        .join('; ')}.`,
    );
  } finally {
    for (const c of children.reverse()) await c.stop().catch(() => {});
    await temporal.stop();
    await db.sql.end({ timeout: 5 });
    await rm(file, { force: true });
  }
}
