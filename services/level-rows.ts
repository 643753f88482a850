/**
 * What the services acting across the levels share: an assignment's row as they read it (checked against what the
 * caller may see), the actor a principal acts as, and starting a cascade workflow once.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { EscalationPolicy } from '../domain/policy';
import type { Status } from '../domain/status';
import { taskQueuesOf, type Actor, type CascadeInput, type CascadeWorkflow } from '../workflows/contract';
import { canSeeAssignment, type Principal } from './access';
import type { AppDeps } from './deps';
import { notFound } from './errors';

export interface LevelRow {
  workflow_id: string;
  task_id: string;
  directive_id: string;
  unit_code: string;
  status: Status;
  due_on: string;
  due_date_changes: { from: string; to: string }[];
  parent_workflow_id: string | null;
  answers_to: string | null;
  ancestor_units: string[];
  role: 'lead' | 'cooperating';
  note: string | null;
  confirmation_required: boolean;
  policy: EscalationPolicy;
  /** When the assignment started: its children's dates are never before it. */
  created_at: Date;
}

/** The assignment of `taskId` to `unitCode`, or 404 when there is none or the caller may not see it. */
export async function findLevelRow(deps: AppDeps, principal: Principal, taskId: string, unitCode: string): Promise<LevelRow> {
  const [row] = await deps.sql<LevelRow[]>`
    SELECT a.workflow_id, a.task_id, a.directive_id, a.unit_code, a.status, a.due_on, a.due_date_changes, a.parent_workflow_id,
           a.answers_to, a.ancestor_units, a.role, a.note, d.confirmation_required, t.policy, a.created_at
    FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN directives d ON d.id = a.directive_id
    WHERE a.task_id = ${taskId} AND a.unit_code = ${unitCode}`;
  if (!row || !canSeeAssignment(principal, row.unit_code, row.ancestor_units))
    throw notFound(`assignment of task ${taskId} to ${unitCode}`);
  return row;
}

export function actorOf(principal: Principal): Actor {
  return { kind: principal.role, id: principal.id, unitCode: principal.unitCode };
}

/** Starts the cascade once; asking again finds the same workflow, running or finished. */
export async function startCascade(deps: AppDeps, workflowId: string, input: CascadeInput) {
  try {
    return await deps.temporal.workflow.start<CascadeWorkflow>('cascadeWorkflow', {
      taskQueue: taskQueuesOf(deps.taskQueue).fanout,
      workflowId,
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    return deps.temporal.workflow.getHandle<CascadeWorkflow>(workflowId);
  }
}
