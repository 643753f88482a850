/**
 * Passing an assignment on: the unit holding it gives it to its own units (sub-assignments, each an assignment
 * workflow of its own that answers to the holder), many at once. The rows and their start batch are written in one
 * transaction and started through the one start path (services/assignment-starts.ts); a repeat creates nothing twice.
 */
import { jsonb } from '../db/sql';
import { createHash } from 'node:crypto';
import { toVnDate, type IsoDate } from '../domain/dates';
import { DEFAULT_POLICY, dueSoonFrom, validatePolicy, type EscalationPolicy } from '../domain/policy';
import { deriveStatus, TERMINAL_STATUSES } from '../domain/status';
import { assignmentWorkflowId, fanoutWorkflowId, type AssignmentInput } from '../workflows/contract';
import type { Principal } from './access';
import { recordStartBatch, startRecordedBatch, type RecordedStart } from './assignment-starts';
import type { AppDeps } from './deps';
import { DomainError, forbidden, type FieldError } from './errors';
import { findLevelRow, type LevelRow } from './level-rows';
import { chargeTaskQuota } from './quotas';
import { findUnit } from './units';

/** May this principal pass on the assignment its unit holds: the holder's own people (officer or head), or the Government Office's staff. */
export function mayPassOn(principal: Pick<Principal, 'role' | 'unitCode'>, holder: string): boolean {
  return principal.role === 'admin' || principal.role === 'coordinator' || (principal.role === 'unit' && principal.unitCode === holder);
}

function requireHolder(principal: Principal, row: LevelRow, action: string): void {
  if (!mayPassOn(principal, row.unit_code)) throw forbidden(`only ${row.unit_code}'s officers or head, or a coordinator, may ${action}`);
}

export interface ChildInput {
  unitCode: string;
  dueOn?: IsoDate | undefined;
  /** A deadline time (ISO-8601 with offset); its date in Vietnam is the due date. */
  dueAt?: string | undefined;
  note?: string | undefined;
  policy?: EscalationPolicy | undefined;
}

export interface PassOnInput {
  children: ChildInput[];
  /** Shared by the children that give none. */
  note?: string | undefined;
  policy?: EscalationPolicy | undefined;
  /** Whether the holder confirms each child's completion report (default: no). */
  confirmationRequired?: boolean | undefined;
}

export interface PassOnResult {
  parentWorkflowId: string;
  created: string[];
  existing: string[];
}

/** Passes an assignment on to units below the holder, many at once; repeating the request creates nothing twice. */
export async function passOn(
  deps: AppDeps,
  principal: Principal,
  taskId: string,
  unitCode: string,
  input: PassOnInput,
): Promise<PassOnResult> {
  const parent = await findLevelRow(deps, principal, taskId, unitCode);
  requireHolder(principal, parent, 'pass this assignment on');
  if (TERMINAL_STATUSES.has(parent.status)) throw new DomainError('conflict', 'closed', `the assignment is ${parent.status}`);
  const now = deps.now?.() ?? Date.now();
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const floor = deps.policyFloor;
  const children = input.children.map((c) => ({ ...c, dueOn: c.dueOn ?? (c.dueAt ? toVnDate(new Date(c.dueAt)) : '') }));
  for (const [i, child] of children.entries()) {
    if (!child.dueOn) errors.push({ field: `children.${i}.dueOn`, reason: 'give dueOn or dueAt' });
    else if (child.dueAt && child.dueOn !== toVnDate(new Date(child.dueAt))) {
      errors.push({
        field: `children.${i}.dueAt`,
        reason: `falls on ${toVnDate(new Date(child.dueAt))} in Vietnam but dueOn is ${child.dueOn}`,
      });
    }
    const unit = await findUnit(deps, child.unitCode);
    const isBelow = unit && (deps.units.isWithin?.(child.unitCode, parent.unit_code) ?? unit.parent === parent.unit_code);
    if (!unit) errors.push({ field: `children.${i}.unitCode`, reason: `unknown unit ${child.unitCode}` });
    else if (!isBelow || child.unitCode === parent.unit_code) {
      errors.push({ field: `children.${i}.unitCode`, reason: `${child.unitCode} is not a unit of ${parent.unit_code}` });
    } else if (unit.validTo !== null && unit.validTo < toVnDate(new Date(now))) {
      errors.push({ field: `children.${i}.unitCode`, reason: `${child.unitCode} no longer exists (until ${unit.validTo})` });
    }
    if (seen.has(child.unitCode)) errors.push({ field: `children.${i}.unitCode`, reason: 'named twice' });
    seen.add(child.unitCode);
    if (child.dueOn > parent.due_on)
      errors.push({ field: `children.${i}.dueOn`, reason: `must be no later than the assignment's own due date ${parent.due_on}` });
    const policy = child.policy ?? input.policy;
    if (policy)
      errors.push(...validatePolicy(policy, floor).map((v) => ({ ...v, field: child.policy ? `children.${i}.${v.field}` : v.field })));
  }
  if (errors.length) throw new DomainError('unprocessable', 'validation', errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors);

  const calendar = await deps.calendar();
  const ancestors = [...parent.ancestor_units, parent.unit_code];
  const inputs: AssignmentInput[] = children.map((child) => ({
    taskId,
    directiveId: parent.directive_id,
    unitCode: child.unitCode,
    dueOn: child.dueOn,
    dueAt: child.dueAt ? Date.parse(child.dueAt) : null,
    policy: child.policy ?? input.policy ?? parent.policy ?? DEFAULT_POLICY,
    calendar,
    // The holder stands where the Government Office stands for a top-level assignment (db/levels.ts).
    coordinatorUnit: parent.unit_code,
    confirmationRequired: input.confirmationRequired ?? false,
  }));
  const rows = inputs.map((a, i) => ({
    workflow_id: assignmentWorkflowId(taskId, a.unitCode),
    task_id: taskId,
    directive_id: parent.directive_id,
    unit_code: a.unitCode,
    original_unit: a.unitCode,
    status: deriveStatus(
      {
        dueOn: a.dueOn,
        dueAt: a.dueAt ?? null,
        dueSoonFrom: dueSoonFrom(a.policy, a.dueOn, calendar, a.dueAt),
        completion: null,
        cancelled: false,
        reassigned: false,
      },
      now,
    ),
    due_on: a.dueOn,
    due_at: a.dueAt ? new Date(a.dueAt) : null,
    original_due_on: a.dueOn,
    parent_workflow_id: parent.workflow_id,
    answers_to: parent.unit_code,
    ancestor_units: ancestors,
    role: 'lead',
    note: input.children[i]!.note ?? input.note ?? null,
    start_input: jsonb(deps.sql, {
      role: 'sub',
      dueOn: a.dueOn,
      dueAt: a.dueAt ?? null,
      coordinatorUnit: a.coordinatorUnit,
      confirmationRequired: a.confirmationRequired,
      policy: a.policy,
      parentWorkflowId: parent.workflow_id,
    } satisfies RecordedStart),
  }));
  // A unit that already holds this task under another parent is not taken over.
  const foreign = await deps.sql<{ unit_code: string }[]>`
    SELECT unit_code FROM assignments WHERE task_id = ${taskId} AND unit_code = ANY(${rows.map((r) => r.unit_code)})
      AND parent_workflow_id IS DISTINCT FROM ${parent.workflow_id}`;
  if (foreign.length) {
    const taken = foreign.map((f) => ({
      field: `children.${input.children.findIndex((c) => c.unitCode === f.unit_code)}.unitCode`,
      reason: `${f.unit_code} already holds this task`,
    }));
    throw new DomainError('conflict', 'already-assigned', taken.map((t) => t.reason).join('; '), taken);
  }
  // The rows, each with its own start input, and the batch that starts them, in one transaction; then one fan-out
  // (services/assignment-starts.ts) starts them, and a repeat of the same request names the same batch.
  const workflowIds = rows.map((r) => r.workflow_id);
  const batchId = subAssignmentBatchId(taskId, parent.unit_code, workflowIds);
  const insertedIds = await deps.sql.begin(async (tx) => {
    const inserted = await tx<{ workflow_id: string }[]>`
      INSERT INTO assignments ${tx(rows)} ON CONFLICT (task_id, unit_code) DO NOTHING RETURNING workflow_id`;
    // The quota counts the workflows this request starts.
    if (inserted.length) await chargeTaskQuota(tx, deps, principal, 'assignments', inserted.length);
    await recordStartBatch(tx, batchId, taskId, workflowIds);
    return new Set(inserted.map((r) => r.workflow_id));
  });
  await startRecordedBatch(deps, batchId);
  return {
    parentWorkflowId: parent.workflow_id,
    created: workflowIds.filter((id) => insertedIds.has(id)),
    existing: workflowIds.filter((id) => !insertedIds.has(id)),
  };
}

/** The start batch of one pass-on request: the same children under the same holder name the same batch. */
function subAssignmentBatchId(taskId: string, holder: string, workflowIds: string[]): string {
  const digest = createHash('sha256')
    .update([...workflowIds].sort().join('\n'))
    .digest('hex')
    .slice(0, 16);
  return `${fanoutWorkflowId(taskId)}/${holder}/${digest}`;
}
