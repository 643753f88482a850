/**
 * A task's co-operating units as assignment rows: each contribution answers to the lead unit and records its own
 * start input, so it starts as a contribution (services/assignment-starts.ts). Which units and when each is due is
 * planned in domain/cooperation.ts; a contribution ends with its lead (services/cancel-cascade.ts).
 */
import { jsonb } from '../db/sql';
import type postgres from 'postgres';
import type { CooperatingUnitPlan } from '../domain/cooperation';
import { assignmentWorkflowId } from '../workflows/contract';
import type { RecordedStart } from './assignment-starts';

/** The rows to insert, in `tx`, for the planned contributions of a task. */
export function cooperatingAssignmentRows(tx: postgres.TransactionSql, taskId: string, directiveId: string, plan: CooperatingUnitPlan[]) {
  return plan.map((c) => {
    const start: RecordedStart = {
      role: 'cooperating',
      dueOn: c.dueOn,
      dueAt: null,
      coordinatorUnit: c.coordinatorUnit,
      confirmationRequired: c.confirmationRequired,
      parentWorkflowId: null,
    };
    return {
      workflow_id: assignmentWorkflowId(taskId, c.unitCode),
      task_id: taskId,
      directive_id: directiveId,
      unit_code: c.unitCode,
      original_unit: c.unitCode,
      status: c.status,
      due_on: c.dueOn,
      original_due_on: c.dueOn,
      answers_to: c.answersTo,
      ancestor_units: c.answersTo ? [c.answersTo] : [],
      role: 'cooperating',
      start_input: jsonb(tx, start),
    };
  });
}
