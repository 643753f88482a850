/**
 * Applying a reorganisation: every open assignment of a dissolved unit is reassigned to its successor through
 * the workflow's `reassign` update, so the history and the original unit stay on record. Completed ones stay
 * credited to the unit that did them. Message ids derive from the reorganisation and the workflow, and
 * moved assignments are no longer open, so applying twice changes nothing the second time.
 */
import { plannedMoves, type Reorganisation } from '../domain/units';
import { OPEN_STATUSES } from '../domain/status';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import {
  reorganisationApplyWorkflowId,
  taskQueuesOf,
  reorganisationProgressQuery,
  type ReorganisationApplyWorkflow,
  type ReorganisationProgress,
} from '../workflows/contract';
import { batchRunStatus, type BatchRunStatus } from '../domain/batch-run';
import type { Principal } from './access';
import type { AppDeps } from './deps';
import { notFound } from './errors';
import { authorize } from './use-cases';

export interface PlannedMove {
  workflowId: string;
  taskId: string;
  fromUnit: string;
  toUnit: string;
  /** The successor already holds the task: the two count once, under it. */
  merges: boolean;
}

export function findReorganisation(reorganisations: Reorganisation[], id: string): Reorganisation {
  const reorg = reorganisations.find((r) => r.id === id);
  if (!reorg) throw notFound(`reorganisation ${id}`);
  return reorg;
}

export async function planReorganisation(deps: AppDeps, principal: Principal, reorg: Reorganisation): Promise<PlannedMove[]> {
  authorize(principal, 'applyReorganisations');
  const from = reorg.moves.map((m) => m.from);
  const open = await deps.sql<{ workflowId: string; taskId: string; unitCode: string }[]>`
    SELECT workflow_id AS "workflowId", task_id AS "taskId", unit_code AS "unitCode" FROM assignments
    WHERE unit_code = ANY(${from}) AND status = ANY(${OPEN_STATUSES as string[]})
    ORDER BY task_id, unit_code`;
  const held = await deps.sql<{ key: string }[]>`
    SELECT task_id || '/' || unit_code AS key FROM assignments
    WHERE task_id = ANY(${[...new Set(open.map((o) => o.taskId))]}) AND status <> 'reassigned'`;
  const holds = new Set(held.map((h) => h.key));
  return plannedMoves(reorg, open).map(({ assignment, to }) => ({
    workflowId: assignment.workflowId,
    taskId: assignment.taskId,
    fromUnit: assignment.unitCode,
    toUnit: to,
    merges: holds.has(`${assignment.taskId}/${to}`),
  }));
}

export interface ReorganisationApplication extends ReorganisationProgress {
  id: string;
  reorganisationId: string;
  status: BatchRunStatus;
}

/** One application per reorganisation (its id is the reorganisation's): the batch runs as a workflow. */
export async function startReorganisationApply(
  deps: AppDeps,
  principal: Principal,
  reorg: Reorganisation,
): Promise<ReorganisationApplication> {
  authorize(principal, 'applyReorganisations');
  const actorId = principal.id;
  try {
    await deps.temporal.workflow.start<ReorganisationApplyWorkflow>('reorganisationApplyWorkflow', {
      // On the batch queue: thousands of moves never hold up an assignment's own steps.
      taskQueue: taskQueuesOf(deps.taskQueue).batch,
      workflowId: reorganisationApplyWorkflowId(reorg.id),
      args: [{ reorganisationId: reorg.id, actorId }],
      // Applying again, while it runs or after, answers with the same application.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return applicationStatus(deps, reorg, reorg.id);
}

export async function getReorganisationApplication(
  deps: AppDeps,
  principal: Principal,
  reorg: Reorganisation,
  applicationId: string,
): Promise<ReorganisationApplication> {
  authorize(principal, 'readReorganisationApplications');
  return applicationStatus(deps, reorg, applicationId);
}

/** An application's progress, for callers that have authorized the reader already (the batch-run list). */
export async function applicationStatus(deps: AppDeps, reorg: Reorganisation, applicationId: string): Promise<ReorganisationApplication> {
  if (applicationId !== reorg.id) throw notFound(`application ${applicationId} of reorganisation ${reorg.id}`);
  const handle = deps.temporal.workflow.getHandle(reorganisationApplyWorkflowId(reorg.id));
  let described;
  try {
    described = await handle.describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw notFound(`application ${applicationId} of reorganisation ${reorg.id}`);
    throw err;
  }
  const name = described.status.name;
  const view = (progress: ReorganisationProgress) => ({
    id: applicationId,
    reorganisationId: reorg.id,
    ...progress,
    ...batchRunStatus(name, progress.finished),
  });
  if (name === 'COMPLETED') return view(await handle.result());
  if (name === 'RUNNING') {
    // A workflow not yet picked up by a worker has no query handler: it has done nothing so far.
    const progress = await handle.query(reorganisationProgressQuery).catch(() => null);
    return view(progress ?? { total: 0, done: 0, merged: 0, failures: [], finished: false });
  }
  return view({ total: 0, done: 0, merged: 0, failures: [], finished: true });
}
