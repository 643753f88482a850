/**
 * The five-column execution report as of a cut-off, from the event log (not today's read model), per unit,
 * kind of unit, directive or issuer, limited to what the caller may see. One SQL pass reduces each assignment's
 * lifecycle events up to the cut-off to its facts, classifies them into the five columns (the SQL twin of the
 * domain's `classify`, held to it by test/e2e/execution-report.test.ts and the bench) and counts per group, so a
 * page over 100,000 assignments carries a few thousand rows, not 100,000. Assignments with a measurable target are
 * few and need their own judgement: those come back as rows of facts and the domain classifies them.
 * Reproducible: events are append-only and keyed, so the same cut-off gives the same figures later.
 */
import type { CompletionBasis } from '../domain/counting';
import { toVnDate, type IsoDate } from '../domain/dates';
import type { SqlOrTx } from '../db/sql';
import {
  addTo,
  classify,
  COLUMNS,
  DEFAULT_UPDATE_WINDOW_DAYS,
  emptyFigures,
  ratesOf,
  sumFigures,
  type Column,
  type DeadlineBasis,
  type FactsAsOf,
  type Figures,
  type Rates,
} from '../domain/execution-figures';
import { judge, type Judgement, type Target } from '../domain/targets';
import type { UnitKind } from '../domain/units';
import { visibleUnits, type Principal } from './access';
import type { AppDeps } from './deps';
import { invalid } from './errors';

export const GROUP_BY = ['unit', 'kind', 'directive', 'issuer'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface ExecutionQuery {
  /** Tasks assigned on or after this date (the assigning document's date). */
  assignedFrom: IsoDate;
  assignedTo: IsoDate;
  /** The cut-off instant (epoch ms). */
  asOf: number;
  groupBy: GroupBy;
  deadline: DeadlineBasis;
  /** Only key ("trọng tâm") tasks. */
  keyOnly?: boolean;
  /** Only the tasks of this directive. */
  directiveId?: string;
}

export type Attainment = Record<Judgement, number> & { withTarget: number };

export interface GroupFigures extends Figures, Rates {
  key: string;
  label: string;
  /** The unit's kind when grouped by unit. */
  unitKind?: UnitKind;
  /** The same figures over key tasks only. */
  keyTasks: Figures;
  attainment: Attainment;
}

export interface ExecutionReport {
  assignedFrom: IsoDate;
  assignedTo: IsoDate;
  asOf: string;
  groupBy: GroupBy;
  deadline: DeadlineBasis;
  groups: GroupFigures[];
  totals: Omit<GroupFigures, 'key' | 'label' | 'unitKind'>;
}

/** One assignment as the report saw it: the rows behind a figure. */
export interface ReportedAssignment {
  workflowId: string;
  taskId: string;
  unitCode: string;
  directiveId: string;
  groupKey: string;
  column: Column;
  dueOn: IsoDate;
  daysLate: number;
  /** For completions, what on time was judged on: the recorded time or the assigner-confirmed document date. */
  completionBasis: CompletionBasis | null;
  key: boolean;
  judgement: Judgement | null;
}

/** Only what classifying needs, so 100,000 rows cross the wire quickly; identities only when asked for. */
interface FactRow {
  /** unit code, directive id or issuer (kind is looked up from the unit code). */
  g: string;
  key_task: boolean;
  original_due_on: IsoDate;
  original_due_at: number | null;
  due_on: IsoDate | null;
  reported_at: number | null;
  document_date: IsoDate | null;
  /** The completion was confirmed (or recorded) by the assigner, not only declared by the unit. */
  confirmed: boolean;
  awaiting: boolean;
  last_progress_at: number | null;
  target: Target | null;
  /** Set for assignments with a target, and for every row when identities were asked for. */
  task_id: string | null;
  unit_code: string | null;
  workflow_id?: string;
  directive_id?: string;
}

/** Labels of the kinds reports group by; a kind added later shows its code until it gets one. */
const KIND_LABELS: Partial<Record<UnitKind, string>> = {
  ministry: 'Bộ / Ministries',
  ministry_agency: 'Cơ quan ngang bộ / Ministry-level agencies',
  government_agency: 'Cơ quan thuộc Chính phủ / Government agencies',
  province: 'Địa phương / Localities',
  government_office: 'Văn phòng Chính phủ / Government Office',
  department: 'Sở, ngành / Departments',
  commune: 'Xã / Communes',
  ward: 'Phường / Wards',
  special_zone: 'Đặc khu / Special zones',
  other: 'Khác / Other',
};

export function validateQuery(q: ExecutionQuery): void {
  if (q.assignedFrom > q.assignedTo) throw invalid('assignedTo', 'must not be before assignedFrom');
  if (!Number.isFinite(q.asOf)) throw invalid('asOf', 'must be an instant');
}

/**
 * The facts of every assignment of the period as of the cut-off, reduced from its lifecycle events (the SQL twin of
 * `factsAsOf`), as CTEs ending in `facts`; cancelled and reassigned-away ones are left out, as `classify` does. The
 * one fold both the counts and the rows read. The period is the assigning document's date; a period task of a
 * recurring obligation is assigned when created. The 'assigned' event is joined directly (one per workflow) so only
 * the later lifecycle events, far fewer, are hashed per assignment.
 */
function factsAsOfSql(
  tx: SqlOrTx,
  principal: Principal,
  q: ExecutionQuery,
  { targets, identities }: { targets: 'with' | 'without' | 'any'; identities: boolean },
) {
  const asOf = new Date(q.asOf);
  const groupColumn = q.groupBy === 'directive' ? tx`a.directive_id` : q.groupBy === 'issuer' ? tx`d.issuer` : tx`a.unit_code`;
  const vnDate = (column: string) => tx.unsafe(`(${column} AT TIME ZONE 'UTC' + interval '7 hours')::date`);
  return tx`
    WITH assigned AS MATERIALIZED (
      -- Hashed, not looked up 100,000 times by key: the planner underestimates the period's assignments.
      SELECT s.workflow_id, nullif(s.data->>'dueOn', '') AS first_due_on
      FROM assignment_events s WHERE s.kind = 'assigned' AND s.at <= ${asOf}
    ), counted AS (
      SELECT a.workflow_id, ${groupColumn} AS g, t.key_task, a.original_due_on, t.target, a.task_id, a.unit_code, a.directive_id,
             -- The time of day on the original due date: a sub-assignment's own, else the task's (one rule for every level).
             CASE WHEN a.due_at IS NOT NULL AND ${vnDate('a.due_at')} = a.original_due_on THEN a.due_at
                  WHEN a.parent_workflow_id IS NULL AND t.due_at IS NOT NULL AND ${vnDate('t.due_at')} = a.original_due_on THEN t.due_at
             END AS original_due_at,
             s.first_due_on
      FROM assignments a
      JOIN tasks t ON t.id = a.task_id
      JOIN directives d ON d.id = a.directive_id
      JOIN assigned s ON s.workflow_id = a.workflow_id
      WHERE CASE WHEN t.recurrence_of IS NULL THEN d.issued_on ELSE ${vnDate('t.created_at')} END
              BETWEEN ${q.assignedFrom} AND ${q.assignedTo}
        ${targets === 'with' ? tx`AND t.target IS NOT NULL` : targets === 'without' ? tx`AND t.target IS NULL` : tx``}
        ${q.keyOnly ? tx`AND t.key_task` : tx``}
        ${q.directiveId ? tx`AND a.directive_id = ${q.directiveId}` : tx``}
        ${visibleUnits(tx, principal, 'a.unit_code')}
    ), later AS (
      -- Without ordered aggregates: an assignment has at most one 'completed' event, extensions only move the date
      -- later (the latest is the largest), and the latest report's document date rides on its zero-padded seq.
      SELECT e.workflow_id,
             bool_or(e.kind IN ('cancelled', 'reassigned')) AS gone,
             max(nullif(e.data->>'to', '')) FILTER (WHERE e.kind = 'extension_approved') AS extended_to,
             max(e.at) FILTER (WHERE e.kind = 'completed') AS completed_at,
             max(e.data->>'documentDate') FILTER (WHERE e.kind = 'completed') AS completed_document_date,
             max(nullif(e.data->>'confirmedBy', '')) FILTER (WHERE e.kind = 'completed') AS confirmed_by,
             max(e.at) FILTER (WHERE e.kind = 'completion_reported') AS reported_at,
             substr(max(lpad(e.seq::text, 10, '0') || coalesce(e.data->>'documentDate', '')) FILTER (WHERE e.kind = 'completion_reported'), 11)
               AS report_document_date,
             max(e.seq) FILTER (WHERE e.kind = 'completion_reported') AS last_report_seq,
             max(e.seq) FILTER (WHERE e.kind = 'completion_returned') AS last_return_seq,
             max(e.at) FILTER (WHERE e.kind IN ('progress_reported', 'completion_reported')) AS last_progress_at
      FROM assignment_events e
      WHERE e.at <= ${asOf}
        AND e.kind IN ('extension_approved', 'cancelled', 'reassigned', 'progress_reported', 'completion_reported', 'completion_returned', 'completed')
        ${targets === 'with' ? tx`AND e.workflow_id IN (SELECT ta.workflow_id FROM assignments ta JOIN tasks tt ON tt.id = ta.task_id WHERE tt.target IS NOT NULL)` : tx``}
      GROUP BY e.workflow_id
    ), facts AS (
      SELECT c.g, c.key_task, c.original_due_on, c.original_due_at, c.target,
             coalesce(l.extended_to::date, c.first_due_on::date, c.original_due_on) AS adjusted_due_on,
             l.completed_at IS NOT NULL AS completed,
             coalesce(l.reported_at, l.completed_at) AS reported_at,
             -- Confirmed by the assigner: a confirmed report, or a completion the assigner's side recorded (confirmedBy).
             (l.completed_at IS NOT NULL AND l.confirmed_by IS NOT NULL) AS confirmed,
             coalesce(nullif(l.report_document_date, ''), nullif(l.completed_document_date, ''))::date AS document_date,
             coalesce(l.completed_at IS NULL AND l.last_report_seq > coalesce(l.last_return_seq, 0), false) AS awaiting,
             l.last_progress_at,
             CASE WHEN c.target IS NOT NULL OR ${identities} THEN c.task_id END AS task_id,
             CASE WHEN c.target IS NOT NULL OR ${identities} THEN c.unit_code END AS unit_code
             ${identities ? tx`, c.workflow_id, c.directive_id` : tx``}
      FROM counted c LEFT JOIN later l ON l.workflow_id = c.workflow_id
      WHERE l.gone IS NOT TRUE
      OFFSET 0 -- computes each fact once per row instead of inlining it into every test below
    )`;
}

/** One row of facts per counted assignment: for those with a target (judged in the domain), or all with identities. */
async function factRows(
  deps: AppDeps,
  principal: Principal,
  q: ExecutionQuery,
  { identities = false, targetsOnly = false } = {},
): Promise<FactRow[]> {
  // Hashing 100,000 groups needs more than the default 4 MB; without it Postgres sorts on disk (bench/: 1.4× slower).
  return deps.sql.begin('read only', async (tx) => {
    await tx`SET LOCAL work_mem = '64MB'`;
    return tx<FactRow[]>`
      ${factsAsOfSql(tx, principal, q, { targets: targetsOnly ? 'with' : 'any', identities })}
      SELECT g, key_task, original_due_on,
             extract(epoch FROM original_due_at)::float8 * 1000 AS original_due_at,
             adjusted_due_on AS due_on,
             CASE WHEN completed THEN extract(epoch FROM reported_at)::float8 * 1000 END AS reported_at,
             CASE WHEN completed THEN document_date END AS document_date,
             confirmed, awaiting,
             extract(epoch FROM last_progress_at)::float8 * 1000 AS last_progress_at,
             target, task_id, unit_code
             ${identities ? tx`, workflow_id, directive_id` : tx``}
      FROM facts`;
  }) as Promise<FactRow[]>;
}

/** The assignments without a target of one group and one key-task flag, counted per column. */
interface CountRow extends Record<Column, number> {
  g: string;
  key_task: boolean;
  total: number;
  days_late: number;
  awaiting: number;
  updated: number;
}

const DAY_MS = 86_400_000;

/**
 * The five columns counted in SQL for the assignments without a target: the facts of `factsAsOfSql`, classified as
 * domain/counting.ts `columnOf` does (the recorded time unless the assigner confirmed a document date against a
 * whole-day deadline; the time of day only on the original due date), then counted per group and key-task flag.
 */
async function columnCounts(deps: AppDeps, principal: Principal, q: ExecutionQuery): Promise<CountRow[]> {
  const asOf = new Date(q.asOf);
  const cutoffDay = toVnDate(asOf);
  const updatedSince = new Date(q.asOf - DEFAULT_UPDATE_WINDOW_DAYS * DAY_MS);
  return deps.sql.begin('read only', async (tx) => {
    await tx`SET LOCAL work_mem = '64MB'`;
    const dueOn = q.deadline === 'original' ? tx`original_due_on` : tx`adjusted_due_on`;
    return tx<CountRow[]>`
    ${factsAsOfSql(tx, principal, q, { targets: 'without', identities: false })}, deadlines AS (
      SELECT f.*, ${dueOn} AS due_on, CASE WHEN ${dueOn} = original_due_on THEN original_due_at END AS due_at,
             (confirmed AND document_date IS NOT NULL AND (${dueOn} <> original_due_on OR original_due_at IS NULL)) AS by_document
      FROM facts f
    ), classified AS (
      SELECT g, key_task, due_on, completed, awaiting, last_progress_at,
             CASE WHEN by_document THEN document_date ELSE (reported_at AT TIME ZONE 'UTC' + interval '7 hours')::date END AS completed_on,
             CASE WHEN NOT completed THEN NULL
                  WHEN by_document THEN document_date <= due_on
                  WHEN due_at IS NOT NULL THEN reported_at < due_at
                  ELSE (reported_at AT TIME ZONE 'UTC' + interval '7 hours')::date <= due_on END AS on_time,
             CASE WHEN due_at IS NOT NULL THEN ${asOf} < due_at ELSE ${cutoffDay}::date <= due_on END AS within
      FROM deadlines
      OFFSET 0
    ), columns AS (
      SELECT g, key_task,
             CASE WHEN on_time THEN 1 WHEN completed THEN 2 WHEN within THEN 3 ELSE 4 END AS c,
             CASE WHEN on_time OR (NOT completed AND within) THEN 0
                  WHEN completed THEN greatest(0, completed_on - due_on)
                  ELSE greatest(0, ${cutoffDay}::date - due_on) END AS days_late,
             NOT completed AND awaiting AS awaiting,
             NOT completed AND last_progress_at >= ${updatedSince} AS updated
      FROM classified
    )
    SELECT g, key_task, count(*)::int AS total,
           count(*) FILTER (WHERE c = 1)::int AS "completedOnTime", count(*) FILTER (WHERE c = 2)::int AS "completedLate",
           count(*) FILTER (WHERE c = 3)::int AS "openWithinDeadline", count(*) FILTER (WHERE c = 4)::int AS "openOverdue",
           sum(days_late)::float8 AS days_late, count(*) FILTER (WHERE awaiting)::int AS awaiting,
           count(*) FILTER (WHERE updated)::int AS updated
    FROM columns
    GROUP BY g, key_task`;
  }) as Promise<CountRow[]>;
}

function addCounts(figures: Figures, r: CountRow): void {
  figures.total += r.total;
  for (const column of COLUMNS) figures[column] += r[column];
  figures.daysLateTotal += r.days_late;
  figures.awaitingConfirmation += r.awaiting;
  figures.openUpdated += r.updated;
}

export function toFacts(r: FactRow): FactsAsOf {
  return {
    assigned: true,
    cancelled: false,
    reassigned: false,
    dueOn: r.due_on,
    completion:
      r.reported_at === null ? null : { reportedAt: r.reported_at, documentDate: r.document_date, confirmedByAssigner: r.confirmed },
    awaitingConfirmation: r.awaiting,
    lastProgressAt: r.last_progress_at,
  };
}

interface Measured {
  value: number;
  of: number | null;
  measuredOn: IsoDate;
}

const assignmentKey = (taskId: string | null, unitCode: string | null) => `${taskId}\u0000${unitCode}`;

/** The values recorded by the cut-off for the assignments that carry a target. */
async function measurementsFor(deps: AppDeps, rows: FactRow[], asOf: number): Promise<Map<string, Measured[]>> {
  const byAssignment = new Map<string, Measured[]>();
  const tasks = [...new Set(rows.filter((r) => r.target !== null).map((r) => r.task_id!))];
  if (tasks.length === 0) return byAssignment;
  const found = await deps.sql<{ task_id: string; unit_code: string; value: string; of_total: string | null; measured_on: IsoDate }[]>`
    SELECT task_id, unit_code, value::text, of_total::text, measured_on FROM measurements
    WHERE task_id = ANY(${tasks}) AND recorded_at <= ${new Date(asOf)}`;
  for (const m of found) {
    const key = assignmentKey(m.task_id, m.unit_code);
    const list = byAssignment.get(key) ?? [];
    list.push({ value: Number(m.value), of: m.of_total === null ? null : Number(m.of_total), measuredOn: m.measured_on });
    byAssignment.set(key, list);
  }
  return byAssignment;
}

function emptyAttainment(): Attainment {
  return { withTarget: 0, met: 0, missed: 0, unreported: 0, on_track: 0, at_risk: 0, not_measured: 0 };
}

function groupKeyOf(deps: AppDeps, groupBy: GroupBy, g: string): string {
  return groupBy === 'kind' ? (deps.units.get(g)?.kind ?? 'other') : g;
}

/** Every counted assignment of the report, classified: the rows behind each figure. */
export async function reportedAssignments(deps: AppDeps, principal: Principal, q: ExecutionQuery): Promise<ReportedAssignment[]> {
  validateQuery(q);
  const rows = await factRows(deps, principal, q, { identities: true });
  const measured = await measurementsFor(deps, rows, q.asOf);
  const today = toVnDate(new Date(q.asOf));
  return rows.flatMap((r) => {
    const c = classify(toFacts(r), { originalDueOn: r.original_due_on, originalDueAt: r.original_due_at }, q.asOf, q.deadline);
    if (!c) return [];
    const judgement = r.target
      ? judge(r.target, measured.get(assignmentKey(r.task_id, r.unit_code)) ?? [], c.dueOn, today).judgement
      : null;
    return [
      {
        workflowId: r.workflow_id!,
        taskId: r.task_id!,
        unitCode: r.unit_code!,
        directiveId: r.directive_id!,
        groupKey: groupKeyOf(deps, q.groupBy, r.g),
        column: c.column,
        dueOn: c.dueOn,
        daysLate: c.daysLate,
        completionBasis: c.basis,
        key: r.key_task,
        judgement,
      },
    ];
  });
}

export async function executionReport(deps: AppDeps, principal: Principal, q: ExecutionQuery): Promise<ExecutionReport> {
  validateQuery(q);
  const [counts, rows] = await Promise.all([columnCounts(deps, principal, q), factRows(deps, principal, q, { targetsOnly: true })]);
  const measured = await measurementsFor(deps, rows, q.asOf);
  const today = toVnDate(new Date(q.asOf));
  const groups = new Map<string, { figures: Figures; keyTasks: Figures; attainment: Attainment }>();
  const groupOf = (g: string) => {
    const key = groupKeyOf(deps, q.groupBy, g);
    let group = groups.get(key);
    if (!group) {
      group = { figures: emptyFigures(), keyTasks: emptyFigures(), attainment: emptyAttainment() };
      groups.set(key, group);
    }
    return group;
  };
  for (const r of counts) {
    const g = groupOf(r.g);
    addCounts(g.figures, r);
    if (r.key_task) addCounts(g.keyTasks, r);
  }
  for (const r of rows) {
    const facts = toFacts(r);
    const c = classify(facts, { originalDueOn: r.original_due_on, originalDueAt: r.original_due_at }, q.asOf, q.deadline);
    if (!c) continue;
    const g = groupOf(r.g);
    addTo(g.figures, c, facts, q.asOf);
    if (r.key_task) addTo(g.keyTasks, c, facts, q.asOf);
    const judged = judge(r.target!, measured.get(assignmentKey(r.task_id, r.unit_code)) ?? [], c.dueOn, today);
    g.attainment.withTarget += 1;
    g.attainment[judged.judgement] += 1;
  }
  const labels = await labelsOf(deps, q.groupBy, [...groups.keys()]);
  const list: GroupFigures[] = [...groups.entries()]
    .map(([key, g]) => ({ key, ...labels(key), ...g.figures, ...ratesOf(g.figures), keyTasks: g.keyTasks, attainment: g.attainment }))
    .sort((a, b) => a.label.localeCompare(b.label, 'vi') || a.key.localeCompare(b.key));
  const all = [...groups.values()];
  const totalFigures = sumFigures(all.map((g) => g.figures));
  const attainment = emptyAttainment();
  for (const g of all) for (const k of Object.keys(attainment) as (keyof Attainment)[]) attainment[k] += g.attainment[k];
  return {
    assignedFrom: q.assignedFrom,
    assignedTo: q.assignedTo,
    asOf: new Date(q.asOf).toISOString(),
    groupBy: q.groupBy,
    deadline: q.deadline,
    groups: list,
    totals: { ...totalFigures, ...ratesOf(totalFigures), keyTasks: sumFigures(all.map((g) => g.keyTasks)), attainment },
  };
}

async function labelsOf(deps: AppDeps, groupBy: GroupBy, keys: string[]): Promise<(key: string) => { label: string; unitKind?: UnitKind }> {
  switch (groupBy) {
    case 'unit':
      return (key) => {
        const unit = deps.units.get(key);
        return { label: unit?.nameVi ?? key, unitKind: unit?.kind ?? 'other' };
      };
    case 'kind':
      return (key) => ({ label: KIND_LABELS[key as UnitKind] ?? key });
    case 'directive': {
      const rows = await deps.sql<{ id: string; number: string }[]>`SELECT id, number FROM directives WHERE id = ANY(${keys})`;
      const numbers = new Map(rows.map((r) => [r.id, r.number]));
      return (key) => ({ label: numbers.get(key) ?? key });
    }
    case 'issuer':
      return (key) => ({ label: key });
  }
}
