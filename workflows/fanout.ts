/**
 * Assigning a task to many units: one assignment workflow per unit, started in batches by an activity so
 * the HTTP request that asked for it returns at once. Each unit starts from its own recorded input (role, due date,
 * parent) when the fan-out carries one (services/assignment-starts.ts). Starts are idempotent (workflow ids derive from the
 * task and unit), so a retried batch or a re-run fan-out starts nothing twice.
 */
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities';
import { START_ASSIGNMENTS_OPTIONS } from './activity-options';
import type { AssignmentInput, FanoutInput, FanoutResult } from './contract';

const { startAssignments } = wf.proxyActivities<Activities>(START_ASSIGNMENTS_OPTIONS);

export async function fanoutWorkflow(input: FanoutInput): Promise<FanoutResult> {
  const batchSize = input.batchSize ?? 100;
  const { unitCodes, units, batchSize: _ignored, ...shared } = input;
  // Older fan-outs name the units only, each taking the shared inputs; newer ones carry each unit's own.
  const perUnit: Pick<AssignmentInput, 'unitCode'>[] = units ?? unitCodes.map((unitCode) => ({ unitCode }));
  const result: FanoutResult = { started: 0, existing: 0 };
  for (let i = 0; i < perUnit.length; i += batchSize) {
    const batch: AssignmentInput[] = perUnit.slice(i, i + batchSize).map((unit) => ({ ...shared, ...unit }));
    const outcome = await startAssignments(batch);
    result.started += outcome.started.length;
    result.existing += outcome.existing.length;
  }
  return result;
}
