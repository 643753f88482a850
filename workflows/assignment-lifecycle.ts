/**
 * One assignment's life: walk the policy's reminders and escalations, react to lifecycle messages, and
 * record every step through one idempotent activity. Deterministic: time is workflow time, the calendar
 * comes in the input, and history stays small through continue-as-new.
 *
 * `AssignmentLifecycle` owns every piece of mutable state of a run (the assignment, the calendar and its
 * versions, the message ids applied, the ladder's cursor) and the patch decisions taken at start; handlers and
 * the ladder reach it only through its methods.
 *
 * Handlers that await run interleaved with other handlers and with the ladder. They are not serialised (a lock
 * would change the order of commands for concurrent messages, and so every such history). Instead:
 * - a handler applies its rule before its first await, so a concurrent message is validated against the new
 *   state (a reassignment closes the assignment at once: during its start of the successor every lifecycle
 *   update and merge is refused, a calendar change ignored; a repeated message id is the same Temporal update);
 * - a write after an await transforms the state as it is then (`this.state`, read in the same synchronous
 *   step), never a copy taken before the await, so it loses no concurrent change;
 * - a recorded event carries the state its seq was taken with, also when it is recorded again without its
 *   offending text, never the state a concurrent message has moved on to since.
 */
import type { UpdateDefinition } from '@temporalio/common';
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities';
import { START_ASSIGNMENTS_OPTIONS } from './activity-options';
import {
  applyAcknowledge,
  applyAcknowledgeEscalation,
  applyAckTimeout,
  applyCancel,
  applyComplete,
  applyConfirm,
  applyDecideExtension,
  applyDecline,
  applyInsist,
  applyPause,
  applyProgress,
  applyReassign,
  applyRequestExtension,
  applyResume,
  applyReturn,
  isClosed,
  newAssignmentState,
  rejectionOf,
  reportedOnTime,
  withStatus,
  withWellFormedText,
  type Action,
  type AppliedEvent,
  type AssignmentState,
} from '../domain/assignment-state';
import type { CalendarData } from '../domain/calendar';
import type { IsoDate } from '../domain/dates';
import { movedSteps, sameCalendarDays, withCalendarYear } from '../domain/calendar-change';
import { daySpreadOf } from '../domain/day-spread';
import { awaitingAckFor, type AwaitingAck } from '../domain/escalation-ack';
import {
  advance,
  collapseMissedRepeats,
  nextStep,
  planKeyOf,
  replan,
  serialise,
  type LadderContext,
  type LadderCursor,
} from '../domain/ladder';
import { noticesForAckTimeout, noticesForEvent, noticesForStep, type Notice } from '../domain/notices';
import { dueSoonFrom, planTimeline, type PlannedStep } from '../domain/policy';
import {
  acknowledgeEscalationUpdate,
  acknowledgeUpdate,
  calendarChangedSignal,
  cancelUpdate,
  completeUpdate,
  confirmCompletionUpdate,
  decideExtensionUpdate,
  declineUpdate,
  insistUpdate,
  reassignUpdate,
  reportProgressUpdate,
  requestExtensionUpdate,
  returnCompletionUpdate,
  mergeUpdate,
  pauseUpdate,
  resumeUpdate,
  stateQuery,
  type Actor,
  type AssignmentInput,
  type AssignmentWorkflow,
  type CalendarChangeInput,
  type MergeInput,
  type RecordedEvent,
  type ReassignInput,
  UNRECORDABLE_EVENT,
} from './contract';

const SYSTEM: Actor = { kind: 'system', id: 'timer' };
const MAX_REMEMBERED_MESSAGE_IDS = 1000;

const { recordEvent } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  // Bounded: an event that cannot be written after these fails to the workflow, which decides (see record()).
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 12 },
});
const { startAssignments } = wf.proxyActivities<Activities>(START_ASSIGNMENTS_OPTIONS);

/** Workflow time: inside the Temporal sandbox the clock is replayed from history, so this is deterministic. */
function now(): number {
  return Date.now();
}

const by = (actor: Actor) => actor.id;

/** Open work merged in from another unit: recorded in this timeline, counted once, under this assignment. */
function mergeEvent(m: MergeInput, reopened: boolean): AppliedEvent {
  return {
    kind: 'merged',
    data: { predecessor: m.predecessor.workflowId, fromUnit: m.predecessor.unitCode, originalUnit: m.predecessor.originalUnit, reopened },
  };
}

export class AssignmentLifecycle {
  private readonly input: AssignmentInput;
  private readonly workflowId: string;
  private state: AssignmentState;
  // Replaced when a year's calendar is loaded or changed (calendarChangedSignal); recorded in history by the signal.
  private calendar: CalendarData;
  private readonly calendarVersions: Record<string, number>;
  private readonly handled: Set<string>;
  // The ladder: asked for the next step, waited on, fired, advanced.
  private cursor: LadderCursor | null = null;
  private plannedWith: CalendarData;
  // Workflows started before the confirmation flow neither wake on reports nor remind coordinators.
  private readonly confirmationFlow: boolean;
  // Day-based steps spread over the hour after the policy's time, by workflow id; runs before this keep it exactly.
  private readonly daySpreadMs: number;

  /** Takes the patch decisions of a run's start, in this order (their markers are recorded where first asked). */
  constructor(input: AssignmentInput) {
    this.input = input;
    this.calendar = input.calendar;
    this.calendarVersions = { ...(input.continued?.calendarVersions ?? {}) };
    this.workflowId = wf.workflowInfo().workflowId;
    let state =
      input.continued?.state ??
      newAssignmentState({
        workflowId: this.workflowId,
        taskId: input.taskId,
        directiveId: input.directiveId,
        unitCode: input.unitCode,
        dueOn: input.dueOn,
        dueAt: input.dueAt ?? null,
        dueSoonFrom: this.soonFrom(input.dueOn, input.dueAt ?? null),
        confirmationRequired: input.confirmationRequired,
        predecessor: input.predecessor,
      });
    // Completions are judged on the recorded time unless the assigner confirms (domain/counting.ts); runs started
    // before the rule keep judging by a given document date, so their histories replay.
    if (!state.completionRule && wf.patched('completion-basis')) state = { ...state, completionRule: 'recorded-unless-confirmed' };
    this.state = state;
    this.handled = new Set(input.continued?.handledMessageIds ?? []);
    this.confirmationFlow = wf.patched('confirmation-reminders');
    this.daySpreadMs = wf.patched('spread-day-steps') ? daySpreadOf(this.workflowId) : 0;
    this.plannedWith = this.calendar;
  }

  private soonFrom(dueOn: IsoDate, dueAt: number | null = null): number | null {
    return dueSoonFrom(this.input.policy, dueOn, this.calendar, dueAt);
  }

  /** Records one event under the next seq; the event carries the state as it stands at that seq. */
  private async record(event: AppliedEvent, actor: Actor, messageId: string | null, notices: Notice[]): Promise<void> {
    this.state = { ...this.state, seq: this.state.seq + 1 };
    let recorded: RecordedEvent = {
      workflowId: this.workflowId,
      seq: this.state.seq,
      at: now(),
      kind: event.kind,
      data: event.data,
      actor,
      messageId,
      state: this.state,
      notices,
    };
    for (let unrecordable = 0; ;) {
      try {
        await recordEvent(recorded);
        return;
      } catch (err) {
        if (!(err instanceof wf.ActivityFailure)) throw err;
        if (!(err.cause instanceof wf.ApplicationFailure && err.cause.type === UNRECORDABLE_EVENT)) {
          // Retries exhausted (Postgres away for long): wait and try again rather than fail the assignment.
          await wf.sleep('1 minute');
          continue;
        }
        // Input Postgres can never accept: record it with the offending text replaced, then without its data.
        // The state as it is now (a message may have moved it on during the activity) loses the text too; the
        // event keeps its own snapshot.
        unrecordable += 1;
        this.state = withWellFormedText(this.state);
        if (unrecordable === 1) recorded = withWellFormedText(recorded);
        else if (unrecordable === 2) recorded = { ...recorded, data: { unrecordable: true }, notices: [] };
        else return;
      }
    }
  }

  /** Every handler of the run, registered in this order (a message buffered at start is delivered on registration). */
  registerHandlers(): void {
    // A second acknowledge (under a new message id) changes nothing; runs before this rule recorded it again.
    const acknowledgedBefore = () => this.state.acknowledgedAt !== null && wf.patched('acknowledge-once');
    this.onUpdate(acknowledgeUpdate, 'acknowledge', () => applyAcknowledge(this.state, now()), undefined, acknowledgedBefore);
    this.onUpdate(reportProgressUpdate, 'reportProgress', (m) => applyProgress(this.state, m.percent, m.note, now()));
    // Under the completion rule a completion the assigner's side records itself (not the unit) is confirmed by it.
    const recordedByAssigner = (actor: Actor) => (actor.kind !== 'unit' || actor.unitCode !== this.state.unitCode ? actor.id : null);
    this.onUpdate(completeUpdate, 'complete', (m) =>
      applyComplete(this.state, m, now(), this.state.completionRule ? recordedByAssigner(m.actor) : null),
    );
    this.onUpdate(confirmCompletionUpdate, 'confirmCompletion', (m) => applyConfirm(this.state, by(m.actor), m.note ?? null, now()));
    this.onUpdate(returnCompletionUpdate, 'returnCompletion', (m) => applyReturn(this.state, by(m.actor), m.reason, now()));
    this.onUpdate(requestExtensionUpdate, 'requestExtension', (m) =>
      applyRequestExtension(this.state, m.newDueOn, m.reason, by(m.actor), now(), m.newDueAt ? Date.parse(m.newDueAt) : null),
    );
    this.onUpdate(decideExtensionUpdate, 'decideExtension', (m) =>
      applyDecideExtension(this.state, m, now(), (dueOn, dueAt) => this.soonFrom(dueOn, dueAt), wf.patched('extension-keeps-time')),
    );
    this.onUpdate(cancelUpdate, 'cancel', (m) => applyCancel(this.state, m.reason, by(m.actor), now()));
    this.onUpdate(declineUpdate, 'decline', (m) => applyDecline(this.state, m.reason, by(m.actor), now()));
    this.onUpdate(insistUpdate, 'insist', (m) => applyInsist(this.state, m.note, by(m.actor)));
    this.onUpdate(
      reassignUpdate,
      'reassign',
      (m) => applyReassign(this.state, m.toUnit, m.reason, by(m.actor), now()),
      (m) => this.startSuccessor(m),
    );
    // Paused deadlines: handlers older runs never had, so no recorded history holds these updates; the marker is
    // recorded where a pause is first applied, and the ladder's wait reads the pause only once one was applied.
    this.onUpdate(pauseUpdate, 'pause', (m) => {
      wf.patched('paused-deadlines');
      return applyPause(this.state, m.reason, by(m.actor), now());
    });
    this.onUpdate(resumeUpdate, 'resume', (m) =>
      applyResume(this.state, { by: by(m.actor), note: m.note }, now(), this.calendar, (dueOn, dueAt) => this.soonFrom(dueOn, dueAt)),
    );
    // Acknowledgement timeouts: an update older runs never had; its rule is that an escalation awaits acknowledgement.
    this.onUpdate(acknowledgeEscalationUpdate, 'acknowledgeEscalation', (m) => applyAcknowledgeEscalation(this.state, by(m.actor), now()));
    wf.setHandler(
      mergeUpdate,
      async (m: MergeInput) => {
        if (this.handled.has(m.messageId)) return this.state;
        this.handled.add(m.messageId);
        await this.record(mergeEvent(m, false), m.actor, m.messageId, []);
        return this.state;
      },
      {
        validator: (_m: MergeInput) => {
          if (isClosed(this.state)) throw wf.ApplicationFailure.nonRetryable(`the assignment is ${this.state.status}`, 'RuleViolation');
        },
      },
    );
    wf.setHandler(calendarChangedSignal, (m: CalendarChangeInput) => this.onCalendarChanged(m));
    wf.setHandler(stateQuery, () => this.state);
  }

  /** Registers one lifecycle update: validated against the rules, applied once per message id. */
  private onUpdate<I extends { messageId: string; actor: Actor }>(
    definition: UpdateDefinition<AssignmentState, [I]>,
    action: Action,
    apply: (input: I) => [AssignmentState, AppliedEvent],
    after?: (input: I) => Promise<Record<string, unknown>>,
    changesNothing?: () => boolean,
  ): void {
    wf.setHandler(
      definition,
      async (message: I) => {
        if (this.handled.has(message.messageId)) return this.state;
        this.handled.add(message.messageId);
        if (changesNothing?.()) return this.state;
        // Applied before any await: a message arriving meanwhile is validated against this state.
        const [next, event] = apply(message);
        this.state = next;
        if (after) event.data = { ...event.data, ...(await after(message)) };
        await this.record(event, message.actor, message.messageId, noticesForEvent(event.kind, this.state, this.input.coordinatorUnit));
        return this.state;
      },
      {
        validator: (message: I) => {
          if (this.handled.has(message.messageId)) return;
          const reason = rejectionOf(this.state, action, message);
          if (reason) throw wf.ApplicationFailure.nonRetryable(reason, 'RuleViolation');
        },
      },
    );
  }

  /**
   * The reassignment's successor carries the record forward; if that unit already holds this task, the two merge
   * and the task is counted once, under the successor.
   */
  private async startSuccessor(m: ReassignInput): Promise<Record<string, unknown>> {
    const { policy, coordinatorUnit, maxHistoryEvents } = this.input;
    const state = this.state;
    const result = await startAssignments([
      {
        taskId: state.taskId,
        directiveId: state.directiveId,
        unitCode: m.toUnit,
        dueOn: state.dueOn,
        dueAt: state.dueAt,
        policy,
        calendar: this.calendar,
        coordinatorUnit,
        confirmationRequired: state.confirmationRequired,
        maxHistoryEvents,
        predecessor: {
          workflowId: this.workflowId,
          originalUnit: state.originalUnit,
          originalDueOn: state.originalDueOn,
          acknowledgedAt: state.acknowledgedAt,
          progress: state.progress,
          dueDateChanges: state.dueDateChanges,
        },
      },
    ]);
    const merged = result.existing.length > 0;
    // After the await: amend the state as it is now, not the `state` read above.
    this.state = { ...this.state, reassignedTo: { ...this.state.reassignedTo!, merged } };
    return { merged, successorWorkflowId: result.started[0] ?? result.existing[0] };
  }

  private async onCalendarChanged(m: CalendarChangeInput): Promise<void> {
    // Runs before this rule left the signal unhandled; their replay must not see it applied.
    if (!wf.patched('calendar-replan')) return;
    if (this.handled.has(m.messageId) || isClosed(this.state)) return;
    this.handled.add(m.messageId);
    const held = this.calendarVersions[String(m.year)];
    if (held !== undefined && held >= m.version) return;
    this.calendarVersions[String(m.year)] = m.version;
    const changedCalendar = withCalendarYear(this.calendar, m.year, m.days, m.official);
    if (sameCalendarDays(this.calendar, changedCalendar)) return;
    const { policy } = this.input;
    const before = planTimeline(policy, this.state.dueOn, this.calendar, this.state.dueAt, this.daySpreadMs);
    const dueSoonBefore = this.state.dueSoonFrom;
    this.calendar = changedCalendar;
    this.state = withStatus({ ...this.state, dueSoonFrom: this.soonFrom(this.state.dueOn, this.state.dueAt) }, now());
    const moved = movedSteps(before, planTimeline(policy, this.state.dueOn, this.calendar, this.state.dueAt, this.daySpreadMs));
    // A change that moves none of this assignment's steps is not an event of its life (nor news to its unit).
    if (moved.length === 0 && this.state.dueSoonFrom === dueSoonBefore && wf.patched('calendar-changed-only-when-moved')) return;
    const iso = (ms: number) => new Date(ms).toISOString();
    await this.record(
      {
        kind: 'calendar_changed',
        data: {
          year: m.year,
          version: m.version,
          official: m.official,
          movedSteps: moved.map((s) => ({ step: s.step, from: iso(s.from), to: iso(s.to) })),
        },
      },
      m.actor,
      m.messageId,
      [],
    );
  }

  private ladderContext(): LadderContext {
    return {
      policy: this.input.policy,
      calendar: this.calendar,
      dueOn: this.state.dueOn,
      dueAt: this.state.dueAt,
      daySpreadMs: this.daySpreadMs,
    };
  }

  private plan(): void {
    this.plannedWith = this.calendar;
    const replanned = replan(this.ladderContext(), now(), this.cursor ?? this.input.continued ?? null, this.state.escalationLevel);
    this.cursor = replanned.cursor;
    if (replanned.reached) this.state = { ...this.state, escalationLevel: replanned.reached.level, escalationRung: replanned.reached.rung };
    this.state = withStatus(this.state, now());
  }

  private planIsCurrent(): boolean {
    return (
      this.cursor !== null && this.cursor.planKey === planKeyOf(this.state.dueOn, this.state.dueAt) && this.plannedWith === this.calendar
    );
  }

  private completionToRemind() {
    return this.confirmationFlow ? this.state.completion : null;
  }

  private async fire(step: PlannedStep): Promise<void> {
    const { coordinatorUnit } = this.input;
    // Back after downtime with several repeats of the top rung due: one escalation that counts them, not a burst.
    const collapsed = collapseMissedRepeats(this.ladderContext(), this.cursor!, step, now());
    const catchUp = collapsed.due > 1 && wf.patched('collapse-missed-repeats');
    this.cursor = catchUp ? collapsed.cursor : advance(this.ladderContext(), this.cursor!, step, this.state.completion);
    if (step.kind === 'confirmation_reminder') {
      await this.record(
        { kind: 'confirmation_reminder', data: { step: step.key, scheduledAt: step.at, offset: step.label } },
        SYSTEM,
        null,
        noticesForStep(step, this.state, coordinatorUnit),
      );
      return;
    }
    this.state = withStatus(this.state, now());
    // A completion reported in time and awaiting confirmation is the coordinator's move, not the unit's miss.
    if (this.state.status === 'awaiting_confirmation' && reportedOnTime(this.state)) return;
    let awaiting: AwaitingAck | null = null;
    if (step.kind === 'escalation') {
      this.state = { ...this.state, escalationLevel: step.level, escalationRung: step.rung, lastEscalatedAt: step.at };
      // A rung that must be acknowledged opens its window (the marker where the first such rung fires); a firing
      // replaces the window of the one before it, whose escalation has moved on.
      awaiting = awaitingAckFor(this.input.policy, step, this.calendar);
      if (awaiting && !wf.patched('escalation-ack')) awaiting = null;
      if (awaiting || this.state.awaitingAck) this.state = { ...this.state, awaitingAck: awaiting };
    }
    await this.record(
      {
        kind: step.kind,
        data: {
          step: step.key,
          rung: step.rung,
          level: step.level,
          offset: catchUp ? `${step.label} (${collapsed.due} repeats missed while the system was down)` : step.label,
          scheduledAt: step.at,
          ...(catchUp ? { missedRepeats: collapsed.due } : {}),
          ...(awaiting ? { ackBy: awaiting.deadline, backup: awaiting.backup } : {}),
        },
      },
      SYSTEM,
      null,
      noticesForStep(step, this.state, coordinatorUnit),
    );
  }

  /**
   * The acknowledgement in wait, if it still stands: one for an earlier due date (an extension, a resumed pause) or
   * for a unit that has since reported completion is dropped, as the escalation it answered is.
   */
  private standingAck(): AwaitingAck | null {
    const ack = this.state.awaitingAck ?? null;
    if (!ack) return null;
    if (ack.step.startsWith(`${this.state.dueOn}/`) && this.state.completion === null) return ack;
    this.state = { ...this.state, awaitingAck: null };
    return null;
  }

  /** The window closed unanswered: the escalation goes to the backup, once. */
  private async fireAckTimeout(ack: AwaitingAck): Promise<void> {
    const [next, event] = applyAckTimeout(this.state);
    this.state = next;
    await this.record(event, SYSTEM, null, noticesForAckTimeout(ack, this.state, this.input.coordinatorUnit));
  }

  /** The next run's input: what this one carries over continue-as-new. */
  private continuedInput(): AssignmentInput {
    return {
      ...this.input,
      calendar: this.calendar,
      continued: {
        state: this.state,
        handledMessageIds: [...this.handled].slice(-MAX_REMEMBERED_MESSAGE_IDS),
        ...serialise(this.cursor!),
        ...(Object.keys(this.calendarVersions).length > 0 ? { calendarVersions: this.calendarVersions } : {}),
      },
    };
  }

  /** Plans, records the start, then waits for each step or a change, fires, and continues as new when history is long. */
  async run(): Promise<AssignmentState> {
    const { input } = this;
    this.plan();
    if (input.reopenedFor) {
      this.handled.add(input.reopenedFor.messageId);
      await this.record(
        mergeEvent(input.reopenedFor, true),
        input.reopenedFor.actor,
        input.reopenedFor.messageId,
        noticesForEvent('assigned', this.state, input.coordinatorUnit),
      );
    } else if (!input.continued) {
      await this.record(
        { kind: 'assigned', data: { dueOn: this.state.dueOn, predecessor: input.predecessor?.workflowId ?? null } },
        SYSTEM,
        null,
        noticesForEvent('assigned', this.state, input.coordinatorUnit),
      );
    }

    const maxHistory = input.maxHistoryEvents ?? 5000;
    while (!isClosed(this.state)) {
      if (this.state.paused) {
        // The ladder stands still until the assignment is resumed (its due date then moved) or closed.
        await wf.condition(() => isClosed(this.state) || !this.state.paused);
        continue;
      }
      if (!this.planIsCurrent()) {
        this.plan();
        continue;
      }
      const step = nextStep(this.ladderContext(), this.cursor!, this.completionToRemind());
      // Wait for the step, or for a change that makes it stale: closed, a new due date, a new or withdrawn report.
      const reportAtWait = this.state.completion?.reportedAt ?? null;
      const reportChanged = () => this.confirmationFlow && (this.state.completion?.reportedAt ?? null) !== reportAtWait;
      const changed = () => isClosed(this.state) || !this.planIsCurrent() || reportChanged() || !!this.state.paused;
      const ack = this.standingAck();
      if (ack && (step === null || ack.deadline <= step.at)) {
        // The acknowledgement window closes before the next step: wait for it, or for the acknowledgement.
        if (!(await waitUntil(ack.deadline, () => changed() || this.state.awaitingAck !== ack))) continue;
        await this.fireAckTimeout(ack);
      } else {
        if (!(await waitForStep(step, changed))) continue;
        await this.fire(step!);
      }

      const info = wf.workflowInfo();
      if (info.continueAsNewSuggested || info.historyLength > maxHistory) {
        await wf.condition(wf.allHandlersFinished);
        if (isClosed(this.state)) break;
        await wf.continueAsNew<AssignmentWorkflow>(this.continuedInput());
      }
    }
    await wf.condition(wf.allHandlersFinished);
    return this.state;
  }
}

/**
 * Sleeps until `step` is due unless `changed` turns true first (the samples' UpdatableTimer shape). True: the
 * step is due; false: something changed (or there is no step and something did), so the caller plans again.
 */
async function waitForStep(step: PlannedStep | null, changed: () => boolean): Promise<boolean> {
  if (step === null) {
    await wf.condition(changed);
    return false;
  }
  return waitUntil(step.at, changed);
}

/** Sleeps until `at` unless `changed` turns true first: true when `at` came, false when something changed. */
async function waitUntil(at: number, changed: () => boolean): Promise<boolean> {
  const wait = at - now();
  return !(wait > 0 ? await wf.condition(changed, wait) : changed());
}
