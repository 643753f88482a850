/**
 * The execution report (services/execution-report.ts) at 100,000 assignments: the five columns as of a cut-off,
 * reduced from the event log, classified and counted per group in one SQL pass; checked once against the domain's
 * `classify` over every row (`reportedAssignments`). The bulk data set gets a realistic event
 * log on top of its 'assigned' events (reminders, progress, extensions, completions). Baseline, same run: a plain
 * COUNT(*) GROUP BY unit over the same assignments in the same period (what the read model alone could say).
 */
import { loadBenchDataset } from '../dataset';
import { log } from '../env';
import { note, type Ctx } from '../common';
import { figure, percentile, round } from '../report';
import { syntheticUnits } from '../../data/units/synthetic';
import { COLUMNS } from '../../domain/execution-figures';
import { executionReport, reportedAssignments, type ExecutionQuery } from '../../services/execution-report';
import { createUnitDirectory } from '../../services/unit-directory';
import type { AppDeps } from '../../services/deps';
import type { Principal } from '../../services/access';

const S = 'execution-report';
const RUNS = 7;
const GOAL_MS = 2000;
const ADMIN: Principal = { id: 'bench', tokenId: null, role: 'admin', unitCode: null, scope: 'all' };

async function timed(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

export async function runExecutionReport(ctx: Ctx): Promise<void> {
  const assignments = 100_000;
  const db = await ctx.pg.createDatabase('bench_execution_report');
  try {
    const dataset = await loadBenchDataset(db.sql, { assignments, notifications: false });
    const t0 = Date.now();
    // The bulk load assigns at now(); move it a day back so the lifecycle events below lie before a cut-off of now.
    await db.sql`UPDATE assignment_events SET at = at - interval '1 day'`;
    // Per assignment: two reminders and an escalation (read past by the report), progress on a quarter,
    // an extension on one in thirteen, a completion on one in ten (as the data set's statuses say).
    await db.sql.unsafe(`
      INSERT INTO assignment_events (workflow_id, seq, kind, at, actor, status, data)
      SELECT a.workflow_id, 1 + s.n, s.kind, a.created_at - interval '1 day' + (s.n || ' minutes')::interval, '{"kind":"system","id":"timer"}'::jsonb,
             a.status, s.data
      FROM (SELECT workflow_id, created_at, status, due_on, row_number() OVER (ORDER BY workflow_id) AS g FROM assignments) a
      CROSS JOIN LATERAL (VALUES
        (1, 'reminder', '{"level":0}'::jsonb, true),
        (2, 'reminder', '{"level":0}'::jsonb, true),
        (3, 'escalation', '{"level":1}'::jsonb, a.status = 'overdue'),
        (4, 'progress_reported', '{"percent":50}'::jsonb, a.g % 4 = 0),
        (5, 'extension_approved', jsonb_build_object('from', a.due_on, 'to', a.due_on + 30), a.g % 13 = 0),
        (6, 'completed', '{"note":"done"}'::jsonb, a.status = 'completed_on_time')
      ) s(n, kind, data, present)
      WHERE s.present`);
    await db.sql.unsafe('ANALYZE assignment_events');
    const [counted] = await db.sql<{ events: number }[]>`SELECT count(*)::int AS events FROM assignment_events`;
    const events = counted?.events ?? 0;
    note(
      ctx,
      S,
      `${assignments.toLocaleString('en-US')} assignments bulk-loaded in ${(dataset.loadMs / 1000).toFixed(1)} s, ` +
        `then lifecycle events to ${events.toLocaleString('en-US')} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s.`,
    );

    const deps = { sql: db.sql, units: createUnitDirectory(syntheticUnits(1000)) } as unknown as AppDeps;
    const base: ExecutionQuery = {
      assignedFrom: '2025-01-01',
      assignedTo: '2025-12-31',
      asOf: Date.now(),
      groupBy: 'unit',
      deadline: 'adjusted',
    };
    const baseline = () => db.sql`
      SELECT a.unit_code, count(*)::int FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN directives d ON d.id = a.directive_id
      WHERE d.issued_on BETWEEN ${base.assignedFrom} AND ${base.assignedTo} GROUP BY a.unit_code`;
    // Warm-up: Postgres caches and the JIT.
    await baseline();
    const warm = await executionReport(deps, ADMIN, base);
    note(
      ctx,
      S,
      `the report counted ${warm.totals.total.toLocaleString('en-US')} assignments in ${warm.groups.length} units: ` +
        `${warm.totals.completedOnTime} on time, ${warm.totals.completedLate} late, ${warm.totals.openWithinDeadline} within the deadline, ` +
        `${warm.totals.openOverdue} overdue.`,
    );

    // The SQL twin of the domain's classify must give the same columns as the domain does, row by row.
    for (const q of [base, { ...base, deadline: 'original' as const }]) {
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
        `${q.deadline} deadline: the SQL classification agrees with the domain's classify over all ${rows.length.toLocaleString('en-US')} rows.`,
      );
    }

    const baselineMs = percentile(await timed(RUNS, baseline), 50)!;
    const cases: { name: string; q: ExecutionQuery }[] = [
      { name: 'by unit, cut-off now', q: base },
      { name: 'by kind of unit, original deadline', q: { ...base, groupBy: 'kind', deadline: 'original' } },
      { name: 'by directive, cut-off in the past', q: { ...base, groupBy: 'directive', asOf: Date.now() - 3_600_000 } },
    ];
    for (const c of cases) {
      const ms = await timed(RUNS, () => executionReport(deps, ADMIN, c.q));
      const p50 = percentile(ms, 50)!;
      log(`${S}: ${c.name}: p50 ${p50.toFixed(0)} ms (baseline COUNT GROUP BY ${baselineMs.toFixed(0)} ms)`);
      ctx.figures.push(
        figure({
          section: S,
          name: `five columns at 100k, ${c.name} (median of ${RUNS})`,
          unit: 'ms',
          value: round(p50, 0),
          baseline: round(baselineMs, 0),
          goal: `< ${GOAL_MS} ms (renders a page)`,
          met: p50 < GOAL_MS,
          note: `max ${percentile(ms, 100)!.toFixed(0)} ms`,
        }),
      );
    }
  } finally {
    await db.sql.end();
  }
}
