/**
 * The one way assignment workflows are started from the API: a lead, its co-operating units, sub-assignments. The
 * caller writes each assignment row with its own start input (role, due date, who it answers to, parent) and a
 * start batch naming the rows, in the transaction that creates them; then the batch is handed to one fan-out
 * workflow whose id is the batch's, which starts each unit from what was recorded. A batch whose hand-over failed
 * (Temporal unreachable) or never happened (the process died after the commit) is resumed at boot, from the same
 * records, so each unit starts exactly once and as itself: a co-operating unit never as a lead.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { EscalationPolicy } from '../domain/policy';
import type { IsoDate } from '../domain/dates';
import type { SqlOrTx } from '../db/sql';
import { fanoutWorkflowId, taskQueuesOf, type FanoutInput, type FanoutUnit, type FanoutWorkflow } from '../workflows/contract';
import type { AppDeps } from './deps';
import { DomainError } from './errors';

export type StartRole = 'lead' | 'cooperating' | 'sub';

/** What an assignment row records of its own start (assignments.start_input). */
export interface RecordedStart {
  role: StartRole;
  dueOn: IsoDate;
  dueAt: number | null;
  /** Who receives its top-rung escalations and requests: the Government Office, the lead unit, or the parent's holder. */
  coordinatorUnit: string;
  confirmationRequired: boolean;
  /** Its own escalation policy when it differs from the task's (a sub-assignment's). */
  policy?: EscalationPolicy;
  parentWorkflowId: string | null;
}

type StartDeps = Pick<AppDeps, 'sql' | 'temporal' | 'taskQueue' | 'calendar' | 'logger' | 'coordinatorUnit'>;

/** Records a batch of rows (already written in `tx`) to start; a repeat of the same batch records nothing. */
export async function recordStartBatch(tx: SqlOrTx, batchId: string, taskId: string, workflowIds: string[]): Promise<void> {
  await tx`
    INSERT INTO assignment_starts (id, task_id, workflow_ids) VALUES (${batchId}, ${taskId}, ${workflowIds})
    ON CONFLICT (id) DO NOTHING`;
}

interface BatchRow {
  id: string;
  task_id: string;
  workflow_ids: string[];
  directive_id: string;
  due_on: string;
  due_at: Date | null;
  policy: EscalationPolicy;
  confirmation_required: boolean;
}

interface UnitRow {
  original_unit: string;
  role: 'lead' | 'cooperating';
  due_on: string;
  due_at: Date | null;
  answers_to: string | null;
  parent_workflow_id: string | null;
  start_input: RecordedStart | null;
}

/**
 * Hands a recorded batch to its fan-out workflow (started once: its id is the batch's) and marks it started. Throws
 * a 503 problem when Temporal cannot take it; the batch stays recorded and `resumePendingStarts` starts it later.
 */
export async function startRecordedBatch(deps: StartDeps, batchId: string): Promise<void> {
  const [batch] = await deps.sql<BatchRow[]>`
    SELECT s.id, s.task_id, s.workflow_ids, t.directive_id, t.due_on, t.due_at, t.policy, d.confirmation_required
    FROM assignment_starts s JOIN tasks t ON t.id = s.task_id JOIN directives d ON d.id = t.directive_id
    WHERE s.id = ${batchId}`;
  if (!batch) throw new Error(`start batch ${batchId} is not recorded`);
  const rows = await deps.sql<UnitRow[]>`
    SELECT original_unit, role, due_on, due_at, answers_to, parent_workflow_id, start_input
    FROM assignments WHERE workflow_id = ANY(${batch.workflow_ids}) ORDER BY original_unit`;
  const taskInput = {
    dueOn: batch.due_on,
    dueAt: batch.due_at?.getTime() ?? null,
    coordinatorUnit: deps.coordinatorUnit,
    confirmationRequired: batch.confirmation_required,
  };
  // Only what differs from the shared input travels per unit, keeping a 2,000-unit fan-out's input small.
  const units = rows.map((row) => differingFrom(taskInput, unitInputOf(row, taskInput, deps.coordinatorUnit)));
  const input: FanoutInput = {
    taskId: batch.task_id,
    directiveId: batch.directive_id,
    ...taskInput,
    policy: batch.policy,
    calendar: await deps.calendar(),
    unitCodes: units.map((u) => u.unitCode),
    units,
  };
  try {
    await deps.temporal.workflow.start<FanoutWorkflow>('fanoutWorkflow', {
      taskQueue: taskQueuesOf(deps.taskQueue).fanout,
      workflowId: batchId,
      args: [input],
      // A finished fan-out is not run again: what it started stays started once.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
      deps.logger.error({ err, taskId: batch.task_id, batchId }, 'fan-out start failed; will retry at next start');
      throw new DomainError(
        'unavailable',
        'temporal-unavailable',
        `task ${batch.task_id} was saved but its assignments could not be started yet; they start when Temporal is reachable`,
      );
    }
  }
  await deps.sql.begin(async (tx) => {
    await tx`UPDATE assignment_starts SET started_at = coalesce(started_at, now()) WHERE id = ${batchId}`;
    if (batchId === fanoutWorkflowId(batch.task_id))
      await tx`UPDATE tasks SET fanout_started_at = coalesce(fanout_started_at, now()) WHERE id = ${batch.task_id}`;
  });
}

function differingFrom(shared: Omit<FanoutUnit, 'unitCode' | 'policy'>, unit: FanoutUnit): FanoutUnit {
  const own: FanoutUnit = { unitCode: unit.unitCode };
  for (const key of ['dueOn', 'dueAt', 'coordinatorUnit', 'confirmationRequired'] as const)
    if (unit[key] !== shared[key]) Object.assign(own, { [key]: unit[key] });
  if (unit.policy) own.policy = unit.policy;
  return own;
}

/** A row's own start input; rows written before inputs were recorded derive theirs from their role. */
function unitInputOf(row: UnitRow, task: Omit<FanoutUnit, 'unitCode' | 'policy'>, coordinatorUnit: string): FanoutUnit {
  const own = row.start_input;
  if (own) {
    const unit: FanoutUnit = {
      unitCode: row.original_unit,
      dueOn: own.dueOn,
      dueAt: own.dueAt,
      coordinatorUnit: own.coordinatorUnit,
      confirmationRequired: own.confirmationRequired,
    };
    return own.policy ? { ...unit, policy: own.policy } : unit;
  }
  if (row.role === 'cooperating')
    return {
      unitCode: row.original_unit,
      dueOn: row.due_on,
      dueAt: null,
      coordinatorUnit: row.answers_to ?? coordinatorUnit,
      confirmationRequired: row.answers_to !== null,
    };
  return { unitCode: row.original_unit, ...task };
}

/**
 * At boot: starts every recorded batch not yet handed to Temporal, and the tasks saved before batches were
 * recorded whose fan-out never started (their top-level rows, each by its role). Answers how many were started.
 */
export async function resumePendingStarts(deps: StartDeps): Promise<number> {
  const legacy = await deps.sql<{ id: string }[]>`
    SELECT t.id FROM tasks t
    WHERE t.fanout_started_at IS NULL AND t.recurring IS NULL
      AND NOT EXISTS (SELECT 1 FROM assignment_starts s WHERE s.task_id = t.id)`;
  for (const { id } of legacy) {
    const rows = await deps.sql<{ workflow_id: string }[]>`
      SELECT workflow_id FROM assignments WHERE task_id = ${id} AND parent_workflow_id IS NULL AND predecessor_workflow_id IS NULL`;
    await recordStartBatch(
      deps.sql,
      fanoutWorkflowId(id),
      id,
      rows.map((r) => r.workflow_id),
    );
  }
  const pending = await deps.sql<{ id: string }[]>`
    SELECT id FROM assignment_starts WHERE started_at IS NULL ORDER BY created_at, id`;
  // One batch that cannot start does not hold back the others; the first failure is reported after all were tried.
  let failure: unknown = null;
  for (const { id } of pending) await startRecordedBatch(deps, id).catch((err: unknown) => (failure ??= err));
  if (failure) throw failure;
  return pending.length;
}
