/** Baseline workflows: the least a Temporal workflow can do, to compare dondoc's assignment workflow against. */
import * as wf from '@temporalio/workflow';
import type { createBenchActivities } from '../activities';

const { mark } = wf.proxyActivities<ReturnType<typeof createBenchActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds' },
});

/** Runs nothing: the minimum history (5 events). */
export async function emptyWorkflow(): Promise<void> {}

/** Writes one row (like dondoc's 'assigned' event) and ends. */
export async function markWorkflow(id: string): Promise<void> {
  await mark(id, null);
}

/** Sleeps until `at` (epoch ms), then writes one row stamped with the instant it was due. */
export async function sleepThenMarkWorkflow(id: string, at: number): Promise<void> {
  const wait = at - Date.now();
  if (wait > 0) await wf.sleep(wait);
  await mark(id, at);
}

/** Sleeps `ms` (an open workflow at rest on a timer). */
export async function sleepWorkflow(ms: number): Promise<void> {
  await wf.sleep(ms);
}

/** Writes one row, then sleeps `ms`: an open workflow at rest, recorded like dondoc's 'assigned' event. */
export async function markThenSleepWorkflow(id: string, ms: number): Promise<void> {
  await mark(id, null);
  await wf.sleep(ms);
}

/** The completion baseline's update: runs one activity (writes one row) and answers. */
export const completeUpdate = wf.defineUpdate<void, []>('complete');

/**
 * Waits for one `complete` update, which runs the mark activity before answering (as dondoc's complete waits for
 * its recordEvent activity), then ends.
 */
export async function awaitCompleteWorkflow(id: string): Promise<void> {
  let done = false;
  wf.setHandler(completeUpdate, async () => {
    if (done) return;
    await mark(id, null);
    done = true;
  });
  await wf.condition(() => done);
}
