/**
 * Tasks flowing down the levels. The unit holding an assignment passes it on to its own units (sub-assignments,
 * each an assignment workflow of its own that answers to the holder); a task's co-operating units deliver their
 * contributions to the lead unit. A sub-assignment follows its parent: a cancel cascades, an extension may move
 * the children (both in workflows/cascade.ts), and a reorganisation re-points them (db/levels.ts). Roll-ups over a subtree come from here too.
 */
import { createHash } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { daysBetween, toVnDate, type IsoDate } from '../domain/dates';
import { DEFAULT_POLICY, dueSoonFrom, validatePolicy, type EscalationPolicy } from '../domain/policy';
import { deriveStatus, TERMINAL_STATUSES, type Status } from '../domain/status';
import {
  assignmentWorkflowId,
  cascadeWorkflowId,
  fanoutWorkflowId,
  taskQueuesOf,
  type Actor,
  type AssignmentInput,
  type CascadeInput,
  type CascadeWorkflow,
} from '../workflows/contract';
import { canSeeAssignment, type Principal } from './access';
import type { AppDeps } from './deps';
import { DomainError, forbidden, invalidFields, notFound, type FieldError } from './errors';
import { policyFloorFromEnv } from './policy-floor';
import { findUnit } from './units';
import { chargeTaskQuota } from './quotas';
import { recordStartBatch, startRecordedBatch, type RecordedStart } from './assignment-starts';

export interface LevelRow {
  workflow_id: string;
  task_id: string;
  directive_id: string;
  unit_code: string;
  status: Status;
  due_on: string;
  due_date_changes: { from: string; to: string }[];
  parent_workflow_id: string | null;
  answers_to: string | null;
  ancestor_units: string[];
  role: 'lead' | 'cooperating';
  note: string | null;
  confirmation_required: boolean;
  policy: EscalationPolicy;
}

const DONE: ReadonlySet<Status> = new Set(['completed_on_time', 'completed_late']);

async function findLevelRow(deps: AppDeps, principal: Principal, taskId: string, unitCode: string): Promise<LevelRow> {
  const [row] = await deps.sql<LevelRow[]>`
    SELECT a.workflow_id, a.task_id, a.directive_id, a.unit_code, a.status, a.due_on, a.due_date_changes, a.parent_workflow_id,
           a.answers_to, a.ancestor_units, a.role, a.note, d.confirmation_required, t.policy
    FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN directives d ON d.id = a.directive_id
    WHERE a.task_id = ${taskId} AND a.unit_code = ${unitCode}`;
  if (!row || !canSeeAssignment(principal, row.unit_code, row.ancestor_units))
    throw notFound(`assignment of task ${taskId} to ${unitCode}`);
  return row;
}

/** May this principal pass on the assignment its unit holds: the holder's own people (officer or head), or the Government Office's staff. */
export function mayPassOn(principal: Pick<Principal, 'role' | 'unitCode'>, holder: string): boolean {
  return principal.role === 'admin' || principal.role === 'coordinator' || (principal.role === 'unit' && principal.unitCode === holder);
}

function requireHolder(principal: Principal, row: LevelRow, action: string): void {
  if (!mayPassOn(principal, row.unit_code)) throw forbidden(`only ${row.unit_code}'s officers or head, or a coordinator, may ${action}`);
}

function actorOf(principal: Principal): Actor {
  return { kind: principal.role, id: principal.id, unitCode: principal.unitCode };
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
  const floor = deps.policyFloor ?? policyFloorFromEnv(process.env);
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
    start_input: deps.sql.json({
      role: 'sub',
      dueOn: a.dueOn,
      dueAt: a.dueAt ?? null,
      coordinatorUnit: a.coordinatorUnit,
      confirmationRequired: a.confirmationRequired,
      policy: a.policy,
      parentWorkflowId: parent.workflow_id,
    } satisfies RecordedStart as never),
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

// ---- acting one level down ----------------------------------------------------------------------------------

/**
 * After an action on an assignment: a cancel cascades to every open assignment below it (and a lead's to the
 * co-operating contributions answering to it), in a workflow (one per
 * parent, its id derived from the parent's), so the request returns at once and a crash part-way resumes.
 */
export async function afterAction(
  deps: AppDeps,
  principal: Principal,
  workflowId: string,
  action: string,
  messageId: string,
  input: unknown,
): Promise<void> {
  if (action !== 'cancel') return;
  // Sub-assignments follow their parent; a lead's co-operating contributions end with it.
  const [below] = await deps.sql`
    SELECT 1 FROM assignments WHERE parent_workflow_id = ${workflowId}
    UNION ALL
    SELECT 1 FROM assignments a JOIN assignments lead ON lead.workflow_id = ${workflowId}
    WHERE a.task_id = lead.task_id AND a.role = 'cooperating' AND a.answers_to = lead.unit_code
      AND a.parent_workflow_id IS NULL AND lead.role = 'lead' AND lead.parent_workflow_id IS NULL
    LIMIT 1`;
  if (!below) return;
  await startCascade(deps, cascadeWorkflowId('cancel', workflowId), {
    kind: 'cancel',
    parentWorkflowId: workflowId,
    messageId,
    actor: actorOf(principal),
    reason: (input as { reason?: string }).reason ?? '',
  });
}

/** Starts the cascade once; asking again finds the same workflow, running or finished. */
async function startCascade(deps: AppDeps, workflowId: string, input: CascadeInput) {
  try {
    return await deps.temporal.workflow.start<CascadeWorkflow>('cascadeWorkflow', {
      taskQueue: taskQueuesOf(deps.taskQueue).fanout,
      workflowId,
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    return deps.temporal.workflow.getHandle<CascadeWorkflow>(workflowId);
  }
}

export interface MoveResult {
  moved: { unitCode: string; from: IsoDate; to: IsoDate }[];
  unchanged: string[];
}

/**
 * After the parent's due date moved, moves its open children by the same number of days (or to `dueOn`), never
 * past the parent's own due date. Each move is an extension request and its approval, keyed by the parent's date,
 * sent by a cascade workflow (one per parent due date) whose outcome this waits for.
 */
export async function moveChildren(
  deps: AppDeps,
  principal: Principal,
  taskId: string,
  unitCode: string,
  input: { dueOn?: IsoDate | undefined },
): Promise<MoveResult> {
  const parent = await findLevelRow(deps, principal, taskId, unitCode);
  if (!(
    principal.role === 'admin' ||
    principal.role === 'coordinator' ||
    principal.role === 'leader' ||
    principal.unitCode === parent.unit_code
  )) {
    throw forbidden(`only ${parent.unit_code}'s people, a leader or a coordinator may move its sub-assignments`);
  }
  if (input.dueOn && input.dueOn > parent.due_on) {
    throw invalidFields([{ field: 'dueOn', reason: `must be no later than the assignment's own due date ${parent.due_on}` }]);
  }
  const last = parent.due_date_changes[parent.due_date_changes.length - 1];
  const handle = await startCascade(deps, cascadeWorkflowId('move', parent.workflow_id, parent.due_on), {
    kind: 'move',
    parentWorkflowId: parent.workflow_id,
    parentUnit: parent.unit_code,
    parentDueOn: parent.due_on,
    dueOn: input.dueOn ?? null,
    shiftDays: last ? daysBetween(last.from, last.to) : 0,
    actor: actorOf(principal),
  });
  const result = await handle.result();
  return {
    moved: result.done.map((s) => ({ unitCode: s.unitCode, from: s.from, to: s.to })).sort((a, b) => a.unitCode.localeCompare(b.unitCode)),
    unchanged: result.unchanged,
  };
}

// ---- roll-ups over the levels --------------------------------------------------------------------------------

export interface SubtreeLaggard {
  unitCode: string;
  unitName: string;
  status: Status;
  dueOn: IsoDate;
  daysLate: number;
  depth: number;
}

export interface SubtreeCounts {
  done: number;
  total: number;
  /** Open and past their due date, most late first. */
  laggards: SubtreeLaggard[];
}

export interface SubAssignmentView {
  workflowId: string;
  unitCode: string;
  unitName: string;
  parentUnit: string | null;
  depth: number;
  status: Status;
  dueOn: IsoDate;
  note: string | null;
}

export interface SubtreeView {
  workflowId: string;
  unitCode: string;
  status: Status;
  dueOn: IsoDate;
  /** True when every direct child is done (the holder's own completion stays its decision). */
  allDone: boolean;
  direct: SubtreeCounts;
  subtree: SubtreeCounts;
  /** A progress figure derived from the direct children (percent done), null without children. */
  derivedPercent: number | null;
  children: SubAssignmentView[];
}

interface TreeRow {
  workflow_id: string;
  unit_code: string;
  parent_workflow_id: string;
  status: Status;
  due_on: string;
  note: string | null;
  depth: number;
}

/** k-of-N over rows: reassigned rows are counted under their successor, cancelled ones not at all. */
export function countsOf(
  deps: AppDeps,
  rows: { unit_code: string; status: Status; due_on: string; depth?: number }[],
  today: IsoDate,
): SubtreeCounts {
  const counted = rows.filter((r) => r.status !== 'reassigned' && r.status !== 'cancelled');
  const laggards = counted
    .filter((r) => r.status === 'overdue' || (!TERMINAL_STATUSES.has(r.status) && r.due_on < today))
    .map((r) => ({
      unitCode: r.unit_code,
      unitName: deps.units.get(r.unit_code)?.nameVi ?? r.unit_code,
      status: r.status,
      dueOn: r.due_on,
      daysLate: Math.max(0, daysBetween(r.due_on, today)),
      depth: r.depth ?? 1,
    }))
    .sort((a, b) => b.daysLate - a.daysLate || a.unitCode.localeCompare(b.unitCode));
  return { done: counted.filter((r) => DONE.has(r.status)).length, total: counted.length, laggards };
}

async function subtreeRows(deps: AppDeps, workflowIds: string[]): Promise<(TreeRow & { root: string })[]> {
  if (workflowIds.length === 0) return [];
  return deps.sql<(TreeRow & { root: string })[]>`
    WITH RECURSIVE tree(workflow_id, root, depth) AS (
      SELECT workflow_id, parent_workflow_id, 1 FROM assignments WHERE parent_workflow_id = ANY(${workflowIds})
      UNION SELECT a.workflow_id, t.root, t.depth + 1 FROM assignments a JOIN tree t ON a.parent_workflow_id = t.workflow_id
    )
    SELECT a.workflow_id, a.unit_code, a.parent_workflow_id, a.status, a.due_on, a.note, t.depth, t.root
    FROM tree t JOIN assignments a USING (workflow_id) ORDER BY t.depth, a.unit_code`;
}

/** Each workflow's direct and whole-subtree counts, for the roll-ups of a task. */
export async function subtreeCountsOf(
  deps: AppDeps,
  workflowIds: string[],
): Promise<Map<string, { direct: SubtreeCounts; subtree: SubtreeCounts }>> {
  const rows = await subtreeRows(deps, workflowIds);
  const today = toVnDate(new Date(deps.now?.() ?? Date.now()));
  return new Map(
    workflowIds.map((id) => {
      const mine = rows.filter((r) => r.root === id);
      return [
        id,
        {
          direct: countsOf(
            deps,
            mine.filter((r) => r.depth === 1),
            today,
          ),
          subtree: countsOf(deps, mine, today),
        },
      ];
    }),
  );
}

/** An assignment's sub-assignments: k-of-N and laggards for its direct children and for its whole subtree. */
export async function listSubAssignments(deps: AppDeps, principal: Principal, taskId: string, unitCode: string): Promise<SubtreeView> {
  const parent = await findLevelRow(deps, principal, taskId, unitCode);
  const rows = await subtreeRows(deps, [parent.workflow_id]);
  const today = toVnDate(new Date(deps.now?.() ?? Date.now()));
  const unitOf = new Map<string, string>([
    [parent.workflow_id, parent.unit_code],
    ...rows.map((r) => [r.workflow_id, r.unit_code] as [string, string]),
  ]);
  const direct = countsOf(
    deps,
    rows.filter((r) => r.depth === 1),
    today,
  );
  return {
    workflowId: parent.workflow_id,
    unitCode: parent.unit_code,
    status: parent.status,
    dueOn: parent.due_on,
    allDone: direct.total > 0 && direct.done === direct.total,
    direct,
    subtree: countsOf(deps, rows, today),
    derivedPercent: direct.total > 0 ? Math.round((100 * direct.done) / direct.total) : null,
    children: rows.map((r) => ({
      workflowId: r.workflow_id,
      unitCode: r.unit_code,
      unitName: deps.units.get(r.unit_code)?.nameVi ?? r.unit_code,
      parentUnit: unitOf.get(r.parent_workflow_id) ?? null,
      depth: r.depth,
      status: r.status,
      dueOn: r.due_on,
      note: r.note,
    })),
  };
}
