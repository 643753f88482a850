/**
 * How a batch run (a calendar re-plan, a reorganisation's application) reads to its callers: one status, and
 * `finished` exactly when the status is no longer running, whatever instant between its last page and its
 * workflow's close the reading is taken at.
 */

export type BatchRunStatus = 'running' | 'completed' | 'failed';

/** The batch workflow as Temporal describes it (its status name), and whether its own progress says all is done. */
export function batchRunStatus(workflowStatus: string, allDone: boolean): { status: BatchRunStatus; finished: boolean } {
  if (workflowStatus === 'COMPLETED') return { status: 'completed', finished: true };
  // Every page sent, the workflow closing: done for whoever asks.
  if (workflowStatus === 'RUNNING') return allDone ? { status: 'completed', finished: true } : { status: 'running', finished: false };
  return { status: 'failed', finished: true };
}
