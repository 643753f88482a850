/**
 * The five-column execution report as of a cut-off, from the event log (not today's read model), per unit,
 * kind of unit, directive or issuer, limited to what the caller may see. One SQL pass reduces each assignment's
 * lifecycle events up to the cut-off to a row of facts; the domain classifies each row and the groups add up.
 * Reproducible: events are append-only and keyed, so the same cut-off gives the same figures later.
 */
import { toVnDate, type IsoDate } from '../domain/dates';
import {
  addTo,
  classify,
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
 * One row of facts per counted assignment in the period, reduced from its lifecycle events up to the cut-off
 * (the SQL twin of `factsAsOf`; cancelled and reassigned-away ones are left out here, as `classify` would).
 * The period is the assigning document's date; a period task of a recurring obligation is assigned when created.
 */
async function factRows(deps: AppDeps, principal: Principal, q: ExecutionQuery, identities = false): Promise<FactRow[]> {
  const { sql } = deps;
  const asOf = new Date(q.asOf);
  const groupColumn = q.groupBy === 'directive' ? sql`a.directive_id` : q.groupBy === 'issuer' ? sql`d.issuer` : sql`a.unit_code`;
  // Hashing 100,000 groups needs more than the default 4 MB; without it Postgres sorts on disk (bench/: 1.4× slower).
  return sql.begin('read only', async (tx) => {
    await tx`SET LOCAL work_mem = '64MB'`;
    return tx<FactRow[]>`
    SELECT ${groupColumn} AS g, t.key_task, a.original_due_on,
           CASE WHEN t.due_at IS NOT NULL AND (t.due_at AT TIME ZONE 'UTC' + interval '7 hours')::date = a.original_due_on
                THEN extract(epoch FROM t.due_at)::float8 * 1000 END AS original_due_at,
           coalesce(f.extended_to, f.first_due_on) AS due_on,
           CASE WHEN f.completed_at IS NOT NULL THEN extract(epoch FROM coalesce(f.reported_at, f.completed_at))::float8 * 1000 END AS reported_at,
           CASE WHEN f.completed_at IS NOT NULL THEN coalesce(nullif(f.report_document_date, ''), nullif(f.completed_document_date, '')) END
             AS document_date,
           (f.completed_at IS NULL AND f.last_report_seq IS NOT NULL AND f.last_report_seq > coalesce(f.last_return_seq, 0)) AS awaiting,
           extract(epoch FROM f.last_progress_at)::float8 * 1000 AS last_progress_at,
           t.target,
           CASE WHEN t.target IS NOT NULL OR ${identities} THEN a.task_id END AS task_id,
           CASE WHEN t.target IS NOT NULL OR ${identities} THEN a.unit_code END AS unit_code
           ${identities ? tx`, a.workflow_id, a.directive_id` : tx``}
    FROM assignments a
    JOIN tasks t ON t.id = a.task_id
    JOIN directives d ON d.id = a.directive_id
    JOIN (
      -- One hash aggregate over the lifecycle events up to the cut-off. Without ordered aggregates: an assignment
      -- has one 'assigned' and at most one 'completed' event, extensions only move the date later (the latest is
      -- the largest), and the latest report's document date rides on its zero-padded seq.
      SELECT e.workflow_id,
             max(e.data->>'dueOn') FILTER (WHERE e.kind = 'assigned') AS first_due_on,
             max(e.data->>'to') FILTER (WHERE e.kind = 'extension_approved') AS extended_to,
             max(e.at) FILTER (WHERE e.kind = 'completed') AS completed_at,
             max(e.data->>'documentDate') FILTER (WHERE e.kind = 'completed') AS completed_document_date,
             max(e.at) FILTER (WHERE e.kind = 'completion_reported') AS reported_at,
             substr(max(lpad(e.seq::text, 10, '0') || coalesce(e.data->>'documentDate', '')) FILTER (WHERE e.kind = 'completion_reported'), 11)
               AS report_document_date,
             max(e.seq) FILTER (WHERE e.kind = 'completion_reported') AS last_report_seq,
             max(e.seq) FILTER (WHERE e.kind = 'completion_returned') AS last_return_seq,
             max(e.at) FILTER (WHERE e.kind IN ('progress_reported', 'completion_reported')) AS last_progress_at
      FROM assignment_events e
      WHERE e.at <= ${asOf}
        AND e.kind IN ('assigned', 'extension_approved', 'cancelled', 'reassigned', 'progress_reported',
                       'completion_reported', 'completion_returned', 'completed')
      GROUP BY e.workflow_id
      HAVING bool_or(e.kind = 'assigned') AND NOT bool_or(e.kind IN ('cancelled', 'reassigned'))
    ) f ON f.workflow_id = a.workflow_id
    WHERE CASE WHEN t.recurrence_of IS NULL THEN d.issued_on ELSE (t.created_at AT TIME ZONE 'UTC' + interval '7 hours')::date END
            BETWEEN ${q.assignedFrom} AND ${q.assignedTo}
      ${q.keyOnly ? tx`AND t.key_task` : tx``}
      ${q.directiveId ? tx`AND a.directive_id = ${q.directiveId}` : tx``}
      ${visibleUnits(tx as never, principal, 'a.unit_code')}`;
  }) as Promise<FactRow[]>;
}

export function toFacts(r: FactRow): FactsAsOf {
  return {
    assigned: true,
    cancelled: false,
    reassigned: false,
    dueOn: r.due_on,
    completion: r.reported_at === null ? null : { reportedAt: r.reported_at, documentDate: r.document_date },
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
  const rows = await factRows(deps, principal, q, true);
  const measured = await measurementsFor(deps, rows, q.asOf);
  const today = toVnDate(new Date(q.asOf));
  return rows.flatMap((r) => {
    const c = classify(toFacts(r), { originalDueOn: r.original_due_on, originalDueAt: r.original_due_at }, q.asOf, q.deadline);
    if (!c) return [];
    const judgement = r.target ? judge(r.target, measured.get(assignmentKey(r.task_id, r.unit_code)) ?? [], c.dueOn, today).judgement : null;
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
        key: r.key_task,
        judgement,
      },
    ];
  });
}

export async function executionReport(deps: AppDeps, principal: Principal, q: ExecutionQuery): Promise<ExecutionReport> {
  validateQuery(q);
  const rows = await factRows(deps, principal, q);
  const measured = await measurementsFor(deps, rows, q.asOf);
  const today = toVnDate(new Date(q.asOf));
  const groups = new Map<string, { figures: Figures; keyTasks: Figures; attainment: Attainment }>();
  for (const r of rows) {
    const facts = toFacts(r);
    const c = classify(facts, { originalDueOn: r.original_due_on, originalDueAt: r.original_due_at }, q.asOf, q.deadline);
    if (!c) continue;
    const key = groupKeyOf(deps, q.groupBy, r.g);
    let g = groups.get(key);
    if (!g) {
      g = { figures: emptyFigures(), keyTasks: emptyFigures(), attainment: emptyAttainment() };
      groups.set(key, g);
    }
    addTo(g.figures, c, facts, q.asOf);
    if (r.key_task) addTo(g.keyTasks, c, facts, q.asOf);
    if (r.target) {
      const judged = judge(r.target, measured.get(assignmentKey(r.task_id, r.unit_code)) ?? [], c.dueOn, today);
      g.attainment.withTarget += 1;
      g.attainment[judged.judgement] += 1;
    }
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
