/**
 * The five-column execution report as of a cut-off, per unit, kind of unit, directive or issuer, limited to what the
 * caller may see. It reads the execution summary (migration 0019): for each assignment the span of time, around the
 * cut-off, over which its facts did not change, kept in the transaction that records each event and equal to the full
 * fold of its events up to the cut-off (domain/execution-spans.ts; held to it by test/integration/execution-summary.test.ts).
 * One SQL pass counts the spans in force per group, a completion judged when its span was written and an open one
 * against the cut-off, so a page over 1,000,000 assignments carries a few thousand rows. Assignments with a measurable
 * target are few and need their own judgement: those come back as rows of facts and the domain classifies them.
 * Reproducible: events are append-only and keyed, so the same cut-off gives the same figures later.
 */
import type { PendingQuery, Row } from 'postgres';
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
import { seesAllUnits, visibleUnits, type Principal } from './access';
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
  /** The deadline the column was judged against (the report's basis). */
  dueOn: IsoDate;
  /** Both deadlines, whatever the basis: the first, and the one in force at the cut-off (extensions, resumed pauses). */
  originalDueOn: IsoDate;
  adjustedDueOn: IsoDate;
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
 * The span in force at the cut-off of every assignment of the period (db/execution-summary.ts keeps them): its facts
 * as the full fold of its events up to the cut-off gives them (domain/execution-spans.ts), one row per counted
 * assignment; cancelled and reassigned-away ones have none. The period is the assigning document's date; a period
 * task of a recurring obligation is assigned when created. Only a scoped reader joins the read model, for the units
 * above a sub-assignment (visibleUnits).
 */
function spansInForce(
  tx: SqlOrTx,
  principal: Principal,
  q: Omit<ExecutionQuery, 'asOf' | 'groupBy'>,
  targets: 'with' | 'without' | 'any',
  inForce: { at: number } | { from: number; to: number },
) {
  const scoped = !seesAllUnits(principal);
  // One cut-off: its instant is a parameter, so the partitions ending before it are pruned. Several (the trend): every
  // span that meets the window from the first to the last.
  const [from, to] = 'at' in inForce ? [inForce.at, inForce.at] : [inForce.from, inForce.to];
  return tx`
    FROM execution_spans s ${scoped ? tx`JOIN assignments a ON a.workflow_id = s.workflow_id` : tx``}
    WHERE s.valid_from <= ${new Date(to)} AND s.valid_to > ${new Date(from)}
      AND s.period_on BETWEEN ${q.assignedFrom} AND ${q.assignedTo}
      ${targets === 'with' ? tx`AND s.has_target` : targets === 'without' ? tx`AND NOT s.has_target` : tx``}
      ${q.keyOnly ? tx`AND s.key_task` : tx``}
      ${q.directiveId ? tx`AND s.directive_id = ${q.directiveId}` : tx``}
      ${scoped ? visibleUnits(tx, principal, 'a.unit_code') : tx``}`;
}

function groupColumn(tx: SqlOrTx, groupBy: GroupBy) {
  // By issuer: counted per directive here, and the few directive rows added up per issuer after (groupKeys).
  return groupBy === 'directive' || groupBy === 'issuer' ? tx`s.directive_id` : tx`s.unit_code`;
}

const epochMs = (tx: SqlOrTx, column: string) => tx.unsafe(`(extract(epoch FROM ${column}) * 1000)::float8`);

/** One row of facts per counted assignment: for those with a target (judged in the domain), or all with identities. */
async function factRows(
  deps: AppDeps,
  principal: Principal,
  q: ExecutionQuery,
  { identities = false, targetsOnly = false } = {},
): Promise<FactRow[]> {
  const tx = deps.sql;
  return tx<FactRow[]>`
    SELECT ${groupColumn(tx, q.groupBy)} AS g, s.key_task, s.original_due_on, ${epochMs(tx, 's.original_due_at')} AS original_due_at,
           s.adjusted_due_on AS due_on, ${epochMs(tx, 's.reported_at')} AS reported_at, s.document_date, s.confirmed, s.awaiting,
           ${epochMs(tx, 's.last_progress_at')} AS last_progress_at,
           CASE WHEN s.has_target THEN (SELECT t.target FROM tasks t WHERE t.id = s.task_id) END AS target,
           CASE WHEN s.has_target OR ${identities} THEN s.task_id END AS task_id,
           CASE WHEN s.has_target OR ${identities} THEN s.unit_code END AS unit_code
           ${identities ? tx`, s.workflow_id, s.directive_id` : tx``}
    ${spansInForce(tx, principal, q, targetsOnly ? 'with' : 'any', { at: q.asOf })}` as unknown as Promise<FactRow[]>;
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
 * The five columns counted in SQL for the assignments without a target, from the spans in force: a completion's
 * column and days late were judged by the domain when its span was written; an open one is within the deadline or
 * overdue as domain/counting.ts `columnOf` says (the deadline's time of day when it has one, else its whole day),
 * counted per group and key-task flag.
 */
async function columnCounts(deps: AppDeps, principal: Principal, q: ExecutionQuery): Promise<CountRow[]> {
  const tx = deps.sql;
  const asOf = new Date(q.asOf);
  const cutoffDay = toVnDate(asOf);
  const updatedSince = updateWindowStart(q.asOf);
  const b = q.deadline === 'original' ? 'original' : 'adjusted';
  const column = tx.unsafe(`s.${b}_column`);
  const daysLate = tx.unsafe(`s.${b}_days_late`);
  const dueOn = tx.unsafe(`s.${b}_due_on`);
  const dueAt = tx.unsafe(`s.${b}_due_at`);
  const within = tx`(CASE WHEN ${dueAt} IS NOT NULL THEN ${asOf} < ${dueAt} ELSE ${cutoffDay}::date <= ${dueOn} END)`;
  return tx<CountRow[]>`
    SELECT ${groupColumn(tx, q.groupBy)} AS g, s.key_task, count(*)::int AS total,
           count(*) FILTER (WHERE ${column} = 1)::int AS "completedOnTime",
           count(*) FILTER (WHERE ${column} = 2)::int AS "completedLate",
           count(*) FILTER (WHERE ${column} IS NULL AND ${within})::int AS "openWithinDeadline",
           count(*) FILTER (WHERE ${column} IS NULL AND NOT ${within})::int AS "openOverdue",
           sum(CASE WHEN ${column} IS NOT NULL THEN ${daysLate} WHEN ${within} THEN 0
                    ELSE greatest(0, ${cutoffDay}::date - ${dueOn}) END)::float8 AS days_late,
           count(*) FILTER (WHERE ${column} IS NULL AND s.awaiting)::int AS awaiting,
           count(*) FILTER (WHERE ${column} IS NULL AND s.last_progress_at >= ${updatedSince})::int AS updated
    ${spansInForce(tx, principal, q, 'without', { at: q.asOf })}
    GROUP BY 1, 2` as unknown as Promise<CountRow[]>;
}

/** The start of the window in which an open assignment counts as updated, for a cut-off. */
const updateWindowStart = (asOf: number) => new Date(asOf - DEFAULT_UPDATE_WINDOW_DAYS * DAY_MS);

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

/** The report's group of a counted row's `g` (a unit code or a directive id): the unit's kind, the directive's issuer, or itself. */
async function groupKeys(deps: AppDeps, groupBy: GroupBy, gs: readonly string[]): Promise<(g: string) => string> {
  switch (groupBy) {
    case 'kind':
      return (g) => deps.units.get(g)?.kind ?? 'other';
    case 'issuer': {
      const rows = await deps.sql<{ id: string; issuer: string }[]>`SELECT id, issuer FROM directives WHERE id = ANY(${[...new Set(gs)]})`;
      const issuers = new Map(rows.map((r) => [r.id, r.issuer]));
      return (g) => issuers.get(g) ?? g;
    }
    default:
      return (g) => g;
  }
}

/** Every counted assignment of the report, classified: the rows behind each figure. */
export async function reportedAssignments(deps: AppDeps, principal: Principal, q: ExecutionQuery): Promise<ReportedAssignment[]> {
  validateQuery(q);
  const rows = await factRows(deps, principal, q, { identities: true });
  const keyOf = await groupKeys(
    deps,
    q.groupBy,
    rows.map((r) => r.g),
  );
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
        groupKey: keyOf(r.g),
        column: c.column,
        dueOn: c.dueOn,
        originalDueOn: r.original_due_on,
        adjustedDueOn: r.due_on ?? r.original_due_on,
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
  const keyOf = await groupKeys(deps, q.groupBy, [...counts.map((r) => r.g), ...rows.map((r) => r.g)]);
  const measured = await measurementsFor(deps, rows, q.asOf);
  const today = toVnDate(new Date(q.asOf));
  const groups = new Map<string, { figures: Figures; keyTasks: Figures; attainment: Attainment }>();
  const groupOf = (g: string) => {
    const key = keyOf(g);
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

/** The figures of a trend point: every counted assignment of the period at one cut-off, or those of one kind of unit. */
export interface TrendQuery extends Omit<ExecutionQuery, 'asOf' | 'groupBy'> {
  unitKind?: UnitKind;
}

/**
 * Spans without a target alike at every cut-off of a trend, counted together: they are in force at the cut-offs
 * [first, end) and, while open, within the deadline at those before `within_end`, late by whole days at those from
 * `late_from`, updated at those before `updated_end` (each test is monotone in the cut-off, so an index bounds it).
 */
interface TrendRow {
  g: string;
  first: number;
  end: number;
  /** 1 on time, 2 late (judged when the span was written), 0 open. */
  col: number;
  within_end: number;
  late_from: number;
  updated_end: number;
  awaiting: boolean;
  n: number;
  /** Completed: their days late; open: their due days (days since 2000-01-01), for the days late at each cut-off. */
  days: number;
}

const EPOCH_DAY = '2000-01-01';
const daysSinceEpoch = (d: IsoDate) => Math.round((Date.parse(d) - Date.parse(EPOCH_DAY)) / DAY_MS);

/**
 * The figures at each of several cut-offs (the board's month ends), as `executionReport` by kind gives its totals or
 * one kind's group at each, in one pass over the spans of the window instead of one report per cut-off: each span is
 * placed by where it stands against the sorted cut-offs (width_bucket), and the rows alike are added up per cut-off
 * here. The few with a target are judged per cut-off by the domain, as in the report.
 */
export async function executionTrend(deps: AppDeps, principal: Principal, q: TrendQuery, cutoffs: readonly number[]): Promise<Figures[]> {
  if (cutoffs.length === 0) return [];
  for (const asOf of cutoffs) validateQuery({ ...q, asOf, groupBy: 'kind' });
  const tx = deps.sql;
  const sorted = [...new Set(cutoffs)].sort((a, b) => a - b);
  const days = sorted.map((c) => toVnDate(new Date(c)));
  // The cut-offs as arrays cast once (an InitPlan), not once per span.
  const ats = tx`(SELECT ${sorted.map((c) => new Date(c).toISOString())}::text[]::timestamptz[])`;
  const dayArray = tx`(SELECT ${days}::text[]::date[])`;
  const sinces = tx`(SELECT ${sorted.map((c) => updateWindowStart(c).toISOString())}::text[]::timestamptz[])`;
  const b = q.deadline === 'original' ? 'original' : 'adjusted';
  const column = tx.unsafe(`s.${b}_column`);
  const dueOn = tx.unsafe(`s.${b}_due_on`);
  const dueAt = tx.unsafe(`s.${b}_due_at`);
  // How many cut-offs come before an instant (strictly: timestamps are whole microseconds).
  const before = (instant: PendingQuery<Row[]>) => tx`width_bucket(${instant} - interval '1 microsecond', ${ats})`;
  const open = tx`${column} IS NULL`;
  const byKind = q.unitKind !== undefined;
  const [rows, targetRows] = await Promise.all([
    tx<TrendRow[]>`
      SELECT g, first, "end", col, within_end, late_from, updated_end, awaiting, count(*)::int AS n, sum(d)::float8 AS days
      FROM (
        SELECT ${byKind ? tx`s.unit_code` : tx`''`} AS g,
               ${before(tx`s.valid_from`)} AS first,
               ${before(tx`s.valid_to`)} AS "end",
               coalesce(${column}, 0)::int AS col,
               CASE WHEN NOT ${open} THEN 0 WHEN ${dueAt} IS NOT NULL THEN ${before(tx`${dueAt}`)}
                    ELSE width_bucket(${dueOn}, ${dayArray}) END AS within_end,
               CASE WHEN ${open} THEN width_bucket(${dueOn}, ${dayArray}) ELSE 0 END AS late_from,
               CASE WHEN ${open} THEN coalesce(width_bucket(s.last_progress_at, ${sinces}), 0) ELSE 0 END AS updated_end,
               ${open} AND s.awaiting AS awaiting,
               CASE WHEN ${open} THEN ${dueOn} - ${EPOCH_DAY}::date ELSE ${tx.unsafe(`s.${b}_days_late`)} END AS d
        ${spansInForce(tx, principal, q, 'without', { from: sorted[0]!, to: sorted.at(-1)! })}
      ) placed
      WHERE first < "end"
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
    Promise.all(sorted.map((asOf) => factRows(deps, principal, { ...q, asOf, groupBy: 'unit' }, { targetsOnly: true }))),
  ]);
  const inKind = (unitCode: string) => !byKind || (deps.units.get(unitCode)?.kind ?? 'other') === q.unitKind;
  const points = sorted.map(() => emptyFigures());
  const dayNumbers = days.map(daysSinceEpoch);
  for (const r of rows) {
    if (!inKind(r.g)) continue;
    for (let i = r.first; i < r.end; i++) {
      const f = points[i]!;
      f.total += r.n;
      if (r.col === 1) f.completedOnTime += r.n;
      else if (r.col === 2) f.completedLate += r.n;
      if (r.col !== 0) {
        f.daysLateTotal += r.days;
        continue;
      }
      if (i < r.within_end) f.openWithinDeadline += r.n;
      else {
        f.openOverdue += r.n;
        if (i >= r.late_from) f.daysLateTotal += r.n * dayNumbers[i]! - r.days;
      }
      if (r.awaiting) f.awaitingConfirmation += r.n;
      if (i < r.updated_end) f.openUpdated += r.n;
    }
  }
  targetRows.forEach((found, i) => {
    for (const r of found) {
      if (!inKind(r.g)) continue;
      const facts = toFacts(r);
      const c = classify(facts, { originalDueOn: r.original_due_on, originalDueAt: r.original_due_at }, sorted[i]!, q.deadline);
      if (c) addTo(points[i]!, c, facts, sorted[i]!);
    }
  });
  return cutoffs.map((c) => points[sorted.indexOf(c)]!);
}
