/**
 * Assigning a task to many units: one assignment workflow per unit, started in batches by an activity so
 * the HTTP request that asked for it returns at once. Starts are idempotent (workflow ids derive from the
 * task and unit), so a retried batch or a re-run fan-out starts nothing twice.
 */
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { CalendarData } from '../domain/calendar';
import type { IsoDate } from '../domain/dates';
import type { EscalationPolicy } from '../domain/policy';
import type { AssignmentInput } from './assignment';

export interface FanoutInput {
  taskId: string;
  directiveId: string;
  unitCodes: string[];
  dueOn: IsoDate;
  dueAt?: number | null;
  policy: EscalationPolicy;
  calendar: CalendarData;
  coordinatorUnit: string;
  confirmationRequired: boolean;
  batchSize?: number;
}

export interface FanoutResult {
  started: number;
  existing: number;
}

const { startAssignments } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export async function fanoutWorkflow(input: FanoutInput): Promise<FanoutResult> {
  const batchSize = input.batchSize ?? 100;
  const { unitCodes, batchSize: _ignored, ...shared } = input;
  const result: FanoutResult = { started: 0, existing: 0 };
  for (let i = 0; i < unitCodes.length; i += batchSize) {
    const batch: AssignmentInput[] = unitCodes.slice(i, i + batchSize).map((unitCode) => ({ ...shared, unitCode }));
    const outcome = await startAssignments(batch);
    result.started += outcome.started.length;
    result.existing += outcome.existing.length;
  }
  return result;
}
