/**
 * The delivery dispatcher: one long-lived workflow per task queue that keeps the outbox drained by running
 * the dispatch activity over and over. Lifecycle workflows only write the outbox, so a slow or failing
 * receiver never holds one up. The activity heartbeats: if its worker dies, Temporal retries it on another
 * after the heartbeat timeout, and rows the dead one had claimed are taken up when their lease lapses.
 */
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { DeliveryDispatcherInput } from './contract';

/** Runs per workflow run before continuing as new, so the history stays small. */
const RUNS_PER_HISTORY = 100;

export async function deliveryDispatcherWorkflow(input: DeliveryDispatcherInput = {}): Promise<void> {
  const runForMs = input.runForMs ?? 60_000;
  const { dispatchDeliveries } = wf.proxyActivities<Activities>({
    startToCloseTimeout: runForMs + 120_000,
    heartbeatTimeout: input.heartbeatTimeoutMs ?? 15_000,
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
  });
  for (let run = 0; run < RUNS_PER_HISTORY && !wf.workflowInfo().continueAsNewSuggested; run++) {
    await dispatchDeliveries({ runForMs });
  }
  await wf.continueAsNew<typeof deliveryDispatcherWorkflow>(input);
}
