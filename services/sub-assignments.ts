/**
 * Tasks flowing down the levels. The unit holding an assignment passes it on to its own units (sub-assignments,
 * each an assignment workflow of its own that answers to the holder); a task's co-operating units deliver their
 * contributions to the lead unit. A sub-assignment follows its parent: a cancel cascades, an extension may move
 * the children (both in workflows/cascade.ts), and a reorganisation re-points them (db/levels.ts). Roll-ups over a subtree come from here too.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { addWorkingDays } from '../domain/calendar';
import type { CalendarData } from '../domain/calendar';
import { daysBetween, toVnDate, type IsoDate } from '../domain/dates';
import { DEFAULT_POLICY, dueSoonFrom, validatePolicy, type EscalationPolicy } from '../domain/policy';
import { daysLateOn, isCounted, isDone, isOpen, isOverdueAt } from '../domain/counting';
import { deriveStatus, TERMINAL_STATUSES, type Status } from '../domain/status';
import {
  assignmentWorkflowId,
  cascadeWorkflowId,
  taskQueuesOf,
  type Actor,
  type AssignmentInput,
  type AssignmentWorkflow,
  type CascadeInput,
  type CascadeWorkflow,
} from '../workflows/contract';
import { canSeeAssignment, type Principal } from './access';
import type { AppDeps } from './deps';
import { DomainError, forbidden, invalidFields, notFound, type FieldError } from './errors';
import { policyFloorFromEnv } from './policy-floor';
import { findUnit } from './units';

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
  const inserted = await deps.sql<{ workflow_id: string }[]>`
    INSERT INTO assignments ${deps.sql(rows)} ON CONFLICT (task_id, unit_code) DO NOTHING RETURNING workflow_id`;
  const insertedIds = new Set(inserted.map((r) => r.workflow_id));
  const started = await startAssignmentWorkflows(deps, inputs);
  return {
    parentWorkflowId: parent.workflow_id,
    created: rows.map((r) => r.workflow_id).filter((id) => insertedIds.has(id) || started.includes(id)),
    existing: rows.map((r) => r.workflow_id).filter((id) => !insertedIds.has(id) && !started.includes(id)),
  };
}

async function startAssignmentWorkflows(deps: AppDeps, inputs: AssignmentInput[]): Promise<string[]> {
  const started: string[] = [];
  for (const input of inputs) {
    const workflowId = assignmentWorkflowId(input.taskId, input.unitCode);
    try {
      await deps.temporal.workflow.start<AssignmentWorkflow>('assignmentWorkflow', {
        taskQueue: deps.taskQueue,
        workflowId,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      started.push(workflowId);
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
  return started;
}

// ---- co-operating units -----------------------------------------------------------------------------------

/** A co-operating unit's contribution is due this many working days before the lead's due date, by default. */
export const DEFAULT_CONTRIBUTION_LEAD_DAYS = 3;

export function contributionDueOn(calendar: CalendarData, leadDueOn: IsoDate, leadDays: number, notBefore: IsoDate): IsoDate {
  const due = leadDays > 0 ? addWorkingDays(calendar, leadDueOn, -leadDays) : leadDueOn;
  return due < notBefore ? notBefore : due;
}

export interface CooperatingPlan {
  rows: Record<string, unknown>[];
  inputs: AssignmentInput[];
}

/**
 * The co-operating assignments of a task, as rows for createTask's transaction and workflow inputs to start after
 * it: each answers to the lead unit (when the task has one), which confirms or returns its contribution.
 */
export function planCooperating(p: {
  taskId: string;
  directiveId: string;
  issuedOn: IsoDate;
  leadUnits: string[];
  units: string[];
  dueOn: IsoDate;
  leadDays: number;
  policy: EscalationPolicy;
  calendar: CalendarData;
  coordinatorUnit: string;
  now: number;
}): CooperatingPlan {
  const lead = p.leadUnits.length === 1 ? p.leadUnits[0]! : null;
  const dueOn = contributionDueOn(p.calendar, p.dueOn, p.leadDays, p.issuedOn);
  const status = deriveStatus(
    {
      dueOn,
      dueAt: null,
      dueSoonFrom: dueSoonFrom(p.policy, dueOn, p.calendar, null),
      completion: null,
      cancelled: false,
      reassigned: false,
    },
    p.now,
  );
  const units = [...new Set(p.units)].filter((u) => !p.leadUnits.includes(u)).sort();
  return {
    rows: units.map((unitCode) => ({
      workflow_id: assignmentWorkflowId(p.taskId, unitCode),
      task_id: p.taskId,
      directive_id: p.directiveId,
      unit_code: unitCode,
      original_unit: unitCode,
      status,
      due_on: dueOn,
      original_due_on: dueOn,
      answers_to: lead,
      ancestor_units: lead ? [lead] : [],
      role: 'cooperating',
    })),
    inputs: units.map((unitCode) => ({
      taskId: p.taskId,
      directiveId: p.directiveId,
      unitCode,
      dueOn,
      dueAt: null,
      policy: p.policy,
      calendar: p.calendar,
      coordinatorUnit: lead ?? p.coordinatorUnit,
      // The lead unit confirms or returns the contribution.
      confirmationRequired: lead !== null,
    })),
  };
}

export async function startCooperating(deps: AppDeps, plan: CooperatingPlan): Promise<void> {
  await startAssignmentWorkflows(deps, plan.inputs);
}

// ---- acting one level down ----------------------------------------------------------------------------------

/**
 * After an action on an assignment: a cancel cascades to every open assignment below it, in a workflow (one per
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
  const [below] = await deps.sql`SELECT 1 FROM assignments WHERE parent_workflow_id = ${workflowId} LIMIT 1`;
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
  due_at: Date | null;
  note: string | null;
  depth: number;
}

/** k-of-N over rows by the one rule (domain/counting.ts): reassigned rows count under their successor, cancelled ones not at all. */
export function countsOf(
  deps: AppDeps,
  rows: { unit_code: string; status: Status; due_on: string; due_at?: Date | null; depth?: number }[],
  now: number,
): SubtreeCounts {
  const today = toVnDate(new Date(now));
  const counted = rows.filter((r) => isCounted(r.status));
  const laggards = counted
    .filter((r) => r.status === 'overdue' || (isOpen(r.status) && isOverdueAt(r.due_on, r.due_at?.getTime() ?? null, now)))
    .map((r) => ({
      unitCode: r.unit_code,
      unitName: deps.units.get(r.unit_code)?.nameVi ?? r.unit_code,
      status: r.status,
      dueOn: r.due_on,
      daysLate: daysLateOn(r.due_on, today),
      depth: r.depth ?? 1,
    }))
    .sort((a, b) => b.daysLate - a.daysLate || a.unitCode.localeCompare(b.unitCode));
  return { done: counted.filter((r) => isDone(r.status)).length, total: counted.length, laggards };
}

async function subtreeRows(deps: AppDeps, workflowIds: string[]): Promise<(TreeRow & { root: string })[]> {
  if (workflowIds.length === 0) return [];
  return deps.sql<(TreeRow & { root: string })[]>`
    WITH RECURSIVE tree(workflow_id, root, depth) AS (
      SELECT workflow_id, parent_workflow_id, 1 FROM assignments WHERE parent_workflow_id = ANY(${workflowIds})
      UNION SELECT a.workflow_id, t.root, t.depth + 1 FROM assignments a JOIN tree t ON a.parent_workflow_id = t.workflow_id
    )
    SELECT a.workflow_id, a.unit_code, a.parent_workflow_id, a.status, a.due_on, a.due_at, a.note, t.depth, t.root
    FROM tree t JOIN assignments a USING (workflow_id) ORDER BY t.depth, a.unit_code`;
}

/** Each workflow's direct and whole-subtree counts, for the roll-ups of a task. */
export async function subtreeCountsOf(
  deps: AppDeps,
  workflowIds: string[],
): Promise<Map<string, { direct: SubtreeCounts; subtree: SubtreeCounts }>> {
  const rows = await subtreeRows(deps, workflowIds);
  const now = deps.now?.() ?? Date.now();
  return new Map(
    workflowIds.map((id) => {
      const mine = rows.filter((r) => r.root === id);
      return [
        id,
        {
          direct: countsOf(
            deps,
            mine.filter((r) => r.depth === 1),
            now,
          ),
          subtree: countsOf(deps, mine, now),
        },
      ];
    }),
  );
}

/** An assignment's sub-assignments: k-of-N and laggards for its direct children and for its whole subtree. */
export async function listSubAssignments(deps: AppDeps, principal: Principal, taskId: string, unitCode: string): Promise<SubtreeView> {
  const parent = await findLevelRow(deps, principal, taskId, unitCode);
  const rows = await subtreeRows(deps, [parent.workflow_id]);
  const now = deps.now?.() ?? Date.now();
  const unitOf = new Map<string, string>([
    [parent.workflow_id, parent.unit_code],
    ...rows.map((r) => [r.workflow_id, r.unit_code] as [string, string]),
  ]);
  const direct = countsOf(
    deps,
    rows.filter((r) => r.depth === 1),
    now,
  );
  return {
    workflowId: parent.workflow_id,
    unitCode: parent.unit_code,
    status: parent.status,
    dueOn: parent.due_on,
    allDone: direct.total > 0 && direct.done === direct.total,
    direct,
    subtree: countsOf(deps, rows, now),
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

/** A fresh message id for callers without an Idempotency-Key. */
export const newMessageId = (): string => randomUUID();
