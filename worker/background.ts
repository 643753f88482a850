/**
 * The always-on workflows next to the per-assignment ones: the delivery dispatcher and the leader-digest
 * Schedule. Ensured on every start (API or standalone worker), idempotently: an existing dispatcher is kept,
 * an existing schedule takes the configured time.
 */
import { WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import { deliveryDispatcherId, taskQueuesOf, type DeliveryDispatcherInput, type DeliveryDispatcherWorkflow } from '../workflows/contract';

export interface BackgroundOptions {
  taskQueue: string;
  /** "HH:MM" local time of the digests (default 07:30). */
  digestTime?: string;
  digestTimezone?: string;
  dispatcher?: DeliveryDispatcherInput;
}

export function digestScheduleId(taskQueue: string): string {
  return `leader-digests/${taskQueue}`;
}

export async function ensureBackgroundWorkflows(client: Client, options: BackgroundOptions): Promise<void> {
  await client.workflow.start<DeliveryDispatcherWorkflow>('deliveryDispatcherWorkflow', {
    workflowId: deliveryDispatcherId(options.taskQueue),
    taskQueue: taskQueuesOf(options.taskQueue).delivery,
    args: [options.dispatcher ?? {}],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });

  const [hour, minute] = (options.digestTime ?? '07:30').split(':').map(Number) as [number, number];
  // Every day at the set time; the workflow skips days off, so swapped working Saturdays get theirs too.
  const spec = { calendars: [{ hour, minute, comment: 'leader digests' }], timezone: options.digestTimezone ?? 'Asia/Ho_Chi_Minh' };
  const scheduleId = digestScheduleId(options.taskQueue);
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'leaderDigestsWorkflow',
    taskQueue: options.taskQueue,
    workflowId: `leader-digests/${options.taskQueue}`,
    args: [{}],
  };
  try {
    await client.schedule.create({
      scheduleId,
      spec,
      action,
      policies: { overlap: 'SKIP', catchupWindow: '6 hours' },
      state: { note: 'leader digests on working days' },
    });
  } catch (err) {
    if ((err as Error).name !== 'ScheduleAlreadyRunning') throw err;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action }));
  }
}
