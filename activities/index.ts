/** All activities, built over the process's dependencies. Each is idempotent: safe to retry. */
import type { Client } from '@temporalio/client';
import type { Sql } from '../db/sql';
import { createCalendarReplanActivities } from './calendar-replan';
import { createCascadeActivities } from './cascade';
import { createCreatePeriodTask } from './create-period-task';
import { createDeliveryConfig, type DeliveryConfig } from './delivery-config';
import { createDigestActivities } from './digests';
import { createDispatchDeliveries } from './dispatch-deliveries';
import { createRecordEvent } from './record-event';
import { createReorganisationActivities } from './reorganisation';
import { createStartAssignments } from './start-assignments';

export interface ActivityDeps {
  sql: Sql;
  client: Client;
  taskQueue: string;
  /** Whose coordinators receive top-rung escalations (default: the Government Office). */
  coordinatorUnit?: string;
  /** Email and webhook delivery; default: no SMTP, webhooks to any host. */
  delivery?: DeliveryConfig;
  /**
   * Benchmarks only (bench/dondoc-worker.ts): record events without keeping the five-column summary, to measure what
   * keeping it costs. The summary is then stale until `npm run summary:rebuild`.
   */
  withoutExecutionSummary?: boolean;
}

export function createActivities(deps: ActivityDeps) {
  const delivery = deps.delivery ?? createDeliveryConfig();
  return {
    dispatchDeliveries: createDispatchDeliveries(deps.sql, delivery),
    ...createDigestActivities(deps.sql, delivery.publicUrl),
    recordEvent: createRecordEvent(deps.sql, {
      keepSummary: !deps.withoutExecutionSummary,
      quietHours: delivery.quietHours,
      edxmlOutbound: delivery.edxmlOutbound,
    }),
    ...createReorganisationActivities(deps.sql, deps.client),
    ...createCalendarReplanActivities(deps.sql, deps.client),
    ...createCascadeActivities(deps.sql, deps.client),
    startAssignments: createStartAssignments(deps.client, deps.taskQueue, { sql: deps.sql }),
    createPeriodTask: createCreatePeriodTask(deps.sql, deps.client, deps.taskQueue, deps.coordinatorUnit ?? 'vpcp'),
  };
}

export type Activities = ReturnType<typeof createActivities>;
