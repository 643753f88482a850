/**
 * The execution report (services/execution-report.ts) at 100,000 assignments (small) or 1,000,000 (full, or
 * BENCH_REPORT_N): the five columns as of a cut-off, read from the summary kept in the write path
 * (db/execution-summary.ts), by unit, by kind of unit and by directive, as of now and as of dates in the past, by
 * either deadline, over the national data set (bench/dataset-national.ts: two years of directives, a directory with
 * levels, each assignment's event log; its loader rebuilds the summary from those events with the command's function),
 * the counts checked once against the domain's classify of every row.
 * Baseline, same run: a plain COUNT(*) GROUP BY unit over the same assignments (what the read model alone could say).
 * Also the summary's cost in the write path: recordEvent with and without the span refresh, per event.
 */
import { loadNationalDataset } from '../dataset-national';
import { log } from '../env';
import { note, type Ctx } from '../common';
import { figure, percentile, round } from '../report';
import { toVnDate } from '../../domain/dates';
import { createRecordEvent } from '../../activities/record-event';
import { refreshExecutionSpans } from '../../db/execution-summary';
import { newAssignmentState } from '../../domain/assignment-state';
import { COLUMNS } from '../../domain/execution-figures';
import { executionReport, reportedAssignments, type ExecutionQuery } from '../../services/execution-report';
import { createUnitDirectory } from '../../services/unit-directory';
import type { AppDeps } from '../../services/deps';
import type { Principal } from '../../services/access';
import type { RecordedEvent } from '../../workflows/contract';

const S = 'execution-report';
const RUNS = 30;
const GOAL_P50_MS = 300;
const GOAL_P99_MS = 600;
const ADMIN: Principal = { id: 'bench', tokenId: null, role: 'admin', unitCode: null, scope: 'all' };
const WRITE_EVENTS = 2000;
const DAY_MS = 86_400_000;

async function timed(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

const thousands = (n: number) => n.toLocaleString('en-US');

export async function runExecutionReport(ctx: Ctx): Promise<void> {
  const assignments = Number(process.env.BENCH_REPORT_N ?? (ctx.size === 'full' ? 1_000_000 : 100_000));
  const sizeName = assignments >= 1_000_000 ? `${assignments / 1_000_000}M` : `${Math.round(assignments / 1000)}k`;
  const db = await ctx.pg.createDatabase('bench_execution_report');
  try {
    const dataset = await loadNationalDataset(db.sql, { assignments });
    const events = dataset.events;
    note(
      ctx,
      S,
      `${thousands(dataset.assignments)} assignments with ${thousands(events)} events (bench/dataset-national.ts, two years of ` +
        `directives over a national directory) loaded with COPY in ${(dataset.copyMs / 1000).toFixed(1)} s; the summary rebuilt from ` +
        `the events (npm run summary:rebuild's function) in ${(dataset.summaryMs / 1000).toFixed(1)} s: ${thousands(dataset.spans)} spans (sizes below).`,
    );

    const deps = { sql: db.sql, units: createUnitDirectory(dataset.units) } as unknown as AppDeps;
    const now = Date.now();
    const day = (msAgo: number) => toVnDate(new Date(now - msAgo));
    // Every directive of the two years, as the Government Office's yearly review reads them.
    const base: ExecutionQuery = { assignedFrom: day(800 * DAY_MS), assignedTo: day(0), asOf: now, groupBy: 'unit', deadline: 'adjusted' };
    const past = now - 182 * DAY_MS;
    const baseline = () => db.sql`
      SELECT a.unit_code, count(*)::int FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN directives d ON d.id = a.directive_id
      WHERE d.issued_on BETWEEN ${base.assignedFrom} AND ${base.assignedTo} GROUP BY a.unit_code`;
    // Warm-up: Postgres caches.
    await baseline();
    const warm = await executionReport(deps, ADMIN, base);
    note(
      ctx,
      S,
      `as of now the report counted ${thousands(warm.totals.total)} assignments in ${warm.groups.length} units: ` +
        `${thousands(warm.totals.completedOnTime)} on time, ${thousands(warm.totals.completedLate)} late, ` +
        `${thousands(warm.totals.openWithinDeadline)} within the deadline, ${thousands(warm.totals.openOverdue)} overdue.`,
    );

    // The summary's counts against the domain's classify of every row (the rows behind the figures, same spans), and
    // the kept spans against a fold of the events is the property test's job (test/integration/execution-summary.test.ts).
    for (const q of [base, { ...base, deadline: 'original' as const, asOf: past }]) {
      const [report, rows] = await Promise.all([executionReport(deps, ADMIN, q), reportedAssignments(deps, ADMIN, q)]);
      const byDomain = Object.fromEntries(COLUMNS.map((c) => [c, rows.filter((r) => r.column === c).length]));
      const daysLate = rows.reduce((sum, r) => sum + r.daysLate, 0);
      const agree = COLUMNS.every((c) => report.totals[c] === byDomain[c]) && report.totals.daysLateTotal === daysLate;
      if (!agree)
        throw new Error(
          `SQL and domain disagree (${q.deadline}): ${JSON.stringify(report.totals)} vs ${JSON.stringify(byDomain)}, ${daysLate} days`,
        );
      note(
        ctx,
        S,
        `${q.deadline} deadline, cut-off ${new Date(q.asOf).toISOString().slice(0, 10)}: the SQL counts agree with the domain's ` +
          `classify over all ${thousands(rows.length)} rows (${JSON.stringify(byDomain)}).`,
      );
    }

    const baselineMs = await timed(RUNS, baseline);
    const baselineP50 = percentile(baselineMs, 50)!;
    const cases: { name: string; q: ExecutionQuery }[] = [
      { name: 'by unit, cut-off now', q: base },
      { name: 'by kind of unit, original deadline, now', q: { ...base, groupBy: 'kind', deadline: 'original' } },
      { name: 'by directive, now', q: { ...base, groupBy: 'directive' } },
      { name: 'by unit, cut-off six months ago', q: { ...base, asOf: past } },
      {
        name: 'by kind of unit, cut-off a year ago, original deadline',
        q: { ...base, groupBy: 'kind', deadline: 'original', asOf: now - 365 * DAY_MS },
      },
      { name: 'by directive, cut-off three months ago', q: { ...base, groupBy: 'directive', asOf: now - 91 * DAY_MS } },
      { name: 'by unit, the last year only, cut-off now', q: { ...base, assignedFrom: day(365 * DAY_MS) } },
    ];
    for (const c of cases) {
      const ms = await timed(RUNS, () => executionReport(deps, ADMIN, c.q));
      const [p50, p99] = [percentile(ms, 50)!, percentile(ms, 99)!];
      log(`${S}: ${c.name}: p50 ${p50.toFixed(0)} ms p99 ${p99.toFixed(0)} ms (baseline COUNT GROUP BY ${baselineP50.toFixed(0)} ms)`);
      ctx.figures.push(
        figure({
          section: S,
          name: `five columns at ${sizeName}, ${c.name}: p50 (${RUNS} runs)`,
          unit: 'ms',
          value: round(p50, 0),
          baseline: round(baselineP50, 0),
          goal: `p50 ≤ ${GOAL_P50_MS} ms`,
          met: p50 <= GOAL_P50_MS,
        }),
        figure({
          section: S,
          name: `five columns at ${sizeName}, ${c.name}: p99`,
          unit: 'ms',
          value: round(p99, 0),
          baseline: round(percentile(baselineMs, 99), 0),
          goal: `p99 ≤ ${GOAL_P99_MS} ms`,
          met: p99 <= GOAL_P99_MS,
        }),
      );
    }
    const [plan] = await db.sql<{ 'QUERY PLAN': unknown }[]>`
      EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT s.unit_code, count(*) FROM execution_spans s
      WHERE s.valid_from <= now() AND s.valid_to > now() AND NOT s.has_target GROUP BY 1`;
    const top = (plan?.['QUERY PLAN'] as { 'Execution Time': number; Plan: { 'Node Type': string; Plans?: unknown[] } }[])[0]!;
    note(
      ctx,
      S,
      `plan of the spans in force now, counted by unit: ${top.Plan['Node Type']}, execution ${top['Execution Time'].toFixed(0)} ms.`,
    );

    const sizes = await db.sql<{ name: string; mib: number }[]>`
      SELECT name, pg_total_relation_size(name::regclass)::float8 / 1048576 AS mib
      FROM unnest(ARRAY['assignments', 'assignment_events', 'execution_spans_current', 'execution_spans_closed', 'tasks', 'directives']) AS name`;
    note(
      ctx,
      S,
      `sizes with indexes at ${thousands(assignments)} assignments, ${thousands(events)} events: ` +
        sizes.map((r) => `${r.name} ${r.mib.toFixed(0)} MiB`).join(', ') +
        `; per assignment ${((sizes.reduce((sum, r) => sum + r.mib, 0) * 1024) / assignments).toFixed(2)} KiB.`,
    );

    await writePathCost(ctx, db.sql);
  } finally {
    await db.sql.end();
  }
}

/**
 * What keeping the summary costs each recorded event: WRITE_EVENTS events (an 'assigned' and a 'completed' per
 * assignment, the kinds that change a figure) through recordEvent, which refreshes the spans in its transaction, and
 * the refresh alone on the same assignments afterwards; the event's write without the summary is the difference.
 */
async function writePathCost(ctx: Ctx, sql: AppDeps['sql']): Promise<void> {
  const recordEvent = createRecordEvent(sql);
  const [task] = await sql<
    { id: string; directive_id: string; due_on: string }[]
  >`SELECT id, directive_id, due_on FROM tasks ORDER BY id LIMIT 1`;
  const ids: string[] = [];
  const t0 = performance.now();
  for (let i = 0; i < WRITE_EVENTS / 2; i++) {
    const unitCode = `write-${i}`;
    const workflowId = `assignment/${task!.id}/${unitCode}`;
    ids.push(workflowId);
    const state = newAssignmentState({
      workflowId,
      taskId: task!.id,
      directiveId: task!.directive_id,
      unitCode,
      dueOn: task!.due_on,
      dueAt: null,
      dueSoonFrom: null,
      confirmationRequired: false,
    });
    const event = (seq: number, kind: string, data: Record<string, unknown>): RecordedEvent => ({
      workflowId,
      seq,
      at: Date.now(),
      kind,
      data,
      actor: { kind: 'system', id: 'bench' },
      messageId: null,
      state: { ...state, seq },
      notices: [],
    });
    await recordEvent(event(1, 'assigned', { dueOn: task!.due_on }));
    await recordEvent(event(2, 'completed', { note: 'done' }));
  }
  const withSummaryMs = performance.now() - t0;
  const t1 = performance.now();
  for (const id of ids) await sql.begin((tx) => refreshExecutionSpans(tx, [id]));
  // Each event refreshed once: twice per assignment.
  const refreshMs = (performance.now() - t1) * 2;
  const perEvent = withSummaryMs / WRITE_EVENTS;
  const refreshPerEvent = refreshMs / WRITE_EVENTS;
  const without = perEvent - refreshPerEvent;
  ctx.figures.push(
    figure({
      section: S,
      name: `recordEvent with the summary kept, per event (${WRITE_EVENTS} events, one at a time)`,
      unit: 'ms',
      value: round(perEvent, 2),
      baseline: round(without, 2),
      goal: 'report (the fan-out ratio carries the goal: ≤ 10% lower)',
      met: null,
      note: `the span refresh alone: ${refreshPerEvent.toFixed(2)} ms per event`,
    }),
  );
  note(
    ctx,
    S,
    `write path: recordEvent ${perEvent.toFixed(2)} ms per event with the summary, of which the span refresh ${refreshPerEvent.toFixed(2)} ms ` +
      `(${((refreshPerEvent / without) * 100).toFixed(0)}% on the event's write without it); one at a time, no concurrency.`,
  );
}
