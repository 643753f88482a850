/** All activities, built over the process's dependencies. Each is idempotent: safe to retry. */
import type { Client } from '@temporalio/client';
import type { Sql } from '../db/sql';
import { createCreatePeriodTask } from './create-period-task';
import { createRecordEvent } from './record-event';
import { createStartAssignments } from './start-assignments';

export interface ActivityDeps {
  sql: Sql;
  client: Client;
  taskQueue: string;
  /** Whose coordinators receive top-rung escalations (default: the Government Office). */
  coordinatorUnit?: string;
}

export function createActivities(deps: ActivityDeps) {
  return {
    recordEvent: createRecordEvent(deps.sql),
    startAssignments: createStartAssignments(deps.client, deps.taskQueue),
    createPeriodTask: createCreatePeriodTask(deps.sql, deps.client, deps.taskQueue, deps.coordinatorUnit ?? 'vpcp'),
  };
}

export type Activities = ReturnType<typeof createActivities>;
