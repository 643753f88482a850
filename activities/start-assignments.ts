/**
 * Starts assignment workflows through the Temporal client. A workflow that already exists (a retried batch,
 * a re-run fan-out, a reassignment onto a unit that already holds the task) is reported, not an error.
 */
import { heartbeat } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { assignmentWorkflowId, type AssignmentInput, type AssignmentWorkflow } from '../workflows/contract';

const CONCURRENT_STARTS = 16;

export function createStartAssignments(client: Client, taskQueue: string) {
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
          existing.push(workflowId);
        }
        heartbeat(started.length + existing.length);
      }
    }
    await Promise.all(Array.from({ length: Math.min(CONCURRENT_STARTS, inputs.length) }, startNext));
    return { started, existing };
  };
}
