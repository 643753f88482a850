/**
 * A sub-assignment follows its parent, as a batch: when the parent is cancelled, every open assignment below it is
 * cancelled; after the parent's due date moved, its open children move by as many days (or to a date), never past
 * the parent's. The plan is made once by an activity and kept in history, then carried out in pages; each child's
 * message id derives from the parent's, so a cascade resumed after a crash changes no child twice.
 */
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { CascadeInput, CascadeResult } from './contract';

const { planCascade } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
const { applyCascade } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  // It heartbeats after every child: a worker that dies mid-page is noticed in seconds.
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export async function cascadeWorkflow(input: CascadeInput): Promise<CascadeResult> {
  const plan = await planCascade(input);
  const result: CascadeResult = { done: [], unchanged: [...plan.unchanged] };
  const batchSize = input.batchSize ?? 50;
  for (let i = 0; i < plan.steps.length; i += batchSize) {
    const outcome = await applyCascade({ input, steps: plan.steps.slice(i, i + batchSize) });
    result.done.push(...outcome.done);
    result.unchanged.push(...outcome.unchanged);
  }
  result.unchanged.sort();
  return result;
}
