/**
 * The execution summary (migration 0019, domain/execution-spans.ts): each assignment's fact spans, rewritten from its
 * lifecycle events in the transaction that records an event, and rebuilt from the whole event log by a command. The
 * spans are a pure function of the events and of the assignment's task and directive, so rewriting them is
 * idempotent and order-free: a retried or out-of-order event leaves the same rows.
 */
import { FACT_EVENT_KINDS, factSpans, type FactSpan } from '../domain/execution-spans';
import type { LifecycleEvent } from '../domain/execution-figures';
import type { IsoDate } from '../domain/dates';
import { jsonb, type Sql, type SqlOrTx } from './sql';

interface SpanContext {
  workflow_id: string;
  task_id: string;
  directive_id: string;
  unit_code: string;
  period_on: IsoDate;
  key_task: boolean;
  has_target: boolean;
  original_due_on: IsoDate;
  original_due_at: number | null;
}

interface EventRow extends LifecycleEvent {
  workflow_id: string;
}

const vnDate = (column: string) => `(${column} AT TIME ZONE 'UTC' + interval '7 hours')::date`;

const ts = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const INFINITY = 'infinity';

function spanRow(c: SpanContext, s: FactSpan) {
  const f = s.facts;
  const code = (j: FactSpan['original']) => (j === null ? null : j.column === 'completedOnTime' ? 1 : 2);
  return {
    workflow_id: c.workflow_id,
    valid_from: new Date(s.validFrom).toISOString(),
    valid_to: s.validTo === null ? INFINITY : new Date(s.validTo).toISOString(),
    task_id: c.task_id,
    directive_id: c.directive_id,
    unit_code: c.unit_code,
    period_on: c.period_on,
    key_task: c.key_task,
    has_target: c.has_target,
    original_due_on: c.original_due_on,
    original_due_at: ts(c.original_due_at),
    adjusted_due_on: s.adjustedDueOn,
    adjusted_due_at: ts(s.adjustedDueAt),
    original_column: code(s.original),
    original_days_late: s.original?.daysLate ?? 0,
    adjusted_column: code(s.adjusted),
    adjusted_days_late: s.adjusted?.daysLate ?? 0,
    reported_at: ts(f.completion?.reportedAt ?? null),
    document_date: f.completion?.documentDate ?? null,
    confirmed: f.completion?.confirmedByAssigner ?? false,
    awaiting: f.awaitingConfirmation,
    last_progress_at: ts(f.lastProgressAt),
  };
}

/** What a span copies from the assignment, its task and its directive, over `a`, `t` and `d`. */
function contextColumns(tx: SqlOrTx) {
  return tx`
    CASE WHEN t.recurrence_of IS NULL THEN d.issued_on ELSE ${tx.unsafe(vnDate('t.created_at'))} END AS period_on,
    t.key_task, t.target IS NOT NULL AS has_target, a.original_due_on,
    -- The time of day on the original due date: a sub-assignment's own, else the task's (one rule for every level).
    (extract(epoch FROM CASE
      WHEN a.due_at IS NOT NULL AND ${tx.unsafe(vnDate('a.due_at'))} = a.original_due_on THEN a.due_at
      WHEN a.parent_workflow_id IS NULL AND t.due_at IS NOT NULL AND ${tx.unsafe(vnDate('t.due_at'))} = a.original_due_on THEN t.due_at
    END) * 1000)::float8 AS original_due_at`;
}

const FACT_KINDS: ReadonlySet<string> = new Set(FACT_EVENT_KINDS);

/**
 * Keeps one assignment's spans right after one of its events, in that event's transaction (after the read model's
 * row). An event of a kind the facts read rewrites them. Any other (a reminder, an escalation, an acknowledgement: most
 * of them) changes no fact, so the spans stand unless what they copy from the read model moved with it (the unit, the
 * original deadline); one query asks, and only then are they rewritten.
 */
export async function keepExecutionSpans(tx: SqlOrTx, event: { workflowId: string; kind: string }): Promise<void> {
  if (!FACT_KINDS.has(event.kind)) {
    const [stale] = await tx<{ stale: boolean }[]>`
      SELECT EXISTS (
        SELECT 1 FROM execution_spans s,
          (SELECT a.unit_code, a.task_id, a.directive_id, ${contextColumns(tx)}
           FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN directives d ON d.id = a.directive_id
           WHERE a.workflow_id = ${event.workflowId}) c
        WHERE s.workflow_id = ${event.workflowId}
          AND (s.unit_code, s.task_id, s.directive_id, s.period_on, s.key_task, s.has_target, s.original_due_on,
               (extract(epoch FROM s.original_due_at) * 1000)::float8)
              IS DISTINCT FROM (c.unit_code, c.task_id, c.directive_id, c.period_on, c.key_task, c.has_target, c.original_due_on, c.original_due_at)
      ) AS stale`;
    if (!stale?.stale) return;
  }
  await refreshExecutionSpans(tx, [event.workflowId]);
}

/**
 * Rewrites the spans of these assignments from their events. Locks their read-model rows first (in id order, so two
 * writers never deadlock), so a concurrent event of the same assignment waits and then rewrites from both events.
 */
export async function refreshExecutionSpans(tx: SqlOrTx, workflowIds: readonly string[]): Promise<number> {
  if (workflowIds.length === 0) return 0;
  const ids = [...workflowIds];
  const contexts = await tx<SpanContext[]>`
    SELECT a.workflow_id, a.task_id, a.directive_id, a.unit_code, ${contextColumns(tx)}
    FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN directives d ON d.id = a.directive_id
    WHERE a.workflow_id = ANY(${ids})
    ORDER BY a.workflow_id
    FOR UPDATE OF a`;
  // A statement of its own, after the lock: its snapshot then holds the events a concurrent writer committed meanwhile.
  const events = await tx<EventRow[]>`
    SELECT workflow_id, seq, kind, (extract(epoch FROM at) * 1000)::float8 AS at,
           jsonb_strip_nulls(jsonb_build_object('dueOn', data->'dueOn', 'to', data->'to', 'documentDate', data->'documentDate',
                                                'confirmedBy', data->'confirmedBy')) AS data
    FROM assignment_events
    WHERE workflow_id = ANY(${ids}) AND kind = ANY(${[...FACT_EVENT_KINDS]})`;
  const byWorkflow = new Map<string, LifecycleEvent[]>();
  for (const e of events) {
    let list = byWorkflow.get(e.workflow_id);
    if (!list) byWorkflow.set(e.workflow_id, (list = []));
    list.push({ seq: e.seq, kind: e.kind, at: e.at, data: e.data });
  }
  const rows = contexts.flatMap((c) =>
    factSpans(byWorkflow.get(c.workflow_id) ?? [], { originalDueOn: c.original_due_on, originalDueAt: c.original_due_at }).map((s) =>
      spanRow(c, s),
    ),
  );
  await tx`DELETE FROM execution_spans WHERE workflow_id = ANY(${ids})`;
  // One parameter for any number of rows, typed by the table itself ('infinity' included, which a JS Date cannot carry).
  if (rows.length) await tx`INSERT INTO execution_spans SELECT * FROM jsonb_populate_recordset(NULL::execution_spans, ${jsonb(tx, rows)})`;
  return rows.length;
}

export interface RebuildProgress {
  assignments: number;
  spans: number;
}

/**
 * Rebuilds every assignment's spans from the event log, a batch of assignments per transaction (keyset order), while
 * the system runs: each batch locks its rows as an event's refresh does. Spans of assignments that no longer exist
 * go at the end. Records the build, so the services' start does not rebuild again.
 */
export async function rebuildExecutionSummary(
  sql: Sql,
  { batchSize = 2000, onProgress }: { batchSize?: number; onProgress?: (p: RebuildProgress) => void } = {},
): Promise<RebuildProgress> {
  const progress: RebuildProgress = { assignments: 0, spans: 0 };
  let after = '';
  for (;;) {
    const done = await sql.begin(async (tx) => {
      const batch = await tx<{ workflow_id: string }[]>`
        SELECT workflow_id FROM assignments WHERE workflow_id > ${after} ORDER BY workflow_id LIMIT ${batchSize}`;
      if (batch.length === 0) return true;
      const ids = batch.map((r) => r.workflow_id);
      progress.spans += await refreshExecutionSpans(tx, ids);
      progress.assignments += ids.length;
      after = ids[ids.length - 1]!;
      return false;
    });
    if (done) break;
    onProgress?.(progress);
  }
  await sql`DELETE FROM execution_spans s WHERE NOT EXISTS (SELECT 1 FROM assignments a WHERE a.workflow_id = s.workflow_id)`;
  await sql`
    INSERT INTO execution_summary_builds (built_at, spans) VALUES (now(), ${progress.spans})
    ON CONFLICT (id) DO UPDATE SET built_at = EXCLUDED.built_at, spans = EXCLUDED.spans`;
  return progress;
}

const BUILD_LOCK = 4_242_019;

/**
 * On start, after the migrations: a database that had assignments before the summary existed gets it built once
 * (two processes starting together take turns on a lock; the second finds it built).
 */
export async function ensureExecutionSummary(sql: Sql, onBuild?: () => void): Promise<boolean> {
  const built = async () => (await sql`SELECT 1 FROM execution_summary_builds`).length > 0;
  if (await built()) return false;
  const reserved = await sql.reserve();
  try {
    await reserved`SELECT pg_advisory_lock(${BUILD_LOCK})`;
    if (await built()) return false;
    onBuild?.();
    await rebuildExecutionSummary(sql);
    return true;
  } finally {
    await reserved`SELECT pg_advisory_unlock(${BUILD_LOCK})`;
    reserved.release();
  }
}
