/**
 * Re-planning the open assignments after a year's calendar was loaded or changed, as a batch: count the
 * assignments the change may reach, then page through them and send each the new days with their version
 * through an activity. Progress is answered by a query while it runs and returned when it ends; a long run
 * continues as new with its paging cursor, so 100,000 assignments keep the history small.
 */
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities';
import { calendarReplanProgressQuery, type CalendarReplanInput, type CalendarReplanProgress } from './contract';

const { countCalendarReplanTargets, nextCalendarReplanTargets } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
const { sendCalendarChanges } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  // It heartbeats after every signal: a worker that dies mid-page is noticed in seconds.
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** Pages per run before continuing as new (each page is a few history events). */
const PAGES_PER_RUN = 500;

export async function calendarReplanWorkflow(input: CalendarReplanInput): Promise<CalendarReplanProgress> {
  const { resume, batchSize, actorId, ...change } = input;
  const progress: CalendarReplanProgress = resume?.progress ?? { total: 0, sent: 0, closed: 0, finished: false };
  wf.setHandler(calendarReplanProgressQuery, () => progress);
  if (!resume) progress.total = await countCalendarReplanTargets(change.year);
  let after: string | null = resume?.after ?? null;
  for (let pages = 0; ; pages++) {
    if (pages === PAGES_PER_RUN && after !== null) {
      await wf.continueAsNew<typeof calendarReplanWorkflow>({ ...input, resume: { after, progress } });
    }
    const workflowIds = await nextCalendarReplanTargets({ year: change.year, after, limit: batchSize ?? 100 });
    if (workflowIds.length === 0) break;
    const outcome = await sendCalendarChanges({ change, actorId, workflowIds });
    progress.sent += outcome.sent;
    progress.closed += outcome.closed;
    // Assignments opened after the count within the reach are sent the change too; the total follows.
    progress.total = Math.max(progress.total, progress.sent + progress.closed);
    after = workflowIds[workflowIds.length - 1]!;
  }
  progress.finished = true;
  return progress;
}
