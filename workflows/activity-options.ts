/** Activity options shared by more than one workflow, declared once. */
import type { ActivityOptions } from '@temporalio/workflow';

/** Starting a batch of assignment workflows (fan-out, reassignment, reorganisation). */
export const START_ASSIGNMENTS_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  // It heartbeats after every start: a worker that dies mid-batch is noticed in seconds, not minutes.
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
};
