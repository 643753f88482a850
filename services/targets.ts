/**
 * Measurable targets on tasks and the values units report against them: a coordinator sets or clears a task's
 * target; the unit (or a coordinator) records a measured value with its source and date; anyone who sees the
 * assignment reads its values and how it stands against the target on a date.
 */
import { jsonb } from '../db/sql';
import { toVnDate, type IsoDate } from '../domain/dates';
import { judge, measurementProblem, targetSchema, type Attainment, type Target } from '../domain/targets';
import { canSeeUnit, type Principal } from './access';
import type { AppDeps } from './deps';
import { conflict, invalid, notFound } from './errors';
import { authorize } from './use-cases';

export interface MeasurementInput {
  value: number;
  /** N, for a ratio target. */
  of?: number | null;
  measuredOn: IsoDate;
  source: string;
  note?: string;
}

export interface MeasurementView {
  id: string;
  value: number;
  of: number | null;
  measuredOn: IsoDate;
  source: string;
  note: string;
  reportedBy: string;
  recordedAt: string;
}

export interface AssignmentTarget {
  taskId: string;
  unitCode: string;
  target: Target | null;
  dueOn: IsoDate;
  measurements: MeasurementView[];
  attainment: Attainment | null;
}

export async function setTaskTarget(
  deps: AppDeps,
  principal: Principal,
  taskId: string,
  target: Target | null,
): Promise<{ taskId: string; target: Target | null }> {
  authorize(principal, 'setTargets');
  if (target !== null) {
    const parsed = targetSchema.safeParse(target);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw invalid(['target', ...issue.path.map(String)].join('.'), issue.message);
    }
  }
  const updated =
    await deps.sql`UPDATE tasks SET target = ${target === null ? null : jsonb(deps.sql, target)} WHERE id = ${taskId} RETURNING id`;
  if (updated.length === 0) throw notFound(`task ${taskId}`);
  return { taskId, target };
}

interface AssignmentRow {
  status: string;
  due_on: IsoDate;
  target: Target | null;
}

async function findAssignment(deps: AppDeps, principal: Principal, taskId: string, unitCode: string): Promise<AssignmentRow> {
  const [row] = await deps.sql<AssignmentRow[]>`
    SELECT a.status, a.due_on, t.target FROM assignments a JOIN tasks t ON t.id = a.task_id
    WHERE a.task_id = ${taskId} AND a.unit_code = ${unitCode}`;
  if (!row || !canSeeUnit(principal, unitCode)) throw notFound(`assignment of task ${taskId} to ${unitCode}`);
  return row;
}

type Stored = {
  id: string;
  value: string;
  of_total: string | null;
  measured_on: IsoDate;
  source: string;
  note: string;
  reported_by: string;
  recorded_at: Date;
};

const view = (m: Stored): MeasurementView => ({
  id: m.id,
  value: Number(m.value),
  of: m.of_total === null ? null : Number(m.of_total),
  measuredOn: m.measured_on,
  source: m.source,
  note: m.note,
  reportedBy: m.reported_by,
  recordedAt: m.recorded_at.toISOString(),
});

export async function recordMeasurement(
  deps: AppDeps,
  principal: Principal,
  taskId: string,
  unitCode: string,
  input: MeasurementInput,
): Promise<MeasurementView> {
  authorize(principal, 'reportMeasuredValues');
  const row = await findAssignment(deps, principal, taskId, unitCode);
  if (!row.target) throw conflict(`task ${taskId} has no measurable target`, 'no-target');
  if (row.status === 'cancelled' || row.status === 'reassigned') throw conflict(`the assignment is ${row.status}`);
  const problem = measurementProblem(row.target, input);
  if (problem) throw invalid(problem.field, problem.reason);
  const [stored] = await deps.sql<Stored[]>`
    INSERT INTO measurements (task_id, unit_code, value, of_total, measured_on, source, note, reported_by)
    VALUES (${taskId}, ${unitCode}, ${input.value}, ${input.of ?? null}, ${input.measuredOn}, ${input.source}, ${input.note ?? ''}, ${principal.id})
    RETURNING id::text, value::text, of_total::text, measured_on, source, note, reported_by, recorded_at`;
  return view(stored!);
}

/** The assignment's target, its values recorded by `asOf`, and how it stands on that day. */
export async function assignmentTarget(
  deps: AppDeps,
  principal: Principal,
  taskId: string,
  unitCode: string,
  asOf: number,
): Promise<AssignmentTarget> {
  const row = await findAssignment(deps, principal, taskId, unitCode);
  const stored = await deps.sql<Stored[]>`
    SELECT id::text, value::text, of_total::text, measured_on, source, note, reported_by, recorded_at FROM measurements
    WHERE task_id = ${taskId} AND unit_code = ${unitCode} AND recorded_at <= ${new Date(asOf)}
    ORDER BY measured_on, id`;
  const measurements = stored.map(view);
  return {
    taskId,
    unitCode,
    target: row.target,
    dueOn: row.due_on,
    measurements,
    attainment: row.target ? judge(row.target, measurements, row.due_on, toVnDate(new Date(asOf))) : null,
  };
}
