/**
 * The 08:00 herd: N assignments whose day-based reminder falls on the same day at the same time of day, so
 * without spreading one instant would carry them all. Each workflow plans its reminder at the policy's time
 * plus its own offset into the hour after it (domain/day-spread.ts), so the burst is N steps planned for one
 * window. Lateness of each step = assignment_events.recorded_at − data.scheduledAt (its own planned instant).
 * Baseline in the same run and the same window: N trivial workflows sleeping until an instant spread the same
 * way by their own ids, then writing one row (bench_marks.recorded_at − scheduled_at).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { officialCalendar } from '../../data/calendar';
import { isWorkingDay } from '../../domain/calendar';
import { addDays, atTimeVn, toVnDate, VN_UTC_OFFSET_MINUTES } from '../../domain/dates';
import { DAY_STEP_SPREAD_WINDOW_MS, daySpreadOf } from '../../domain/day-spread';
import { cpuSecondsOf, log } from '../env';
import {
  START_CONCURRENCY,
  createTasksViaApi,
  followCount,
  note,
  startMany,
  startedAssignments,
  withBenchStack,
  type Ctx,
} from '../common';
import { figure, latencySummary, round } from '../report';
import { cdf, lineChart } from '../svg';

const S = 'burst';
const MINUTE = 60_000;

/** The summary as reported: whole milliseconds. */
function roundedSummary(values: number[]) {
  const s = latencySummary(values);
  return { n: s.n, p50: round(s.p50, 0), p99: round(s.p99, 0), max: round(s.max, 0) };
}

/** The time of day (HH:MM, Vietnam) of an instant on a whole minute. */
function vnTimeOfDay(instant: number): string {
  const d = new Date(instant + VN_UTC_OFFSET_MINUTES * MINUTE);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

export async function runBurst(ctx: Ctx): Promise<void> {
  const n = Number(process.env.BENCH_BURST_N ?? (ctx.size === 'full' ? 10_000 : 2000));
  await withBenchStack(ctx, 'bench_burst', Math.min(n, 2000), async ({ temporal, db, tc, worker, trivial, apiProc }) => {
    // Every workflow must be started before the window opens (a step whose instant passed before its workflow
    // started fires at once, which is not a burst). Measure this cluster's start rate with a small fan-out.
    const tw = performance.now();
    const warmN = Math.min(100, n);
    await createTasksViaApi(apiProc.url, { directiveId: 'burst', taskPrefix: 'warm', n: warmN, dueOn: '2099-12-31' });
    const warm = await followCount(() => startedAssignments(db.sql, 'warm'), warmN, tw, 300_000);
    const rate = warm.doneMs ? warmN / (warm.doneMs / 1000) : 5;
    // dondoc's fan-out at 1.5× the warm-up's time, the baseline's starts at 30 a second, two minutes to spare.
    const leadMs = Math.round(((1.5 * n) / rate + n / 30) * 1000) + 2 * MINUTE;
    const windowStart = Math.ceil((Date.now() + leadMs) / MINUTE) * MINUTE;
    const reminderDay = toVnDate(new Date(windowStart));
    const calendar = officialCalendar();
    // Reminders never fire on a day off (they move to the working day before): the burst needs a working day.
    if (!isWorkingDay(calendar, reminderDay)) throw new Error(`${reminderDay} is a day off in Vietnam: run the burst on a working day`);
    const timeOfDay = vnTimeOfDay(windowStart);
    if (atTimeVn(reminderDay, timeOfDay).getTime() !== windowStart) throw new Error('window start is not on a whole minute');
    note(
      ctx,
      S,
      `warm-up fan-out of ${warmN} ran at ${round(rate, 1)} wf/s; the window opens ${new Date(windowStart).toISOString()} (${reminderDay} ${timeOfDay} in Vietnam), ${Math.round(leadMs / MINUTE)} min ahead, and lasts ${DAY_STEP_SPREAD_WINDOW_MS / MINUTE} min.`,
    );
    // A real day-based policy: the reminder one calendar day before the due date at `timeOfDay`.
    const policy = {
      reminders: [{ days: 1 }],
      escalations: [{ after: { days: 3 }, rung: 'unit_head' }],
      repeatTopRungEvery: null,
      timeOfDay,
    };
    const t0 = performance.now();
    await createTasksViaApi(apiProc.url, { directiveId: 'burst', taskPrefix: 'burst', n, dueOn: addDays(reminderDay, 1), policy });
    const fan = await followCount(() => startedAssignments(db.sql, 'burst'), n, t0, Math.max(0, windowStart - Date.now()), 1000);
    note(
      ctx,
      S,
      `dondoc: ${fan.last}/${n} assignments started${fan.doneMs === null ? ' (NOT all before the window)' : ` in ${Math.round(fan.doneMs / 1000)} s`}.`,
    );
    const baseAt = (i: number) => windowStart + daySpreadOf(`burst-base-${i}`);
    const baseStartMs = await startMany(n, START_CONCURRENCY, (i) =>
      tc.client.workflow.start('sleepThenMarkWorkflow', {
        taskQueue: 'trivial',
        workflowId: `burst-base-${i}`,
        args: [`burst-base-${i}`, baseAt(i)],
      }),
    );
    const allBefore = fan.doneMs !== null && Date.now() < windowStart;
    note(
      ctx,
      S,
      `baseline: ${n} sleeping workflows started in ${Math.round(baseStartMs / 1000)} s; everything started before the window: ${allBefore}.`,
    );

    const cpu0 = await Promise.all([cpuSecondsOf(worker.pid), cpuSecondsOf(trivial.pid), cpuSecondsOf(temporal.pids)]);
    const recorded = async () => {
      const [r] = await db.sql<{ n: number }[]>`
        SELECT (SELECT count(*) FROM assignment_events WHERE workflow_id LIKE 'assignment/burst-%' AND kind = 'reminder')::int
             + (SELECT count(*) FROM bench_marks WHERE id LIKE 'burst-base-%')::int AS n`;
      return r!.n;
    };
    const got = await followCount(
      recorded,
      2 * n,
      performance.now(),
      windowStart + DAY_STEP_SPREAD_WINDOW_MS + 5 * MINUTE - Date.now(),
      5000,
    );
    const cpu1 = await Promise.all([cpuSecondsOf(worker.pid), cpuSecondsOf(trivial.pid), cpuSecondsOf(temporal.pids)]);

    const rows = await db.sql<{ workflow_id: string; late_ms: number; wf_ms: number; planned: number }[]>`
      SELECT workflow_id, extract(epoch FROM recorded_at) * 1000 - (data->>'scheduledAt')::float8 AS late_ms,
             extract(epoch FROM at) * 1000 - (data->>'scheduledAt')::float8 AS wf_ms,
             (data->>'scheduledAt')::float8 AS planned
      FROM assignment_events WHERE workflow_id LIKE 'assignment/burst-%' AND kind = 'reminder'`;
    const dd = rows.map((r) => Number(r.late_ms));
    // Each planned instant is the window's start plus the workflow's own offset (the herd spread at work).
    const onItsOffset = rows.filter((r) => Number(r.planned) === windowStart + daySpreadOf(r.workflow_id)).length;
    const busiestSecond = Math.max(
      0,
      ...[...rows.reduce((m, r) => m.set(Number(r.planned), (m.get(Number(r.planned)) ?? 0) + 1), new Map<number, number>()).values()],
    );
    const baseRows = await db.sql<{ late_ms: number }[]>`
      SELECT extract(epoch FROM recorded_at) * 1000 - extract(epoch FROM scheduled_at) * 1000 AS late_ms
      FROM bench_marks WHERE id LIKE 'burst-base-%'`;
    const base = baseRows.map((r) => Number(r.late_ms));
    const a = roundedSummary(dd);
    const b = roundedSummary(base);
    // The timer + workflow-task part of dondoc's lateness (events.at is workflow time when the step fired); the
    // rest is the recordEvent activity: scheduled, polled, its transaction begun.
    const timerPart = roundedSummary(rows.map((r) => Number(r.wf_ms)));
    ctx.figures.push(
      figure({
        section: S,
        name: `N=${n} in one ${DAY_STEP_SPREAD_WINDOW_MS / MINUTE}-min window: step lateness p50`,
        unit: 'ms',
        value: a.p50,
        baseline: b.p50,
      }),
      figure({
        section: S,
        name: `N=${n}: step lateness p99`,
        unit: 'ms',
        value: a.p99,
        baseline: b.p99,
        goal: 'p99 ≤ 1000 ms',
        met: a.p99 !== null && a.p99 <= 1000 && a.n === n,
      }),
      figure({ section: S, name: `N=${n}: step lateness max`, unit: 'ms', value: a.max, baseline: b.max }),
      figure({ section: S, name: `N=${n}: steps recorded`, unit: '', value: a.n, baseline: b.n }),
      figure({ section: S, name: `N=${n}: most steps planned for one second`, unit: '', value: busiestSecond, baseline: null }),
    );
    ctx.details[S] = {
      n,
      windowStart: new Date(windowStart).toISOString(),
      timeOfDay,
      dondoc: { ...a, timerToWorkflowTask: timerPart, onItsOffset, busiestSecond, startMs: fan.doneMs },
      baseline: { ...b, startMs: baseStartMs },
      cpuSeconds: { dondocWorker: cpu1[0]! - cpu0[0]!, trivialWorker: cpu1[1]! - cpu0[1]!, temporal: cpu1[2]! - cpu0[2]! },
      reachedMs: got.doneMs,
    };
    note(
      ctx,
      S,
      `${onItsOffset}/${rows.length} reminders planned at the window's start + daySpreadOf(workflow id); at most ${busiestSecond} in one second. dondoc split: timer→workflow task (events.at − planned) p50 ${timerPart.p50} ms, p99 ${timerPart.p99} ms; the rest is the recordEvent activity. CPU s over the window: dondoc worker ${round(cpu1[0]! - cpu0[0]!)}, trivial worker ${round(cpu1[1]! - cpu0[1]!)}, Temporal ${round(cpu1[2]! - cpu0[2]!)}.`,
    );
    const svg = lineChart({
      title: `Step lateness: ${n} day-based reminders spread over one window (CDF)`,
      xLabel: 'lateness (ms): recorded − planned',
      yLabel: 'fraction of steps',
      series: [
        { label: 'dondoc reminder', points: cdf(dd) },
        { label: 'baseline sleep + activity', points: cdf(base) },
      ],
    });
    await writeFile(join(ctx.resultsDir, 'burst.svg'), svg);
    ctx.charts.push('burst.svg');
  });
  log(`${S}: done`);
}
