/**
 * Reading assignments (from the read model) and acting on them (through the workflow's updates). An
 * assignment a caller may not see is reported as not found, so its existence is not revealed.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import type { Sql } from '../db/sql';
import { TERMINAL_STATUSES, type Status } from '../domain/status';
import type { AssignmentState } from '../domain/assignment-state';
import { ACTIONS, actionRefusal, afterAction, type ActionCommand, type ActionName } from './actions';
import { canSeeAssignment, visibleUnits, type Principal } from './access';
import { assertDocumentUploaded } from './assignment-documents';
import type { AppDeps } from './deps';
import { actorFor } from './acting';
import { DomainError, conflict, forbidden, invalid, notFound } from './errors';
import type { AssignmentEventView, AssignmentFilters, AssignmentView } from './types';

export type { AssignmentView };
type EventView = AssignmentEventView;
type Filters = AssignmentFilters;

interface AssignmentRow {
  workflow_id: string;
  task_id: string;
  task_title: string;
  task_title_en: string | null;
  directive_id: string;
  unit_code: string;
  original_unit: string;
  status: Status;
  due_on: string;
  due_at: Date | null;
  original_due_on: string;
  acknowledged_at: Date | null;
  progress_percent: number | null;
  progress_note: string | null;
  completion: Record<string, unknown> | null;
  pending_extension: Record<string, unknown> | null;
  due_date_changes: Record<string, unknown>[];
  reassigned_to: string | null;
  refusal: Record<string, unknown> | null;
  paused: Record<string, unknown> | null;
  awaiting_ack: Record<string, unknown> | null;
  key_task: boolean;
  escalation_level: number;
  escalation_rung: string | null;
  updated_at: Date;
  ancestor_units: string[];
  answers_to: string | null;
  parent_workflow_id: string | null;
  role: 'lead' | 'cooperating';
  provisional: boolean;
}

/** The basis the workflow recorded; completions judged before the rule went by a given document date. */
function completionBasisOfRow(r: Pick<AssignmentRow, 'status' | 'completion'>): AssignmentView['completionBasis'] {
  if (!r.completion || (r.status !== 'completed_on_time' && r.status !== 'completed_late')) return null;
  const basis = r.completion.basis;
  if (basis === 'recorded' || basis === 'confirmed-document-date') return basis;
  return r.completion.documentDate ? 'document-date' : 'recorded';
}

export function toAssignmentView(r: AssignmentRow): AssignmentView {
  return {
    workflowId: r.workflow_id,
    taskId: r.task_id,
    taskTitle: r.task_title,
    taskTitleEn: r.task_title_en,
    directiveId: r.directive_id,
    unitCode: r.unit_code,
    originalUnit: r.original_unit,
    status: r.status,
    dueOn: r.due_on,
    dueAt: r.due_at?.toISOString() ?? null,
    originalDueOn: r.original_due_on,
    acknowledged: r.acknowledged_at !== null,
    acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
    progressPercent: r.progress_percent,
    progressNote: r.progress_note,
    completion: r.completion,
    completionBasis: completionBasisOfRow(r),
    pendingExtension: r.pending_extension,
    dueDateChanges: r.due_date_changes,
    reassignedTo: r.reassigned_to,
    refusal: r.refusal,
    paused: r.paused,
    awaitingAck: r.awaiting_ack,
    key: r.key_task,
    escalationLevel: r.escalation_level,
    escalationRung: r.escalation_rung,
    updatedAt: r.updated_at.toISOString(),
    provisional: r.provisional,
    role: r.role,
    answersTo: r.answers_to,
    parentWorkflowId: r.parent_workflow_id,
  };
}

// Provisional while the due date is the resolved one and a year it rests on still has no official schedule loaded.
// The columns the view is made of (AssignmentRow), not a.*: the row also holds what no reader shows (start_input, the
// recorded start of the workflow, a jsonb parsed for nothing on every row of every page).
const selectAssignments = (sql: Sql) =>
  sql`SELECT a.workflow_id, a.task_id, a.directive_id, a.unit_code, a.original_unit, a.status, a.due_on, a.due_at,
             a.original_due_on, a.acknowledged_at, a.progress_percent, a.progress_note, a.completion, a.pending_extension,
             a.due_date_changes, a.reassigned_to, a.refusal, a.paused, a.awaiting_ack, a.escalation_level, a.escalation_rung, a.updated_at,
             a.ancestor_units, a.answers_to, a.parent_workflow_id, a.role,
             t.title AS task_title, t.title_en AS task_title_en, t.key_task,
             (a.due_on = a.original_due_on AND EXISTS (SELECT 1 FROM unnest(t.provisional_years) AS y (year)
                                                       WHERE NOT EXISTS (SELECT 1 FROM calendar_years c WHERE c.year = y.year)))
               AS provisional
      FROM assignments a JOIN tasks t ON t.id = a.task_id`;

function encodeCursor(row: AssignmentRow): string {
  return Buffer.from(JSON.stringify([row.due_on, row.workflow_id])).toString('base64url');
}

function isCalendarDate(on: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(on)) return false;
  const d = new Date(`${on}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === on;
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // A real calendar date (a crafted one such as 2024-02-30 would fail the ::date cast in Postgres with a 500).
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string') && isCalendarDate(value[0] as string))
      return value as [string, string];
  } catch {
    // fall through
  }
  throw invalid('cursor', 'not a cursor this API issued');
}

export async function listAssignments(
  sql: Sql,
  principal: Principal,
  f: Filters,
): Promise<{ items: AssignmentView[]; nextCursor: string | null }> {
  const after = f.cursor ? decodeCursor(f.cursor) : null;
  const visible = visibleUnits(sql, principal, 'a.unit_code');
  const rows = await sql<AssignmentRow[]>`
    ${selectAssignments(sql)}
    WHERE true ${visible}
      ${f.unit ? sql`AND a.unit_code = ${f.unit}` : sql``}
      ${f.status ? sql`AND a.status = ${f.status}` : sql``}
      ${f.directive ? sql`AND a.directive_id = ${f.directive}` : sql``}
      ${f.task ? sql`AND a.task_id = ${f.task}` : sql``}
      ${f.key ? sql`AND t.key_task = ${f.key === 'true'}` : sql``}
      ${f.dueBefore ? sql`AND a.due_on <= ${f.dueBefore}` : sql``}
      ${f.dueAfter ? sql`AND a.due_on >= ${f.dueAfter}` : sql``}
      ${f.level === 'top' ? sql`AND a.parent_workflow_id IS NULL` : f.level === 'below' ? sql`AND a.parent_workflow_id IS NOT NULL` : sql``}
      ${after ? sql`AND (a.due_on, a.workflow_id) > (${after[0]}::date, ${after[1]})` : sql``}
    ORDER BY a.due_on, a.workflow_id
    LIMIT ${f.limit + 1}`;
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return { items: page.map(toAssignmentView), nextCursor: rows.length > f.limit && last ? encodeCursor(last) : null };
}

/**
 * The assignments waiting for a unit's decision as the one they answer to: reports of its sub-assignments and of the
 * co-operating units' contributions to confirm or return, and their extension requests.
 */
export async function listAwaitingDecision(sql: Sql, principal: Principal, unitCode: string, limit: number): Promise<AssignmentView[]> {
  const rows = await sql<AssignmentRow[]>`
    ${selectAssignments(sql)}
    WHERE a.answers_to = ${unitCode} ${visibleUnits(sql, principal, 'a.unit_code')}
      AND (a.status = 'awaiting_confirmation' OR (a.pending_extension IS NOT NULL AND a.status IN ('not_due', 'due_soon', 'overdue')))
    ORDER BY a.due_on, a.workflow_id
    LIMIT ${limit}`;
  return rows.map(toAssignmentView);
}

async function findVisible(sql: Sql, principal: Principal, taskId: string, unitCode: string): Promise<AssignmentRow> {
  const [row] = await sql<AssignmentRow[]>`${selectAssignments(sql)} WHERE a.task_id = ${taskId} AND a.unit_code = ${unitCode}`;
  if (!row || !canSeeAssignment(principal, unitCode, row.ancestor_units)) throw notFound(`assignment of task ${taskId} to ${unitCode}`);
  return row;
}

/** The assignment with its timeline; a successor's timeline includes its predecessors' events. */
export async function getAssignment(sql: Sql, principal: Principal, taskId: string, unitCode: string) {
  const row = await findVisible(sql, principal, taskId, unitCode);
  const events = await sql<
    {
      workflow_id: string;
      seq: number;
      kind: string;
      at: Date;
      actor: Record<string, unknown>;
      status: string;
      data: Record<string, unknown>;
    }[]
  >`
    WITH RECURSIVE chain(workflow_id) AS (
      SELECT ${row.workflow_id}::text
      UNION SELECT a.predecessor_workflow_id FROM assignments a JOIN chain c ON a.workflow_id = c.workflow_id
      WHERE a.predecessor_workflow_id IS NOT NULL
    )
    SELECT e.* FROM assignment_events e WHERE e.workflow_id IN (SELECT workflow_id FROM chain)
    ORDER BY e.at, e.workflow_id, e.seq`;
  // One numbering over the whole chain: `seq` repeats across workflows, `position` does not.
  const timeline: EventView[] = events.map((e, i) => ({
    position: i + 1,
    fromPredecessor: e.workflow_id !== row.workflow_id,
    seq: e.seq,
    workflowId: e.workflow_id,
    kind: e.kind,
    at: e.at.toISOString(),
    actor: e.actor,
    status: e.status,
    data: e.data,
  }));
  return { ...toAssignmentView(row), timeline };
}

export type { ActionName };

/** What an action needs before its update: the workflow, and the unit, place and status the rights and errors go by. */
type Actable = Pick<AssignmentRow, 'workflow_id' | 'unit_code' | 'status' | 'answers_to' | 'ancestor_units'>;

/**
 * The assignment an action is sent to, or not found when the caller may not see it (as findVisible): the read model
 * alone, without the task's title or the calendar, which only the answer needs (read after the update).
 */
export async function findActable(sql: Sql, principal: Principal, taskId: string, unitCode: string): Promise<Actable> {
  const [row] = await sql<Actable[]>`
    SELECT workflow_id, unit_code, status, answers_to, ancestor_units FROM assignments WHERE task_id = ${taskId} AND unit_code = ${unitCode}`;
  if (!row || !canSeeAssignment(principal, unitCode, row.ancestor_units)) throw notFound(`assignment of task ${taskId} to ${unitCode}`);
  return row;
}

/** Sends one validated action to the assignment's workflow and answers the assignment as it then stands. */
export async function actOnAssignment(
  deps: AppDeps,
  principal: Principal,
  taskId: string,
  unitCode: string,
  command: ActionCommand,
  idempotencyKey: string | undefined,
): Promise<AssignmentView> {
  const row = await findActable(deps.sql, principal, taskId, unitCode);
  const { action, input } = command;
  const { update } = ACTIONS[action];
  const refusal = actionRefusal(principal, action, { unitCode: row.unit_code, answersTo: row.answers_to });
  if (refusal) throw forbidden(refusal);
  if (command.action === 'reassign' && !deps.units.get(command.input.toUnit)) {
    throw invalid('toUnit', `unknown unit ${command.input.toUnit}`);
  }
  if (command.action === 'complete') await assertDocumentUploaded(deps.sql, row.workflow_id, command.input.documentSha256);
  const messageId = idempotencyKey ? `${principal.id}/${idempotencyKey}` : randomUUID();
  const payload = {
    ...input,
    ...(action === 'decideExtension' ? { decidedBy: principal.id } : {}),
    messageId,
    actor: await actorFor(deps.sql, principal, row.unit_code),
  };
  try {
    await deps.temporal.workflow.getHandle(row.workflow_id).executeUpdate(update as UpdateDefinition<AssignmentState, [typeof payload]>, {
      args: [payload],
      updateId: messageId,
    });
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) throw conflict(err.cause?.message ?? err.message);
    if (err instanceof WorkflowNotFoundError) {
      if (TERMINAL_STATUSES.has(row.status)) throw conflict(`the assignment is ${row.status}`);
      throw new DomainError('unavailable', 'starting', 'the assignment is still being started; retry shortly', undefined, 2);
    }
    throw err;
  }
  await afterAction(deps, principal, row.workflow_id, action, messageId, input);
  const [fresh] = await deps.sql<AssignmentRow[]>`${selectAssignments(deps.sql)} WHERE a.workflow_id = ${row.workflow_id}`;
  return toAssignmentView(fresh!);
}
