/**
 * 2. Timer lateness: N assignments whose reminder falls due in the same instant R. Lateness of each reminder =
 * assignment_events.recorded_at (now() of the recording transaction) − data.scheduledAt (the step's instant,
 * workflows/assignment-lifecycle.ts fire()). Also split: workflow time of the firing (`at`, when the workflow task ran)
 * − scheduled, i.e. the timer + workflow-task part. Baseline: N trivial workflows that sleep until the same kind
 * of instant and then run one activity writing a row (bench_marks.recorded_at = clock_timestamp()).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cpuSecondsOf, log, sleep } from '../env';
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
import { figure, latencySummary, round } from '../report';
import { cdf, lineChart } from '../svg';

const S = 'lateness';

export async function runLateness(ctx: Ctx): Promise<void> {
  const n = ctx.size === 'full' ? 2000 : 500;
  // Time to fan out before R (see below), bounded.
  const minLeadMs = 45_000;
  const maxLeadMs = ctx.size === 'full' ? 900_000 : 300_000;
  await withBenchStack(ctx, 'bench_lateness', n, async ({ temporal, db, tc, worker, trivial, apiProc }) => {
    // The instant must leave time to start every workflow first (an assignment started after its reminder's
    // instant does not announce it). Measure this machine's start rate with a small fan-out, then allow 2× that.
    const tw = performance.now();
    await createTasksViaApi(apiProc.url, { directiveId: 'late', taskPrefix: 'warm', n: 50, dueOn: '2099-12-31' });
    const warm = await followCount(() => startedAssignments(db.sql, 'warm'), 50, tw, 120_000);
    const rate = warm.doneMs ? 50 / (warm.doneMs / 1000) : 5;
    const leadMs = Math.min(maxLeadMs, Math.max(minLeadMs, Math.round((2 * n * 1000) / rate) + 15_000));
    note(ctx, S, `warm-up fan-out of 50 ran at ${round(rate, 1)} wf/s; reminder instant set ${Math.round(leadMs / 1000)} s ahead.`);
    // dondoc: the reminder 10 minutes before dueAt, dueAt = R + 10 min; nothing else falls due during the run.
    const R = Math.ceil((Date.now() + leadMs) / 1000) * 1000;
    const policy = {
      reminders: [{ duration: 'PT10M' }],
      escalations: [{ after: { duration: 'PT1H' }, rung: 'unit_head' }],
      repeatTopRungEvery: null,
    };
    const t0 = performance.now();
    await createTasksViaApi(apiProc.url, {
      directiveId: 'late',
      taskPrefix: 'late',
      n,
      dueAt: new Date(R + 600_000).toISOString(),
      policy,
    });
    const fan = await followCount(() => startedAssignments(db.sql, 'late'), n, t0, leadMs);
    const allBefore = fan.doneMs !== null && Date.now() < R - 2000;
    note(
      ctx,
      S,
      `dondoc: ${fan.last}/${n} assignments started ${fan.doneMs === null ? 'NOT all' : `in ${Math.round(fan.doneMs / 1000)} s,`} ${allBefore ? 'before' : 'NOT before'} the reminder instant.`,
    );
    const cpu0 = await Promise.all([cpuSecondsOf(worker.pid), cpuSecondsOf(temporal.pids)]);
    const reminders = async () =>
      (
        await db.sql<
          { n: number }[]
        >`SELECT count(*)::int AS n FROM assignment_events WHERE workflow_id LIKE 'assignment/late-%' AND kind = 'reminder'`
      )[0]!.n;
    await sleep(Math.max(0, R - Date.now()));
    const got = await followCount(reminders, n, performance.now(), 120_000, 200);
    const cpu1 = await Promise.all([cpuSecondsOf(worker.pid), cpuSecondsOf(temporal.pids)]);
    const rows = await db.sql<{ late_ms: number; wf_ms: number }[]>`
      SELECT extract(epoch FROM recorded_at) * 1000 - (data->>'scheduledAt')::float8 AS late_ms,
             extract(epoch FROM at) * 1000 - (data->>'scheduledAt')::float8 AS wf_ms
      FROM assignment_events WHERE workflow_id LIKE 'assignment/late-%' AND kind = 'reminder'`;
    const dd = rows.map((r) => Number(r.late_ms));
    const ddTimer = rows.map((r) => Number(r.wf_ms));
    const [sched] = await db.sql<{ distinct_at: number }[]>`
      SELECT count(DISTINCT data->>'scheduledAt')::int AS distinct_at FROM assignment_events WHERE workflow_id LIKE 'assignment/late-%' AND kind = 'reminder'`;

    // Baseline: the same number of trivial workflows sleeping until R2, then one activity writing a row.
    await sleep(3000);
    const R2 = Math.ceil((Date.now() + Math.max(minLeadMs, leadMs / 2)) / 1000) * 1000;
    const tb = performance.now();
    await startMany(n, START_CONCURRENCY, (i) =>
      tc.client.workflow.start('sleepThenMarkWorkflow', {
        taskQueue: 'trivial',
        workflowId: `late-base-${i}`,
        args: [`late-base-${i}`, R2],
      }),
    );
    const baseStartedMs = performance.now() - tb;
    note(
      ctx,
      S,
      `baseline: ${n} sleeping workflows started in ${Math.round(baseStartedMs / 1000)} s, before the instant: ${Date.now() < R2 - 2000}.`,
    );
    await sleep(Math.max(0, R2 - Date.now()));
    const bcpu0 = await Promise.all([cpuSecondsOf(trivial.pid), cpuSecondsOf(temporal.pids)]);
    await followCount(() => marks(db.sql, 'late-base-'), n, performance.now(), 120_000, 200);
    const baseRows = await db.sql<{ late_ms: number }[]>`
      SELECT extract(epoch FROM recorded_at) * 1000 - extract(epoch FROM scheduled_at) * 1000 AS late_ms FROM bench_marks WHERE id LIKE 'late-base-%'`;
    const base = baseRows.map((r) => Number(r.late_ms));
    const bcpu1 = await Promise.all([cpuSecondsOf(trivial.pid), cpuSecondsOf(temporal.pids)]);
    note(ctx, S, `baseline burst CPU: worker ${round(bcpu1[0]! - bcpu0[0]!)} s, Temporal ${round(bcpu1[1]! - bcpu0[1]!)} s.`);

    const a = latencySummary(dd);
    const b = latencySummary(base);
    const t = latencySummary(ddTimer);
    ctx.figures.push(
      figure({ section: S, name: `N=${n}: reminder lateness p50`, unit: 'ms', value: round(a.p50, 0), baseline: round(b.p50, 0) }),
      figure({
        section: S,
        name: `N=${n}: reminder lateness p99`,
        unit: 'ms',
        value: round(a.p99, 0),
        baseline: round(b.p99, 0),
        goal: 'p99 ≤ 1000 ms',
        met: a.p99 !== null && a.p99 <= 1000 && a.n === n,
      }),
      figure({ section: S, name: `N=${n}: reminder lateness max`, unit: 'ms', value: round(a.max, 0), baseline: round(b.max, 0) }),
      figure({ section: S, name: `N=${n}: reminders recorded`, unit: '', value: a.n, baseline: b.n }),
    );
    ctx.details[S] = {
      n,
      reminderInstant: new Date(R).toISOString(),
      distinctScheduledInstants: sched!.distinct_at,
      dondoc: {
        ...a,
        timerToWorkflowTask: t,
        cpuSecondsWorker: cpu1[0]! - cpu0[0]!,
        cpuSecondsTemporal: cpu1[1]! - cpu0[1]!,
        reachedMs: got.doneMs,
      },
      baseline: { ...b, baselineStartMs: baseStartedMs },
    };
    note(
      ctx,
      S,
      `dondoc split: timer→workflow task (events.at − scheduled) p50 ${round(t.p50, 0)} ms, p99 ${round(t.p99, 0)} ms; the rest is the recordEvent activity (schedule, poll, one transaction). Worker CPU during the burst ${round(cpu1[0]! - cpu0[0]!)} s, Temporal ${round(cpu1[1]! - cpu0[1]!)} s.`,
    );
    const svg = lineChart({
      title: `Timer lateness: ${n} timers due in the same second (CDF)`,
      xLabel: 'lateness (ms): recorded − scheduled',
      yLabel: 'fraction of timers',
      series: [
        { label: 'dondoc reminder (recorded_at)', points: cdf(dd) },
        { label: 'dondoc workflow task (events.at)', points: cdf(ddTimer) },
        { label: 'baseline sleep + activity', points: cdf(base) },
      ],
    });
    await writeFile(join(ctx.resultsDir, 'lateness.svg'), svg);
    ctx.charts.push('lateness.svg');
  });
  log(`${S}: done`);
}
