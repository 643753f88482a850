/** Progress roll-ups of a task or a directive, from the read model, limited to what the caller may see. */
import { countsAtLevel } from '../domain/counting';
import { rollUp, type ProgressFact, type RollUp } from '../domain/progress';
import type { Status } from '../domain/status';
import type { UnitKind } from '../domain/units';
import { canSeeUnit, seesAllUnits, visibleUnits, type Principal } from './access';
import type { AppDeps } from './deps';
import { notFound } from './errors';
import { subtreeCountsOf, type SubtreeCounts } from './rollups';

interface FactRow {
  workflow_id: string;
  answers_to: string | null;
  task_id: string;
  unit_code: string;
  original_unit: string;
  status: Status;
  due_on: string;
  original_due_on: string;
  due_at: Date | null;
  completion: { reportedAt: number; documentDate: string | null; confirmed: boolean; confirmedBy?: string | null } | null;
  progress_at: Date | null;
  ancestor_units: string[];
  role: 'lead' | 'cooperating';
}

/** k of N counts the top of what the caller sees: the lead side, not co-operating contributions nor the levels below. */
function topRows(principal: Principal, rows: FactRow[]): FactRow[] {
  const sees = (u: string) => canSeeUnit(principal, u);
  return rows
    .filter((r) => sees(r.unit_code) || r.ancestor_units.some(sees))
    .filter((r) => countsAtLevel({ role: r.role, ancestorUnits: r.ancestor_units }, sees));
}

function toFacts(deps: AppDeps, principal: Principal, rows: FactRow[]): ProgressFact[] {
  return topRows(principal, rows).map((r) => {
    const unit = deps.units.get(r.unit_code);
    const c = r.completion;
    return {
      taskId: r.task_id,
      unitCode: r.unit_code,
      unitName: unit?.nameVi ?? r.unit_code,
      unitKind: unit?.kind ?? 'other',
      originalUnit: r.original_unit,
      status: r.status,
      dueOn: r.due_on,
      originalDueOn: r.original_due_on,
      dueAt: r.due_at?.getTime() ?? null,
      completion: c?.confirmed
        ? { reportedAt: c.reportedAt, documentDate: c.documentDate, confirmedByAssigner: c.confirmedBy != null }
        : null,
      lastProgressAt: r.progress_at?.getTime() ?? null,
    };
  });
}

const factColumns = (deps: AppDeps) =>
  deps.sql`SELECT a.workflow_id, a.answers_to, a.task_id, a.unit_code, a.original_unit, a.status, a.due_on, a.original_due_on, a.due_at, a.completion, a.progress_at, a.ancestor_units, a.role FROM assignments a`;

export interface TaskSummary extends RollUp {
  taskId: string;
  title: string;
  titleEn: string | null;
  key: boolean;
  dueOn: string | null;
}

/** A co-operating unit's contribution, shown beside the lead it answers to. */
export interface CooperatingState {
  unitCode: string;
  unitName: string;
  status: Status;
  dueOn: string;
  /** The lead unit the contribution goes to (null when the task has several leads). */
  answersTo: string | null;
}

/** One counted unit of the roll-up (a province row), with the k-of-N of its sub-assignments and its co-operating units. */
export interface TaskUnitRow {
  unitCode: string;
  unitName: string;
  unitKind: UnitKind;
  status: Status;
  dueOn: string;
  subAssignments: { direct: SubtreeCounts; subtree: SubtreeCounts };
  cooperating: CooperatingState[];
}

export interface TaskProgress extends TaskSummary {
  units: TaskUnitRow[];
  /** Visible contributions that answer to no unit listed in `units` (several leads, or the lead not visible). */
  cooperating: CooperatingState[];
}

function cooperatingState(deps: AppDeps, r: FactRow): CooperatingState {
  return {
    unitCode: r.unit_code,
    unitName: deps.units.get(r.unit_code)?.nameVi ?? r.unit_code,
    status: r.status,
    dueOn: r.due_on,
    answersTo: r.answers_to,
  };
}

async function unitRows(deps: AppDeps, principal: Principal, rows: FactRow[]): Promise<Pick<TaskProgress, 'units' | 'cooperating'>> {
  const top = topRows(principal, rows).filter((r) => r.status !== 'reassigned' && r.status !== 'cancelled');
  const below = await subtreeCountsOf(
    deps,
    top.map((r) => r.workflow_id),
  );
  const cooperating = rows.filter((r) => r.role === 'cooperating' && r.status !== 'reassigned' && r.status !== 'cancelled');
  const shown = new Set(top.map((r) => r.unit_code));
  return {
    units: top.map((r) => ({
      unitCode: r.unit_code,
      unitName: deps.units.get(r.unit_code)?.nameVi ?? r.unit_code,
      unitKind: deps.units.get(r.unit_code)?.kind ?? 'other',
      status: r.status,
      dueOn: r.due_on,
      subAssignments: below.get(r.workflow_id)!,
      cooperating: cooperating.filter((c) => c.answers_to === r.unit_code).map((c) => cooperatingState(deps, c)),
    })),
    cooperating: cooperating.filter((c) => !c.answers_to || !shown.has(c.answers_to)).map((c) => cooperatingState(deps, c)),
  };
}

export async function taskProgress(deps: AppDeps, principal: Principal, taskId: string, periodDays: number): Promise<TaskProgress> {
  const [task] = await deps.sql<{ id: string; title: string; title_en: string | null; key_task: boolean; due_on: string | null }[]>`
    SELECT id, title, title_en, key_task, due_on FROM tasks WHERE id = ${taskId}`;
  if (!task) throw notFound(`task ${taskId}`);
  const rows = await deps.sql<FactRow[]>`
    ${factColumns(deps)} WHERE a.task_id = ${taskId} ${visibleUnits(deps.sql, principal, 'a.unit_code')} ORDER BY a.unit_code`;
  // A task with no assignment the caller may see is, to them, no task at all (existence is not revealed).
  if (rows.length === 0 && !seesAllUnits(principal)) throw notFound(`task ${taskId}`);
  const now = deps.now?.() ?? Date.now();
  return {
    taskId,
    title: task.title,
    titleEn: task.title_en,
    key: task.key_task,
    dueOn: task.due_on,
    ...rollUp(toFacts(deps, principal, rows), now, periodDays),
    ...(await unitRows(deps, principal, rows)),
  };
}

export async function directiveProgress(
  deps: AppDeps,
  principal: Principal,
  directiveId: string,
  options: { keyOnly: boolean; periodDays: number },
) {
  const [directive] = await deps.sql<
    { id: string; number: string; title: string; title_en: string | null }[]
  >`SELECT id, number, title, title_en FROM directives WHERE id = ${directiveId}`;
  if (!directive) throw notFound(`directive ${directiveId}`);
  const tasks = await deps.sql<{ id: string; title: string; title_en: string | null; key_task: boolean; due_on: string | null }[]>`
    SELECT id, title, title_en, key_task, due_on FROM tasks WHERE directive_id = ${directiveId} ${options.keyOnly ? deps.sql`AND key_task` : deps.sql``}
    ORDER BY due_on NULLS LAST, id`;
  const rows = await deps.sql<FactRow[]>`
    ${factColumns(deps)} WHERE a.task_id = ANY(${tasks.map((t) => t.id)}) ${visibleUnits(deps.sql, principal, 'a.unit_code')}
    ORDER BY a.task_id, a.unit_code`;
  if (rows.length === 0 && !seesAllUnits(principal)) throw notFound(`directive ${directiveId}`);
  const facts = toFacts(deps, principal, rows);
  // Only the tasks the caller has a visible assignment in are listed (titles of the others are not theirs).
  const visibleTasks = seesAllUnits(principal) ? tasks : tasks.filter((t) => facts.some((f) => f.taskId === t.id));
  const now = deps.now?.() ?? Date.now();
  return {
    directiveId,
    number: directive.number,
    title: directive.title,
    titleEn: directive.title_en,
    ...rollUp(facts, now, options.periodDays),
    tasks: visibleTasks.map((t) => ({
      taskId: t.id,
      title: t.title,
      titleEn: t.title_en,
      key: t.key_task,
      dueOn: t.due_on,
      ...rollUp(
        facts.filter((f) => f.taskId === t.id),
        now,
        options.periodDays,
      ),
    })),
  };
}
