/**
 * Adding a task to a directive: resolve its due date, expand its assignees, write the task and one read-model
 * row per assignment in one transaction, then start the fan-out workflow that starts one assignment workflow
 * per unit (leads and co-operating units alike, each from its recorded start input: services/assignment-starts.ts).
 * The request returns as soon as the fan-out is started.
 */
import { jsonb } from '../db/sql';
import { randomUUID } from 'node:crypto';
import { resolveDeadline } from '../domain/deadlines';
import { PERIOD_START_MONTHS, type Frequency } from '../domain/periods';
import { provisionalYearsBetween } from '../domain/calendar';
import { dueSoonFrom, validatePolicy } from '../domain/policy';
import { defaultPolicyForUrgency } from '../domain/urgency';
import { deriveStatus } from '../domain/status';
import { toVnDate, type IsoDate } from '../domain/dates';
import { assignmentWorkflowId, fanoutWorkflowId } from '../workflows/contract';
import type { Principal } from './access';
import type { AppDeps } from './deps';
import { chargeTaskQuota } from './quotas';
import { recordStartBatch, resumePendingStarts, startRecordedBatch, type RecordedStart } from './assignment-starts';
import { cooperatingAssignmentRows } from './cooperation';
import { DomainError, conflict, notFound } from './errors';
import type { RecurrenceChange, RecurrenceState, TaskInput } from './types';
import { authorize } from './use-cases';
import { DEFAULT_CONTRIBUTION_LEAD_DAYS, planCooperating } from '../domain/cooperation';
import { resolveTaskRoles } from '../domain/task-roles';

export interface TaskCreated {
  taskId: string;
  directiveId: string;
  /** Null for a recurring obligation: each period has its own due date. */
  dueOn: IsoDate | null;
  assignmentCount: number;
  fanoutWorkflowId: string | null;
  recurring?: Frequency;
  /** A recurring obligation's due day (of the period's last month), from the input or the deadline text. */
  dueDay?: number | null;
  scheduleId?: string;
  /** The due date rests on a day of a year with no official calendar yet (the statutory forecast). */
  provisional: boolean;
}

/** The coordinator's use case: assign a task, charged to the caller's quota. */
export async function assignTask(
  deps: AppDeps,
  principal: Principal,
  directiveId: string,
  input: TaskInput,
  options: { stableId?: string } = {},
): Promise<TaskCreated> {
  authorize(principal, 'assignTasks');
  return createTask(deps, directiveId, input, principal.id, { ...options, quotaOf: principal });
}

/** Creates a task and starts its assignments, for callers that have authorized it (an import, the seeds). */
export async function createTask(
  deps: AppDeps,
  directiveId: string,
  input: TaskInput,
  createdBy: string,
  options: { unitsValidOn?: IsoDate; stableId?: string; quotaOf?: Principal } = {},
): Promise<TaskCreated> {
  const { sql } = deps;
  const [directive] = await sql<{ issued_on: string; confirmation_required: boolean }[]>`
    SELECT issued_on, confirmation_required FROM directives WHERE id = ${directiveId}`;
  if (!directive) throw notFound(`directive ${directiveId}`);
  const calendar = await deps.calendar();
  const now = deps.now?.() ?? Date.now();

  let dueAt = input.dueAt ? new Date(input.dueAt).getTime() : null;
  if (dueAt !== null && input.dueOn && input.dueOn !== toVnDate(new Date(dueAt))) {
    const reason = `dueAt falls on ${toVnDate(new Date(dueAt))} in Vietnam but dueOn is ${input.dueOn}`;
    throw new DomainError('unprocessable', 'deadline', reason, [{ field: 'dueAt', reason }]);
  }
  let dueOn = input.dueOn ?? (dueAt !== null ? toVnDate(new Date(dueAt)) : undefined);
  let rule = dueAt !== null ? 'explicit dueAt' : 'explicit dueOn';
  let recurring: Frequency | null = null;
  let resolvedDueDay: number | undefined;
  // The years a resolved due date rests on that have only the statutory forecast (empty when none does).
  let provisionalYears: number[] = [];
  if (input.deadlineText !== undefined) {
    const resolved = resolveDeadline(input.deadlineText, directive.issued_on, calendar);
    if (!resolved.ok)
      throw new DomainError('unprocessable', 'deadline', resolved.reason, [{ field: 'deadlineText', reason: resolved.reason }]);
    if (resolved.recurring) {
      if (!dueOn && resolved.frequency !== 'continuous') [recurring, resolvedDueDay] = [resolved.frequency, resolved.dueDay];
      else if (!dueOn) {
        const reason = `"${input.deadlineText}" is a standing obligation with no period; give dueOn for when it is checked`;
        throw new DomainError('unprocessable', 'deadline', reason, [{ field: 'deadlineText', reason }]);
      }
      rule = resolved.rule;
    } else {
      if (dueOn && dueOn !== resolved.dueOn) {
        const reason = `deadlineText resolves to ${resolved.dueOn} but dueOn is ${dueOn}`;
        throw new DomainError('unprocessable', 'deadline', reason, [{ field: 'dueOn', reason }]);
      }
      dueOn = resolved.dueOn;
      // A time of day in the phrase ("trước 17h00 ngày …") is the deadline within the day, unless the caller gave one.
      if (dueAt === null && resolved.dueAt !== undefined) dueAt = Date.parse(resolved.dueAt);
      rule = resolved.rule;
      if (resolved.provisional) {
        const years = provisionalYearsBetween(calendar, directive.issued_on, resolved.dueOn);
        provisionalYears = years.length ? years : [Number(resolved.dueOn.slice(0, 4))];
      }
    }
  }
  if (!dueOn && !recurring)
    throw new DomainError('unprocessable', 'deadline', 'give dueOn or deadlineText', [{ field: 'dueOn', reason: 'required' }]);
  if (dueOn && dueOn < directive.issued_on) {
    const reason = `must not be before the directive's issue date ${directive.issued_on}`;
    throw new DomainError('unprocessable', 'deadline', `dueOn ${reason}`, [{ field: 'dueOn', reason }]);
  }

  // Units and groups are those of the directive's issue date: a directive names the units that existed then.
  const validOn = options.unitsValidOn ?? directive.issued_on;
  const errors: { field: string; reason: string }[] = [];
  input.assignees.units.forEach((code, i) => {
    if (!deps.units.get(code)) errors.push({ field: `assignees.units.${i}`, reason: `unknown unit ${code}` });
    else if (!deps.units.isValidOn(code, validOn))
      errors.push({ field: `assignees.units.${i}`, reason: `unit ${code} does not exist on ${validOn}` });
  });
  for (const [name, list] of [
    ['leadUnits', input.leadUnits],
    ['coordinatingUnits', input.coordinatingUnits],
  ] as const) {
    list.forEach((code, i) => {
      if (!deps.units.get(code)) errors.push({ field: `${name}.${i}`, reason: `unknown unit ${code}` });
    });
  }
  if (errors.length) throw new DomainError('invalid', 'validation', errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors);
  // Lead units are assignees; co-operating units get their own contribution assignments (domain/task-roles.ts).
  const roles = resolveTaskRoles({
    assigneeUnits: input.assignees.units,
    leadUnits: input.leadUnits,
    coordinatingUnits: input.coordinatingUnits,
    groups: input.assignees.groups.length,
    groupUnits: input.assignees.groups.flatMap((g) => deps.units.expand(g, validOn)),
  });
  if (!roles.ok)
    throw new DomainError(roles.status, 'validation', roles.errors.map((e) => `${e.field}: ${e.reason}`).join('; '), roles.errors);
  const unitCodes = roles.leadSide;
  if (unitCodes.length === 0)
    throw new DomainError('unprocessable', 'validation', 'the assignees expand to no unit', [
      { field: 'assignees', reason: `no unit valid on ${validOn}` },
    ]);
  if (unitCodes.length > 2000)
    throw new DomainError('unprocessable', 'validation', 'at most 2,000 assignees per task', [
      { field: 'assignees', reason: 'too many units' },
    ]);

  if (input.policy) {
    const floor = deps.policyFloor;
    const violations = validatePolicy(input.policy, floor);
    if (violations.length)
      throw new DomainError('invalid', 'validation', violations.map((e) => `${e.field}: ${e.reason}`).join('; '), violations);
  }

  const taskId = input.id ?? options.stableId ?? `tsk_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  if (recurring) {
    const dueDay = input.recurrenceDueDay ?? resolvedDueDay ?? null;
    const quotaOf = options.quotaOf;
    return createRecurringTask(deps, { directiveId, taskId, input, rule, frequency: recurring, dueDay, unitCodes, createdBy, quotaOf });
  }
  if (!dueOn) throw new DomainError('unprocessable', 'deadline', 'give dueOn or deadlineText', [{ field: 'dueOn', reason: 'required' }]);
  if (!input.id && options.stableId) {
    // A retry of a request whose first attempt saved the task and then died: finish that one.
    const [saved] = await sql<{ assignment_count: number; due_on: string; provisional: boolean }[]>`
      SELECT assignment_count, due_on, cardinality(provisional_years) > 0 AS provisional
      FROM tasks WHERE id = ${taskId} AND directive_id = ${directiveId}`;
    if (saved) {
      await resumePendingFanouts(deps);
      const { due_on: savedDueOn, assignment_count: assignmentCount, provisional } = saved;
      return { taskId, directiveId, dueOn: savedDueOn, assignmentCount, fanoutWorkflowId: fanoutWorkflowId(taskId), provisional };
    }
  }
  const policy = input.policy ?? defaultPolicyForUrgency(input.urgency ?? 'normal');
  const status = deriveStatus(
    { dueOn, dueAt, dueSoonFrom: dueSoonFrom(policy, dueOn, calendar, dueAt), completion: null, cancelled: false, reassigned: false },
    now,
  );
  // Co-operating units get their own contribution assignments, answering to the lead unit.
  const cooperating = planCooperating({
    issuedOn: directive.issued_on,
    leadUnits: input.leadUnits.length ? input.leadUnits : unitCodes.length === 1 ? unitCodes : [],
    units: roles.cooperating,
    dueOn,
    leadDays: input.contributionLeadDays ?? DEFAULT_CONTRIBUTION_LEAD_DAYS,
    policy,
    calendar,
    coordinatorUnit: deps.coordinatorUnit,
    now,
  });
  // Every workflow this task starts counts, leads and co-operating units alike.
  const assignmentCount = unitCodes.length + cooperating.length;
  await sql.begin(async (tx) => {
    const inserted = await tx`
      INSERT INTO tasks (id, directive_id, title, title_en, description, due_on, due_at, deadline_text, deadline_rule, lead_units,
                         coordinating_units, policy, key_task, assignment_count, created_by, urgency)
      VALUES (${taskId}, ${directiveId}, ${input.title}, ${input.titleEn ?? null}, ${input.description}, ${dueOn}, ${dueAt === null ? null : new Date(dueAt)},
              ${input.deadlineText ?? null}, ${rule},
              ${input.leadUnits}, ${input.coordinatingUnits}, ${jsonb(tx, policy)}, ${input.key}, ${assignmentCount}, ${createdBy},
              ${input.urgency ?? 'normal'})
      ON CONFLICT (id) DO NOTHING RETURNING id`;
    if (inserted.length === 0) throw conflict(`task ${taskId} already exists`);
    if (options.quotaOf) await chargeTaskQuota(tx, deps, options.quotaOf, 'assignments', assignmentCount);
    const leadStart: RecordedStart = {
      role: 'lead',
      dueOn,
      dueAt,
      coordinatorUnit: deps.coordinatorUnit,
      confirmationRequired: directive.confirmation_required,
      parentWorkflowId: null,
    };
    const rows = unitCodes.map((unitCode) => ({
      workflow_id: assignmentWorkflowId(taskId, unitCode),
      task_id: taskId,
      directive_id: directiveId,
      unit_code: unitCode,
      original_unit: unitCode,
      status,
      due_on: dueOn,
      due_at: dueAt === null ? null : new Date(dueAt),
      original_due_on: dueOn,
      start_input: jsonb(tx, leadStart),
    }));
    for (let i = 0; i < rows.length; i += 500) await tx`INSERT INTO assignments ${tx(rows.slice(i, i + 500))}`;
    const cooperatingRows = cooperatingAssignmentRows(tx, taskId, directiveId, cooperating);
    if (cooperatingRows.length) await tx`INSERT INTO assignments ${tx(cooperatingRows)}`;
    if (input.contributionLeadDays !== undefined)
      await tx`UPDATE tasks SET contribution_lead_days = ${input.contributionLeadDays} WHERE id = ${taskId}`;
    if (provisionalYears.length) await tx`UPDATE tasks SET provisional_years = ${provisionalYears} WHERE id = ${taskId}`;
    const workflowIds = [...rows, ...cooperatingRows].map((r) => r.workflow_id);
    await recordStartBatch(tx, fanoutWorkflowId(taskId), taskId, workflowIds);
  });

  await startRecordedBatch(deps, fanoutWorkflowId(taskId));
  const provisional = provisionalYears.length > 0;
  return { taskId, directiveId, dueOn, assignmentCount, fanoutWorkflowId: fanoutWorkflowId(taskId), provisional };
}

/** Tasks saved while Temporal was unreachable (or whose process died before the start) get their fan-out now. */
export async function resumePendingFanouts(deps: AppDeps): Promise<number> {
  return resumePendingStarts(deps);
}

/**
 * A recurring obligation: a template task and a Temporal Schedule that creates each period's task and
 * assignments at 00:05 on the period's first day (Vietnam time), starting with the current period. Missed
 * periods are caught up for a year; each is created once (keyed by the period).
 */
async function createRecurringTask(
  deps: AppDeps,
  t: {
    directiveId: string;
    taskId: string;
    input: TaskInput;
    rule: string;
    frequency: Frequency;
    dueDay: number | null;
    unitCodes: string[];
    createdBy: string;
    quotaOf: Principal | undefined;
  },
): Promise<TaskCreated> {
  const policy = t.input.policy ?? defaultPolicyForUrgency(t.input.urgency ?? 'normal');
  await deps.sql.begin(async (tx) => {
    if (t.quotaOf) await chargeTaskQuota(tx, deps, t.quotaOf, 'schedules', 1);
    const inserted = await tx`
    INSERT INTO tasks (id, directive_id, title, title_en, description, deadline_text, deadline_rule, recurring, recurrence_units, recurrence_due_day,
                       lead_units, coordinating_units, policy, key_task, assignment_count, created_by, fanout_started_at, urgency)
    VALUES (${t.taskId}, ${t.directiveId}, ${t.input.title}, ${t.input.titleEn ?? null}, ${t.input.description}, ${t.input.deadlineText ?? null}, ${t.rule}, ${t.frequency},
            ${t.unitCodes}, ${t.dueDay}, ${t.input.leadUnits}, ${t.input.coordinatingUnits}, ${jsonb(tx, policy)}, ${t.input.key},
            ${t.unitCodes.length}, ${t.createdBy}, now(), ${t.input.urgency ?? 'normal'})
    ON CONFLICT (id) DO NOTHING RETURNING id`;
    // Inside the transaction, so a refused duplicate is not charged.
    if (inserted.length === 0) throw conflict(`task ${t.taskId} already exists`);
  });
  const scheduleId = recurrenceScheduleId(t.taskId);
  try {
    await deps.temporal.schedule.create({
      scheduleId,
      spec: {
        calendars: [{ dayOfMonth: 1, hour: 0, minute: 5, month: PERIOD_START_MONTHS[t.frequency] as '*' }],
        timezone: 'Asia/Ho_Chi_Minh',
      },
      action: {
        type: 'startWorkflow',
        workflowType: 'recurringPeriodWorkflow',
        taskQueue: deps.taskQueue,
        workflowId: `period/${t.taskId}`,
        args: [{ taskId: t.taskId }],
      },
      policies: { overlap: 'BUFFER_ALL', catchupWindow: '365 days' },
      state: { triggerImmediately: true, note: `recurring ${t.frequency} obligation of task ${t.taskId}` },
    });
  } catch (err) {
    if ((err as Error).name !== 'ScheduleAlreadyRunning') throw err;
  }
  const { taskId, directiveId, frequency: recurring, dueDay } = t;
  const assignmentCount = t.unitCodes.length;
  return { taskId, directiveId, dueOn: null, assignmentCount, fanoutWorkflowId: null, recurring, dueDay, scheduleId, provisional: false };
}

export function recurrenceScheduleId(taskId: string): string {
  return `recurrence/${taskId}`;
}

/**
 * Pause, resume or end a recurring obligation's schedule, or change its frequency or due day: periods
 * already created keep their due dates; the next ones follow the change.
 */
export async function changeRecurrence(
  deps: AppDeps,
  principal: Principal,
  taskId: string,
  change: RecurrenceChange,
): Promise<RecurrenceState> {
  authorize(principal, 'changeRecurrences');
  const [task] = await deps.sql<{ recurring: Frequency | null; recurrence_units: string[] | null; recurrence_due_day: number | null }[]>`
    SELECT recurring, recurrence_units, recurrence_due_day FROM tasks WHERE id = ${taskId}`;
  if (!task) throw notFound(`task ${taskId}`);
  if (!task.recurrence_units || !task.recurring)
    throw new DomainError('conflict', 'not-recurring', `task ${taskId} is not a recurring obligation`);
  const handle = deps.temporal.schedule.getHandle(recurrenceScheduleId(taskId));
  try {
    if (change.action === 'change') {
      const frequency = change.frequency ?? task.recurring;
      const dueDay = change.dueDay === undefined ? task.recurrence_due_day : change.dueDay;
      await handle.update((previous) => ({
        ...previous,
        spec: { ...previous.spec, calendars: [{ dayOfMonth: 1, hour: 0, minute: 5, month: PERIOD_START_MONTHS[frequency] as '*' }] },
      }));
      await deps.sql`UPDATE tasks SET recurring = ${frequency}, recurrence_due_day = ${dueDay} WHERE id = ${taskId}`;
      const paused = (await handle.describe()).state.paused;
      return { taskId, state: paused ? 'paused' : 'active', frequency, dueDay };
    }
    if (change.action === 'pause') await handle.pause('paused through the API');
    else if (change.action === 'resume') await handle.unpause('resumed through the API');
    else await handle.delete();
  } catch (err) {
    if ((err as Error).name !== 'ScheduleNotFoundError') throw err;
    if (change.action === 'change') throw new DomainError('conflict', 'ended', `the recurrence of task ${taskId} has ended`);
    return { taskId, state: 'ended' };
  }
  const state = change.action === 'pause' ? 'paused' : change.action === 'resume' ? 'active' : 'ended';
  return { taskId, state, frequency: task.recurring, dueDay: task.recurrence_due_day };
}
