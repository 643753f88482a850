/**
 * One assignment's facts and the rules for changing them, free of Temporal so they are tested on their own.
 * The workflow owns one `AssignmentState`, asks `rejectionOf` before accepting a message, and applies it with
 * the matching `apply*` function; each returns the event to record.
 */
import { dateRefusal, isDateInRange, startOfDayVn, toVnDate, type IsoDate } from './dates';
import { completionBasisOf, deriveStatus, dueInstant, TERMINAL_STATUSES, type CompletionRule, type Status } from './status';
import type { CompletionBasis } from './counting';
import type { CalendarData } from './calendar';
import type { AwaitingAck } from './escalation-ack';
import { dueOnAfterPause, pausedWorkingDays } from './pause';

export interface ProgressReport {
  percent: number;
  note: string;
  at: number;
}
export interface Completion {
  reportedAt: number;
  note: string;
  evidenceUrl: string | null;
  documentNumber: string | null;
  documentDate: IsoDate | null;
  /** Optional, so completions recorded before them keep their shape (the outgoing EDXML report reads them). */
  documentSigner?: { fullName: string; position?: string | null } | undefined;
  documentSha256?: string | undefined;
  confirmed: boolean;
  confirmedAt: number | null;
  confirmedBy: string | null;
  /** What on time was judged on, once completed under the 'recorded-unless-confirmed' rule. */
  basis?: CompletionBasis | undefined;
}
export interface PendingExtension {
  newDueOn: IsoDate;
  /** A new deadline time within the new date (epoch ms), when the request names one. */
  newDueAt?: number | null;
  reason: string;
  requestedAt: number;
  requestedBy: string;
}
export interface DueDateChange {
  from: IsoDate;
  to: IsoDate;
  reason: string;
  decidedAt: number;
  decidedBy: string;
  note: string;
  /** Set when the move is a paused deadline's: when the pause began and the working days it lasted. */
  pausedAt?: number;
  pausedWorkingDays?: number;
}

/** A paused deadline (domain/pause.ts): the ladder stands still until a coordinator resumes it. */
export interface Pause {
  at: number;
  reason: string;
  by: string;
}

export interface AssignmentState {
  workflowId: string;
  taskId: string;
  directiveId: string;
  unitCode: string;
  /** The unit first assigned, kept on record when a reorganisation or a coordinator moves the assignment. */
  originalUnit: string;
  predecessorWorkflowId: string | null;
  status: Status;
  dueOn: IsoDate;
  /** Deadline within the due date (epoch ms) when the directive gives a time; null: end of the day. */
  dueAt: number | null;
  originalDueOn: IsoDate;
  dueSoonFrom: number | null;
  /** How completions are judged (domain/status.ts); absent in workflows started before the rule. */
  completionRule?: CompletionRule | undefined;
  confirmationRequired: boolean;
  acknowledgedAt: number | null;
  progress: ProgressReport | null;
  completion: Completion | null;
  pendingExtension: PendingExtension | null;
  dueDateChanges: DueDateChange[];
  cancelled: { at: number; reason: string; by: string } | null;
  /** The unit declined the assignment as outside its remit; the coordinator reassigns or insists. */
  refusal: { reason: string; at: number; by: string } | null;
  /** `merged`: the new unit already held the task, so the two count once, under it. */
  reassignedTo: { unitCode: string; at: number; reason: string; by: string; merged?: boolean } | null;
  /** Highest escalation level reached for the due date in force (0 = none). */
  escalationLevel: number;
  escalationRung: string | null;
  lastEscalatedAt: number | null;
  /** The pause in force, if any; absent in workflows started before paused deadlines. */
  paused?: Pause | null | undefined;
  /** An escalation waiting for its reader's acknowledgement (domain/escalation-ack.ts); absent in older workflows. */
  awaitingAck?: AwaitingAck | null | undefined;
  /** Sequence number of the last recorded event; the read model only accepts newer snapshots. */
  seq: number;
}

export interface NewAssignment {
  workflowId: string;
  taskId: string;
  directiveId: string;
  unitCode: string;
  dueOn: IsoDate;
  dueAt: number | null;
  dueSoonFrom: number | null;
  confirmationRequired: boolean;
  /** The record carried over from the unit that held the assignment before (reassignment). */
  predecessor?: Pick<AssignmentState, 'originalUnit' | 'originalDueOn' | 'acknowledgedAt' | 'progress' | 'dueDateChanges'> & {
    workflowId: string;
  };
}

/** A fresh assignment: nothing acknowledged, reported or escalated yet (status is derived by the caller). */
export function newAssignmentState(a: NewAssignment): AssignmentState {
  return {
    workflowId: a.workflowId,
    taskId: a.taskId,
    directiveId: a.directiveId,
    unitCode: a.unitCode,
    originalUnit: a.predecessor?.originalUnit ?? a.unitCode,
    predecessorWorkflowId: a.predecessor?.workflowId ?? null,
    status: 'not_due',
    dueOn: a.dueOn,
    dueAt: a.dueAt,
    originalDueOn: a.predecessor?.originalDueOn ?? a.dueOn,
    dueSoonFrom: a.dueSoonFrom,
    confirmationRequired: a.confirmationRequired,
    acknowledgedAt: a.predecessor?.acknowledgedAt ?? null,
    progress: a.predecessor?.progress ?? null,
    completion: null,
    pendingExtension: null,
    dueDateChanges: a.predecessor?.dueDateChanges ?? [],
    cancelled: null,
    refusal: null,
    reassignedTo: null,
    escalationLevel: 0,
    escalationRung: null,
    lastEscalatedAt: null,
    seq: 0,
  };
}

export type Action =
  | 'acknowledge'
  | 'reportProgress'
  | 'complete'
  | 'requestExtension'
  | 'decideExtension'
  | 'reassign'
  | 'cancel'
  | 'confirmCompletion'
  | 'returnCompletion'
  | 'decline'
  | 'insist'
  | 'pause'
  | 'resume'
  | 'acknowledgeEscalation';

export function isClosed(state: AssignmentState): boolean {
  return TERMINAL_STATUSES.has(state.status);
}

export function withStatus(state: AssignmentState, now: number): AssignmentState {
  const status = deriveStatus(
    {
      dueOn: state.dueOn,
      dueAt: state.dueAt,
      dueSoonFrom: state.dueSoonFrom,
      completion: state.completion,
      cancelled: state.cancelled !== null,
      reassigned: state.reassignedTo !== null,
      completionRule: state.completionRule,
    },
    now,
  );
  const next = status === state.status ? state : { ...state, status };
  // Under the rule, a completion says what it was judged on (the answers and reports show it).
  const c = next.completion;
  if (!state.completionRule || !c?.confirmed) return next;
  const basis = completionBasisOf(c, next.dueOn, next.dueAt, state.completionRule).basis as CompletionBasis;
  return c.basis === basis ? next : { ...next, completion: { ...c, basis } };
}

/** Why `action` cannot be applied now, or null when it can. Payload shape is checked by the API's schemas. */
/** A lone UTF-16 surrogate (no pair), or NUL: text Postgres can never store as JSON or text. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this must find
const ILL_FORMED = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\u0000/;

/** The path of the first string in `value` that is ill-formed Unicode or holds NUL, or null. */
export function illFormedTextAt(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return ILL_FORMED.test(value) ? path || '(value)' : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = illFormedTextAt(inner, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return null;
}

/** The same value with every lone surrogate and NUL replaced by U+FFFD, so it can be recorded. */
export function withWellFormedText<T>(value: T): T {
  if (typeof value === 'string') return value.replace(new RegExp(ILL_FORMED.source, 'g'), '\ufffd') as T;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(withWellFormedText) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withWellFormedText(v)])) as T;
}

/**
 * Why `action` with `message` may not be applied now, or null. The message is any object (an update's input, a
 * form's probe); its fields are read as unknown and checked here.
 */
export function rejectionOf(state: AssignmentState, action: Action, message: object = {}): string | null {
  const payload: Readonly<Record<string, unknown>> = { ...message };
  if (isClosed(state)) return `the assignment is ${state.status}`;
  const illFormed = illFormedTextAt(payload);
  if (illFormed) return `${illFormed} must be well-formed Unicode text without NUL`;
  const awaiting = state.completion !== null && !state.completion.confirmed;
  switch (action) {
    case 'acknowledge':
      return null;
    case 'reportProgress': {
      const percent = payload.percent;
      if (typeof percent !== 'number' || !Number.isInteger(percent) || percent < 0 || percent > 100)
        return 'percent must be an integer from 0 to 100';
      return awaiting ? 'completion has been reported and awaits confirmation' : null;
    }
    case 'complete':
      if (state.paused) return 'the assignment is paused; it must be resumed before completion is reported';
      if (awaiting) return 'completion has already been reported and awaits confirmation';
      if (payload.documentDate != null) {
        const refusal = dateRefusal(String(payload.documentDate));
        if (refusal) return `documentDate ${refusal}`;
      }
      return null;
    case 'requestExtension': {
      // Every date is judged here, before the update is accepted: a date the ladder cannot plan must never reach it.
      const newDueOn = String(payload.newDueOn ?? '');
      const refusal = dateRefusal(newDueOn);
      if (refusal) return `newDueOn ${refusal}`;
      if (newDueOn < state.dueOn) return `newDueOn must not be before the current due date ${state.dueOn}`;
      let newDueAt: number | null = null;
      if (payload.newDueAt != null) {
        newDueAt = Date.parse(String(payload.newDueAt));
        if (Number.isNaN(newDueAt)) return 'newDueAt must be an ISO-8601 date-time with offset';
        if (toVnDate(new Date(newDueAt)) !== newDueOn)
          return `newDueAt falls on ${toVnDate(new Date(newDueAt))} in Vietnam but newDueOn is ${newDueOn}`;
      }
      // The same day with a later time extends a time-of-day deadline by hours; anything else must be a later day.
      if (newDueOn === state.dueOn) {
        const current = dueInstant(state.dueOn, state.dueAt);
        if (newDueAt === null || newDueAt <= current)
          return `newDueOn must be after the current due date ${state.dueOn}, or on it with a newDueAt later than ${new Date(current).toISOString()}`;
      }
      if (state.pendingExtension) return 'an extension request is already pending a decision';
      return awaiting ? 'completion has been reported and awaits confirmation' : null;
    }
    case 'decideExtension':
      if (!state.pendingExtension) return 'there is no pending extension request';
      // A request accepted before dates were range-checked is only rejected, never approved into the ladder.
      if (payload.approve === true && !isDateInRange(state.pendingExtension.newDueOn))
        return `the requested date ${state.pendingExtension.newDueOn} is outside the dates the system takes; reject the request`;
      return null;
    case 'reassign': {
      const toUnit = String(payload.toUnit ?? '');
      if (!toUnit) return 'toUnit is required';
      return toUnit === state.unitCode ? 'the assignment is already with that unit' : null;
    }
    case 'cancel':
      return null;
    case 'confirmCompletion':
    case 'returnCompletion':
      return awaiting ? null : 'no completion report is awaiting confirmation';
    case 'decline':
      if (state.refusal) return 'the assignment has already been declined and awaits the coordinator';
      return awaiting ? 'completion has been reported and awaits confirmation' : null;
    case 'insist':
      return state.refusal ? null : 'the assignment has not been declined';
    case 'pause':
      if (state.paused) return 'the assignment is already paused';
      return awaiting ? 'completion has been reported and awaits confirmation' : null;
    case 'resume':
      return state.paused ? null : 'the assignment is not paused';
    case 'acknowledgeEscalation':
      return state.awaitingAck ? null : 'no escalation of this assignment awaits acknowledgement';
  }
}

export interface AppliedEvent {
  kind: string;
  data: Record<string, unknown>;
}

/**
 * A completed assignment that takes over another unit's open work reopens: the merged work is not done, so
 * the assignment is open and counted again (its completion stays in its timeline).
 */
export function reopenForMerge(state: AssignmentState, now: number): AssignmentState {
  return withStatus({ ...state, completion: null, refusal: null, pendingExtension: null }, now);
}

/** Whether a closed assignment reopens for merged open work: completed ones do; cancelled or moved ones do not. */
export function reopensForMerge(state: AssignmentState): boolean {
  return state.status === 'completed_on_time' || state.status === 'completed_late';
}

export function applyAcknowledge(state: AssignmentState, now: number): [AssignmentState, AppliedEvent] {
  if (state.acknowledgedAt !== null) return [state, { kind: 'acknowledged', data: { already: true } }];
  return [
    { ...state, acknowledgedAt: now },
    { kind: 'acknowledged', data: {} },
  ];
}

/** The reader of an escalation took it up: its window closes, and nothing goes to the backup. */
export function applyAcknowledgeEscalation(state: AssignmentState, by: string, now: number): [AssignmentState, AppliedEvent] {
  const ack = state.awaitingAck!;
  return [
    { ...state, awaitingAck: null },
    {
      kind: 'escalation_acknowledged',
      data: { level: ack.level, rung: ack.rung, step: ack.step, escalatedAt: ack.escalatedAt, deadline: ack.deadline, by, at: now },
    },
  ];
}

/** The window closed unanswered: the escalation goes to the backup, once (the window is gone with it). */
export function applyAckTimeout(state: AssignmentState): [AssignmentState, AppliedEvent] {
  const ack = state.awaitingAck!;
  return [
    { ...state, awaitingAck: null },
    {
      kind: 'escalation_unacknowledged',
      // `rung` names whom the notice reaches now (as an escalation's does); `unacknowledgedRung` whom it reached first.
      data: {
        level: ack.level,
        rung: ack.backup,
        unacknowledgedRung: ack.rung,
        step: ack.step,
        escalatedAt: ack.escalatedAt,
        deadline: ack.deadline,
      },
    },
  ];
}

export function applyProgress(state: AssignmentState, percent: number, note: string, now: number): [AssignmentState, AppliedEvent] {
  return [
    { ...state, progress: { percent, note, at: now } },
    { kind: 'progress_reported', data: { percent, note } },
  ];
}

export function applyComplete(
  state: AssignmentState,
  input: {
    note: string;
    evidenceUrl?: string | null;
    documentNumber?: string | null;
    documentDate?: IsoDate | null;
    documentSigner?: { fullName: string; position?: string | null } | null;
    documentSha256?: string | null;
  },
  now: number,
  /** The assigner's side recording the completion itself (a coordinator, the seed): it needs no confirmation. */
  recordedByAssigner: string | null = null,
): [AssignmentState, AppliedEvent] {
  const confirmedBy = state.confirmationRequired ? null : recordedByAssigner;
  const completion: Completion = {
    reportedAt: now,
    note: input.note,
    evidenceUrl: input.evidenceUrl ?? null,
    documentNumber: input.documentNumber ?? null,
    documentDate: input.documentDate ?? null,
    // Only when given: a completion without them stays as it was recorded before they existed.
    ...(input.documentSigner ? { documentSigner: input.documentSigner } : {}),
    ...(input.documentSha256 ? { documentSha256: input.documentSha256 } : {}),
    confirmed: !state.confirmationRequired,
    confirmedAt: state.confirmationRequired ? null : now,
    confirmedBy,
  };
  const next = withStatus({ ...state, completion, pendingExtension: null }, now);
  const kind = state.confirmationRequired ? 'completion_reported' : 'completed';
  return [next, { kind, data: { ...input, onTime: next.status === 'completed_on_time', ...(confirmedBy ? { confirmedBy } : {}) } }];
}

export function applyConfirm(state: AssignmentState, by: string, note: string | null, now: number): [AssignmentState, AppliedEvent] {
  const completion = { ...state.completion!, confirmed: true, confirmedAt: now, confirmedBy: by };
  const next = withStatus({ ...state, completion }, now);
  return [next, { kind: 'completed', data: { confirmedBy: by, note, onTime: next.status === 'completed_on_time' } }];
}

export function applyReturn(state: AssignmentState, by: string, reason: string, now: number): [AssignmentState, AppliedEvent] {
  return [withStatus({ ...state, completion: null }, now), { kind: 'completion_returned', data: { returnedBy: by, reason } }];
}

export function applyRequestExtension(
  state: AssignmentState,
  newDueOn: IsoDate,
  reason: string,
  by: string,
  now: number,
  newDueAt: number | null = null,
): [AssignmentState, AppliedEvent] {
  // Older runs recorded no time; a request without one keeps the key out, as before.
  const pendingExtension: PendingExtension = {
    newDueOn,
    ...(newDueAt !== null ? { newDueAt } : {}),
    reason,
    requestedAt: now,
    requestedBy: by,
  };
  const data = { newDueOn, ...(newDueAt !== null ? { newDueAt } : {}), reason, currentDueOn: state.dueOn };
  return [
    { ...state, pendingExtension },
    { kind: 'extension_requested', data },
  ];
}

/**
 * An approved extension moves the due date; the caller recomputes the reminder window and re-plans every
 * timer. The escalation level resets: escalations were about the old date.
 */
export function applyDecideExtension(
  state: AssignmentState,
  decision: { approve: boolean; decidedBy: string; note: string },
  now: number,
  dueSoonFromFor: (dueOn: IsoDate, dueAt: number | null) => number | null,
  keepTimeOfDay = false,
): [AssignmentState, AppliedEvent] {
  const pending = state.pendingExtension!;
  if (!decision.approve) {
    return [
      { ...state, pendingExtension: null },
      { kind: 'extension_rejected', data: { requestedDueOn: pending.newDueOn, decidedBy: decision.decidedBy, note: decision.note } },
    ];
  }
  const change: DueDateChange = {
    from: state.dueOn,
    to: pending.newDueOn,
    reason: pending.reason,
    decidedAt: now,
    decidedBy: decision.decidedBy,
    note: decision.note,
  };
  // The deadline's time of day carries over unless the request named a new one (runs before this rule: end of day).
  const dueAt = keepTimeOfDay ? (pending.newDueAt ?? sameTimeOn(pending.newDueOn, state.dueOn, state.dueAt)) : null;
  const next = withStatus(
    {
      ...state,
      dueOn: pending.newDueOn,
      dueAt,
      dueSoonFrom: dueSoonFromFor(pending.newDueOn, dueAt),
      pendingExtension: null,
      dueDateChanges: [...state.dueDateChanges, change],
      escalationLevel: 0,
      escalationRung: null,
    },
    now,
  );
  return [
    next,
    { kind: 'extension_approved', data: { from: change.from, to: change.to, decidedBy: decision.decidedBy, note: decision.note } },
  ];
}

/** The ladder stops: nothing is reminded or escalated until the assignment is resumed. */
export function applyPause(state: AssignmentState, reason: string, by: string, now: number): [AssignmentState, AppliedEvent] {
  return [
    { ...state, paused: { at: now, reason, by } },
    { kind: 'paused', data: { reason, dueOn: state.dueOn } },
  ];
}

/**
 * The ladder goes on; the due date moves by the working days the pause lasted (domain/pause.ts), kept as a due-date
 * change like an extension's (so the original and adjusted deadlines both stay and the figures count the adjusted one),
 * and the escalation level restarts for the moved date. A pause that moved nothing leaves the plan as it was.
 */
export function applyResume(
  state: AssignmentState,
  input: { by: string; note: string },
  now: number,
  calendar: CalendarData,
  dueSoonFromFor: (dueOn: IsoDate, dueAt: number | null) => number | null,
): [AssignmentState, AppliedEvent] {
  const pause = state.paused!;
  const days = pausedWorkingDays(calendar, pause.at, now);
  const to = dueOnAfterPause(calendar, state.dueOn, days);
  const data = { from: state.dueOn, to, pausedAt: pause.at, pausedWorkingDays: days, reason: pause.reason, note: input.note };
  if (to === state.dueOn) return [withStatus({ ...state, paused: null }, now), { kind: 'resumed', data }];
  const change: DueDateChange = {
    from: state.dueOn,
    to,
    reason: pause.reason,
    decidedAt: now,
    decidedBy: input.by,
    note: input.note,
    pausedAt: pause.at,
    pausedWorkingDays: days,
  };
  const dueAt = sameTimeOn(to, state.dueOn, state.dueAt);
  const next = withStatus(
    {
      ...state,
      dueOn: to,
      dueAt,
      dueSoonFrom: dueSoonFromFor(to, dueAt),
      paused: null,
      dueDateChanges: [...state.dueDateChanges, change],
      escalationLevel: 0,
      escalationRung: null,
    },
    now,
  );
  return [next, { kind: 'resumed', data }];
}

/** The instant on `day` at the time of day `dueAt` has on `dueOn` (Vietnam keeps one offset), or null. */
function sameTimeOn(day: IsoDate, dueOn: IsoDate, dueAt: number | null): number | null {
  if (dueAt === null) return null;
  return startOfDayVn(day).getTime() + (dueAt - startOfDayVn(dueOn).getTime());
}

export function applyCancel(state: AssignmentState, reason: string, by: string, now: number): [AssignmentState, AppliedEvent] {
  return [withStatus({ ...state, cancelled: { at: now, reason, by } }, now), { kind: 'cancelled', data: { reason } }];
}

export function applyReassign(
  state: AssignmentState,
  toUnit: string,
  reason: string,
  by: string,
  now: number,
): [AssignmentState, AppliedEvent] {
  return [
    withStatus({ ...state, reassignedTo: { unitCode: toUnit, at: now, reason, by } }, now),
    { kind: 'reassigned', data: { fromUnit: state.unitCode, toUnit, reason } },
  ];
}

export function applyDecline(state: AssignmentState, reason: string, by: string, now: number): [AssignmentState, AppliedEvent] {
  return [
    { ...state, refusal: { reason, at: now, by } },
    { kind: 'declined', data: { reason } },
  ];
}

/** The coordinator keeps the assignment with the unit; reminders never stopped. */
export function applyInsist(state: AssignmentState, note: string, by: string): [AssignmentState, AppliedEvent] {
  return [
    { ...state, refusal: null },
    { kind: 'refusal_rejected', data: { note, by, declinedFor: state.refusal?.reason ?? null } },
  ];
}

/** A report made by the end of the due date (or with a document dated by then) is the coordinator's to confirm. */
export function reportedOnTime(state: AssignmentState): boolean {
  const c = state.completion;
  if (!c) return false;
  // Judged as the assigner's confirmation would judge it: under the rule a document date counts only then.
  const asConfirmed = state.completionRule ? { ...c, confirmedBy: c.confirmedBy ?? 'assigner' } : c;
  return completionBasisOf(asConfirmed, state.dueOn, state.dueAt, state.completionRule).onTime;
}
