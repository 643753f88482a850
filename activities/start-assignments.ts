/**
 * Starts assignment workflows through the Temporal client. A workflow that already exists (a retried batch,
 * a re-run fan-out) is reported, not an error. When the start carries a predecessor (a reassignment or a
 * reorganisation onto a unit that already holds the task), the two merge: a running successor records the
 * merge in its timeline; a completed one reopens, as a new run of the same workflow id that carries its
 * state on, so the merged open work stays open and counted.
 */
import { heartbeat } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { reopenForMerge, reopensForMerge } from '../domain/assignment-state';
import {
  assignmentWorkflowId,
  mergeUpdate,
  stateQuery,
  type AssignmentInput,
  type AssignmentWorkflow,
  type MergeInput,
} from '../workflows/contract';
import type { Sql } from '../db/sql';

const CONCURRENT_STARTS = 16;

/**
 * Backpressure: a batch returns only once the workflows it started have recorded their first event, all but the
 * last CONCURRENT_STARTS of them. Starting is far cheaper than a workflow's first steps, so a fan-out that ran
 * ahead left a backlog larger than the history service's cache: 100,000 at once on the bench cluster made it
 * reload and evict mutable states until its Postgres calls timed out (bench/results/cluster/analysis.md). With
 * WORKER_FANOUT_BATCHES batches per worker, the backlog stays near batches × batch size.
 */
export interface StartBackpressure {
  sql: Sql;
  /** How often to look (ms); 250 by default. */
  pollMs?: number;
  /** Give up waiting after this long without progress (ms); the workflows run on regardless. 60 s by default. */
  stallMs?: number;
}

export function createStartAssignments(client: Client, taskQueue: string, backpressure?: StartBackpressure) {
  /** Waits until at most `slack` of `workflowIds` have yet to record their first event (or progress stalls). */
  async function waitForFirstSteps(workflowIds: string[], slack: number): Promise<void> {
    if (!backpressure || workflowIds.length <= slack) return;
    const { sql, pollMs = 250, stallMs = 60_000 } = backpressure;
    let pending = workflowIds.length;
    let progressAt = Date.now();
    for (;;) {
      const [row] = await sql<{ pending: number }[]>`
        SELECT ${workflowIds.length}::int - count(*)::int AS pending FROM assignments
        WHERE workflow_id = ANY(${workflowIds}) AND version >= 1`;
      if (row!.pending < pending) progressAt = Date.now();
      pending = row!.pending;
      if (pending <= slack || Date.now() - progressAt > stallMs) return;
      heartbeat({ waitingFor: pending });
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  /** Merges the predecessor's open work into the existing successor; idempotent by the predecessor's id. */
  async function mergeInto(workflowId: string, input: AssignmentInput): Promise<void> {
    const p = input.predecessor!;
    const merge: MergeInput = {
      messageId: `merge/${p.workflowId}`,
      actor: { kind: 'system', id: 'merge' },
      predecessor: { ...p, unitCode: p.workflowId.split('/').at(-1) ?? p.originalUnit },
    };
    const handle = client.workflow.getHandle<AssignmentWorkflow>(workflowId);
    const { status } = await handle.describe();
    if (status.name === 'RUNNING') {
      try {
        await handle.executeUpdate(mergeUpdate, { args: [merge], updateId: merge.messageId });
        return;
      } catch (err) {
        // Closed between describe and update: fall through and reopen it.
        if (!(err instanceof WorkflowUpdateFailedError)) throw err;
      }
    }
    const state = await handle.query(stateQuery);
    if (!reopensForMerge(state)) return;
    try {
      await client.workflow.start<AssignmentWorkflow>('assignmentWorkflow', {
        taskQueue,
        workflowId,
        args: [
          {
            ...input,
            unitCode: state.unitCode,
            dueOn: state.dueOn,
            dueAt: state.dueAt,
            predecessor: undefined,
            continued: { state: reopenForMerge(state, Date.now()), handledMessageIds: [], topRungAt: null, repeats: 0 },
            reopenedFor: merge,
          },
        ],
        // Only a closed run is replaced; a running one (another attempt reopened it already) is kept.
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  return async function startAssignments(inputs: AssignmentInput[]): Promise<{ started: string[]; existing: string[] }> {
    const started: string[] = [];
    const existing: string[] = [];
    let next = 0;
    async function startNext(): Promise<void> {
      while (next < inputs.length) {
        const input = inputs[next++]!;
        const workflowId = assignmentWorkflowId(input.taskId, input.unitCode);
        try {
          // A closed workflow with this id counts as existing: a finished assignment is never restarted.
          await client.workflow.start<AssignmentWorkflow>('assignmentWorkflow', {
            taskQueue,
            workflowId,
            args: [input],
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          });
          started.push(workflowId);
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
          if (input.predecessor) await mergeInto(workflowId, input);
          existing.push(workflowId);
        }
        heartbeat(started.length + existing.length);
      }
    }
    await Promise.all(Array.from({ length: Math.min(CONCURRENT_STARTS, inputs.length) }, startNext));
    await waitForFirstSteps(started, CONCURRENT_STARTS);
    return { started, existing };
  };
}
