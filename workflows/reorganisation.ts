/**
 * Applying a reorganisation as a batch: count the open assignments of the dissolved units, then page through
 * them and reassign each page to the successors through an activity. Each move's update id derives from the
 * reorganisation and the assignment, so a batch retried after a crash reassigns nothing twice; the progress
 * is held here and answered by a query while the workflow runs, and returned when it ends.
 */
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  reorganisationProgressQuery,
  type ReorganisationApplyInput,
  type ReorganisationMove,
  type ReorganisationProgress,
} from './contract';

const { countReorganisationMoves, nextReorganisationMoves } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
const { applyReorganisationMoves } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  // It heartbeats after every move: a worker that dies mid-batch is noticed in seconds.
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export async function reorganisationApplyWorkflow(input: ReorganisationApplyInput): Promise<ReorganisationProgress> {
  const progress: ReorganisationProgress = { total: 0, done: 0, merged: 0, failures: [], finished: false };
  wf.setHandler(reorganisationProgressQuery, () => progress);
  progress.total = await countReorganisationMoves(input.reorganisationId);
  let after: string | null = null;
  for (;;) {
    const page: ReorganisationMove[] = await nextReorganisationMoves({
      reorganisationId: input.reorganisationId,
      after,
      limit: input.batchSize ?? 100,
    });
    if (page.length === 0) break;
    const outcome = await applyReorganisationMoves({ reorganisationId: input.reorganisationId, actorId: input.actorId, moves: page });
    progress.done += outcome.moved;
    progress.merged += outcome.merged;
    progress.failures.push(...outcome.failures);
    // Assignments opened in a dissolved unit after the count still move; the total follows.
    progress.total = Math.max(progress.total, progress.done + progress.failures.length);
    after = page[page.length - 1]!.workflowId;
  }
  progress.finished = true;
  return progress;
}
