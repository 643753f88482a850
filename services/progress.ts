/** Progress roll-ups of a task or a directive, from the read model, limited to what the caller may see. */
import { toVnDate } from '../domain/dates';
import { rollUp, type ProgressFact, type RollUp } from '../domain/progress';
import type { Status } from '../domain/status';
import { canSeeUnit, seesAllUnits, visibleUnits, type Principal } from './access';
import type { AppDeps } from './deps';
import { notFound } from './errors';

interface FactRow {
  task_id: string;
  unit_code: string;
  original_unit: string;
  status: Status;
  due_on: string;
  original_due_on: string;
  completion: { reportedAt: number; documentDate: string | null; confirmed: boolean } | null;
  progress_at: Date | null;
  ancestor_units: string[];
  role: 'lead' | 'cooperating';
}

function toFacts(deps: AppDeps, principal: Principal, rows: FactRow[]): ProgressFact[] {
  return rows
    .filter((r) => canSeeUnit(principal, r.unit_code) || r.ancestor_units.some((u) => canSeeUnit(principal, u)))
    // k of N counts the top of what the caller sees: the lead side, not co-operating contributions nor the levels below
    // (those have their own roll-up, GET …/sub-assignments).
    .filter((r) => r.role !== 'cooperating' && !r.ancestor_units.some((u) => canSeeUnit(principal, u)))
    .map((r) => {
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
        completedOn: c?.confirmed ? (c.documentDate ?? toVnDate(new Date(c.reportedAt))) : null,
        lastProgressAt: r.progress_at?.getTime() ?? null,
      };
    });
}

const factColumns = (deps: AppDeps) =>
  deps.sql`SELECT a.task_id, a.unit_code, a.original_unit, a.status, a.due_on, a.original_due_on, a.completion, a.progress_at, a.ancestor_units, a.role FROM assignments a`;

export interface TaskProgress extends RollUp {
  taskId: string;
  title: string;
  key: boolean;
  dueOn: string | null;
}

export async function taskProgress(deps: AppDeps, principal: Principal, taskId: string, periodDays: number): Promise<TaskProgress> {
  const [task] = await deps.sql<{ id: string; title: string; key_task: boolean; due_on: string | null }[]>`
    SELECT id, title, key_task, due_on FROM tasks WHERE id = ${taskId}`;
  if (!task) throw notFound(`task ${taskId}`);
  const rows = await deps.sql<FactRow[]>`
    ${factColumns(deps)} WHERE a.task_id = ${taskId} ${visibleUnits(deps.sql, principal, 'a.unit_code')} ORDER BY a.unit_code`;
  // A task with no assignment the caller may see is, to them, no task at all (existence is not revealed).
  if (rows.length === 0 && !seesAllUnits(principal)) throw notFound(`task ${taskId}`);
  const now = deps.now?.() ?? Date.now();
  return { taskId, title: task.title, key: task.key_task, dueOn: task.due_on, ...rollUp(toFacts(deps, principal, rows), now, periodDays) };
}

export async function directiveProgress(deps: AppDeps, principal: Principal, directiveId: string, options: { keyOnly: boolean; periodDays: number }) {
  const [directive] = await deps.sql<{ id: string; number: string; title: string }[]>`SELECT id, number, title FROM directives WHERE id = ${directiveId}`;
  if (!directive) throw notFound(`directive ${directiveId}`);
  const tasks = await deps.sql<{ id: string; title: string; key_task: boolean; due_on: string | null }[]>`
    SELECT id, title, key_task, due_on FROM tasks WHERE directive_id = ${directiveId} ${options.keyOnly ? deps.sql`AND key_task` : deps.sql``}
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
    ...rollUp(facts, now, options.periodDays),
    tasks: visibleTasks.map((t) => ({
      taskId: t.id,
      title: t.title,
      key: t.key_task,
      dueOn: t.due_on,
      ...rollUp(facts.filter((f) => f.taskId === t.id), now, options.periodDays),
    })),
  };
}
