/**
 * One period of a recurring obligation, started by the task's Temporal Schedule (or its backfill): create the
 * period's task and assignments, once. The period is the one the scheduled time falls in.
 */
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { RecurringPeriodInput, RecurringPeriodResult } from './contract';

const { createPeriodTask } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function recurringPeriodWorkflow(input: RecurringPeriodInput): Promise<RecurringPeriodResult> {
  const info = wf.workflowInfo();
  const scheduled = info.searchAttributes?.TemporalScheduledStartTime?.[0];
  const at =
    scheduled instanceof Date ? scheduled.getTime() : typeof scheduled === 'string' ? Date.parse(scheduled) : info.startTime.getTime();
  return createPeriodTask({ taskId: input.taskId, scheduledAt: at });
}
