/** Helpers for driving one assignment workflow on a test server and reading what it recorded. */
import type { Client } from '@temporalio/client';
import { WEEKENDS_ONLY } from '../../domain/calendar';
import { addDays, toVnDate, weekday, type IsoDate } from '../../domain/dates';
import type { EscalationPolicy } from '../../domain/policy';
import type { Sql } from '../../db/sql';
import { assignmentWorkflowId, type Actor, type AssignmentInput, type AssignmentWorkflow } from '../../workflows/contract';
import { eventually } from './eventually';

export const COORDINATOR: Actor = { kind: 'coordinator', id: 'coordinator-1' };
export const UNIT_OFFICER: Actor = { kind: 'unit', id: 'officer-1', unitCode: 'an-giang' };

/** The first Thursday at least `minDays` after `nowMs` (Vietnam date). */
export function thursdayAfter(nowMs: number, minDays: number): IsoDate {
  let day = addDays(toVnDate(new Date(nowMs)), minDays);
  while (weekday(day) !== 4) day = addDays(day, 1);
  return day;
}

export async function startAssignment(
  client: Client,
  taskQueue: string,
  overrides: Partial<AssignmentInput> & { taskId: string; dueOn: IsoDate; policy: EscalationPolicy },
) {
  const input: AssignmentInput = {
    directiveId: 'test-directive',
    unitCode: 'an-giang',
    calendar: WEEKENDS_ONLY,
    coordinatorUnit: 'vpcp',
    confirmationRequired: false,
    ...overrides,
  };
  const workflowId = assignmentWorkflowId(input.taskId, input.unitCode);
  return client.workflow.start<AssignmentWorkflow>('assignmentWorkflow', { taskQueue, workflowId, args: [input] });
}

export interface EventRow {
  seq: number;
  kind: string;
  at: Date;
  status: string;
  message_id: string | null;
  data: { scheduledAt?: number; rung?: string | null; level?: number; step?: string; [k: string]: unknown };
}

export async function eventsOf(sql: Sql, workflowId: string): Promise<EventRow[]> {
  return sql<
    EventRow[]
  >`SELECT seq, kind, at, status, message_id, data FROM assignment_events WHERE workflow_id = ${workflowId} ORDER BY seq`;
}

export async function assignmentRow(sql: Sql, workflowId: string) {
  const [row] = await sql<{ status: string; due_on: string; escalation_level: number; version: number; reassigned_to: string | null }[]>`
    SELECT status, due_on, escalation_level, version, reassigned_to FROM assignments WHERE workflow_id = ${workflowId}`;
  return row;
}

/**
 * Waits for a workflow to close without `handle.result()`: on the time-skipping server, awaiting a result
 * unlocks time skipping and the clock may leap years ahead, which would move later tests' dates.
 */
export async function closedState(handle: { describe(): Promise<{ status: { name: string } }> }) {
  await eventually(async () => {
    const { status } = await handle.describe();
    if (status.name === 'RUNNING') throw new Error('still running');
  });
}
