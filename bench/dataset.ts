/**
 * A large, consistent read model loaded straight into Postgres (no workflows): directives, tasks, assignments,
 * one 'assigned' event and one 'assigned' notification per assignment, all built by INSERT ... SELECT over
 * generate_series, so 100,000 assignments load in seconds. Rows match what the API and the workflows write
 * (db/migrations/*.sql, api/services/tasks.ts, activities/record-event.ts): workflow ids
 * `assignment/<task>/<unit>`, version = 1 (the 'assigned' event's seq), a mix of statuses and due dates.
 *
 * Reused by other benchmarks (the web dashboard's): keep the signature and the returned ids stable.
 */
import type { Sql } from '../db/sql';
import { DEFAULT_POLICY } from '../domain/policy';

export interface BenchDatasetOptions {
  /** How many assignments to make. */
  assignments: number;
  /** Units each task is assigned to (default min(assignments, 1000)); unit codes are `unit-00000`… as in syntheticUnits. */
  unitsPerTask?: number;
  /** Tasks per directive (default 10). */
  tasksPerDirective?: number;
  /** Prefix of every id made, so several datasets can share a database (default 'bench'). */
  prefix?: string;
  /** Also write one 'assigned' notification per assignment (default true). */
  notifications?: boolean;
}

export interface BenchDataset {
  prefix: string;
  directiveIds: string[];
  taskIds: string[];
  /** Unit codes used (the first unitsPerTask synthetic units). */
  unitCodes: string[];
  assignments: number;
  /** A few concrete (taskId, unitCode, workflowId) triples, spread over the set, for detail requests. */
  samples: { taskId: string; unitCode: string; workflowId: string; status: string }[];
  /** Statuses used and how many rows have each. */
  statusCounts: Record<string, number>;
  loadMs: number;
}

/** Status by position: most open, some overdue, some finished (read-model view only; no workflows behind them). */
const STATUS_SQL = `CASE
    WHEN g % 10 < 5 THEN 'not_due'
    WHEN g % 10 < 7 THEN 'due_soon'
    WHEN g % 10 < 9 THEN 'overdue'
    ELSE 'completed_on_time' END`;

export async function loadBenchDataset(sql: Sql, options: BenchDatasetOptions): Promise<BenchDataset> {
  const started = Date.now();
  const n = Math.max(0, Math.floor(options.assignments));
  const prefix = options.prefix ?? 'bench';
  const unitsPerTask = Math.max(1, Math.min(options.unitsPerTask ?? Math.min(n, 1000), 99_999));
  const taskCount = Math.ceil(n / unitsPerTask);
  const tasksPerDirective = Math.max(1, options.tasksPerDirective ?? 10);
  const directiveCount = Math.ceil(taskCount / tasksPerDirective);
  const pad = (i: number, w: number) => String(i).padStart(w, '0');
  const directiveIds = Array.from({ length: directiveCount }, (_, i) => `${prefix}-d${pad(i, 5)}`);
  const taskIds = Array.from({ length: taskCount }, (_, i) => `${prefix}-t${pad(i, 6)}`);
  const unitCodes = Array.from({ length: Math.min(unitsPerTask, n) }, (_, i) => `unit-${pad(i, 5)}`);
  const policy = JSON.stringify(DEFAULT_POLICY);

  await sql.begin(async (tx) => {
    await tx.unsafe(
      `INSERT INTO directives (id, number, kind, issuer, issued_on, title, summary, created_by)
       SELECT $1 || '-d' || lpad(d::text, 5, '0'), $1 || '-' || d || '/TB-VPCP', 'notice', 'Văn phòng Chính phủ',
              DATE '2025-01-01' + (d % 365), 'Bench directive ' || d, '', 'bench'
       FROM generate_series(0, $2::int - 1) d`,
      [prefix, directiveCount],
    );
    await tx.unsafe(
      `INSERT INTO tasks (id, directive_id, title, due_on, policy, key_task, assignment_count, fanout_started_at, created_by)
       SELECT $1 || '-t' || lpad(t::text, 6, '0'), $1 || '-d' || lpad((t / $3::int)::text, 5, '0'), 'Bench task ' || t,
              DATE '2026-01-05' + (t % 400), $4::jsonb, t % 7 = 0,
              LEAST($5::int, $6::int - t * $5::int), now(), 'bench'
       FROM generate_series(0, $2::int - 1) t`,
      [prefix, taskCount, tasksPerDirective, policy, unitsPerTask, n],
    );
    // g = task * unitsPerTask + unit; due dates spread over ~13 months per unit so list filters select a slice.
    await tx.unsafe(
      `INSERT INTO assignments (workflow_id, task_id, directive_id, unit_code, original_unit, status, due_on, original_due_on,
                                completion, completed_at, escalation_level, escalation_rung, version, created_at, updated_at)
       SELECT 'assignment/' || tk || '/' || u, tk, dr, u, u, st, due, due,
              CASE WHEN st = 'completed_on_time' THEN jsonb_build_object('note', 'done', 'reportedAt', 0, 'confirmed', true) END,
              CASE WHEN st = 'completed_on_time' THEN now() END,
              CASE WHEN st = 'overdue' THEN 1 ELSE 0 END,
              CASE WHEN st = 'overdue' THEN 'unit_head' END,
              1, now(), now()
       FROM (
         SELECT g,
                $1 || '-t' || lpad((g / $2::int)::text, 6, '0') AS tk,
                $1 || '-d' || lpad((g / $2::int / $3::int)::text, 5, '0') AS dr,
                'unit-' || lpad((g % $2::int)::text, 5, '0') AS u,
                ${STATUS_SQL} AS st,
                DATE '2026-01-05' + ((g / $2::int) % 400) AS due
         FROM generate_series(0, $4::int - 1) g
       ) s`,
      [prefix, unitsPerTask, tasksPerDirective, n],
    );
    await tx.unsafe(
      `INSERT INTO assignment_events (workflow_id, seq, kind, at, actor, status, data)
       SELECT a.workflow_id, 1, 'assigned', a.created_at, '{"kind":"system","id":"timer"}'::jsonb, a.status,
              jsonb_build_object('dueOn', a.due_on, 'predecessor', null)
       FROM assignments a WHERE a.task_id LIKE $1 || '-t%'`,
      [prefix],
    );
    if (options.notifications ?? true) {
      await tx.unsafe(
        `INSERT INTO notifications (workflow_id, seq, recipient_unit, recipient_role, kind, title, body, created_at)
         SELECT a.workflow_id, 1, a.unit_code, 'unit_officer', 'assigned', 'New assignment: ' || t.title, 'Due ' || a.due_on, a.created_at
         FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE a.task_id LIKE $1 || '-t%'`,
        [prefix],
      );
    }
  });
  await sql.unsafe('ANALYZE directives, tasks, assignments, assignment_events, notifications');

  const statusRows = await sql<{ status: string; n: number }[]>`
    SELECT status, count(*)::int AS n FROM assignments WHERE task_id LIKE ${prefix + '-t%'} GROUP BY status`;
  const sampleRows = await sql<{ task_id: string; unit_code: string; workflow_id: string; status: string }[]>`
    SELECT task_id, unit_code, workflow_id, status FROM assignments
    WHERE task_id LIKE ${prefix + '-t%'} AND (hashtext(workflow_id) % 97) = 0 ORDER BY workflow_id LIMIT 200`;
  return {
    prefix,
    directiveIds,
    taskIds,
    unitCodes,
    assignments: n,
    samples: sampleRows.map((r) => ({ taskId: r.task_id, unitCode: r.unit_code, workflowId: r.workflow_id, status: r.status })),
    statusCounts: Object.fromEntries(statusRows.map((r) => [r.status, r.n])),
    loadMs: Date.now() - started,
  };
}
