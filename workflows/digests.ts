/**
 * Leader digests for one morning, started by the `leader-digests` Temporal Schedule: who gets one today
 * (working days only; weekly readers on the week's first working day), then one keyed write per leader.
 */
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { LeaderDigestsInput, LeaderDigestsResult } from './contract';

const { planDigests, writeDigest } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function leaderDigestsWorkflow(input: LeaderDigestsInput = {}): Promise<LeaderDigestsResult> {
  const info = wf.workflowInfo();
  const scheduled = info.searchAttributes?.TemporalScheduledStartTime?.[0];
  const at =
    input.at ??
    (scheduled instanceof Date ? scheduled.getTime() : typeof scheduled === 'string' ? Date.parse(scheduled) : info.startTime.getTime());
  const plan = await planDigests({ at });
  let sent = 0;
  for (const personId of plan.personIds) {
    const result = await writeDigest({ personId, day: plan.day, at });
    if (result.sent) sent += 1;
  }
  return { day: plan.day, sent, leaders: plan.personIds.length };
}
