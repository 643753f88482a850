/** All activities, built over the process's dependencies. Each is idempotent: safe to retry. */
import type { Client } from '@temporalio/client';
import type { Sql } from '../db/sql';
import { createRecordEvent } from './record-event';
import { createStartAssignments } from './start-assignments';

export interface ActivityDeps {
  sql: Sql;
  client: Client;
  taskQueue: string;
}

export function createActivities(deps: ActivityDeps) {
  return {
    recordEvent: createRecordEvent(deps.sql),
    startAssignments: createStartAssignments(deps.client, deps.taskQueue),
  };
}

export type Activities = ReturnType<typeof createActivities>;
