/**
 * One assignment's life: walk the policy's reminders and escalations, react to lifecycle messages, and
 * record every step through one idempotent activity. Deterministic: time is workflow time, the calendar
 * comes in the input, and history stays small through continue-as-new.
 */
import type { UpdateDefinition } from '@temporalio/common';
import * as wf from '@temporalio/workflow';
import type { Activities } from '../activities';
import { START_ASSIGNMENTS_OPTIONS } from './activity-options';
import {
  applyAcknowledge,
  applyCancel,
  applyComplete,
  applyConfirm,
  applyDecideExtension,
  applyDecline,
  applyInsist,
  applyProgress,
  applyReassign,
  applyRequestExtension,
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
import type { IsoDate } from '../domain/dates';
import { movedSteps, sameCalendarDays, withCalendarYear } from '../domain/calendar-change';
import { daySpreadOf } from '../domain/day-spread';
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
import { noticesForEvent, noticesForStep, type Notice } from '../domain/notices';
import { dueSoonFrom, planTimeline, type PlannedStep } from '../domain/policy';
import {
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
  stateQuery,
  type Actor,
  type CalendarChangeInput,
  type MergeInput,
  type AssignmentInput,
  type RecordedEvent,
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

export async function assignmentWorkflow(input: AssignmentInput): Promise<AssignmentState> {
  const { policy, coordinatorUnit } = input;
  // Replaced when a year's calendar is loaded or changed (calendarChangedSignal); recorded in history by the signal.
  let calendar = input.calendar;
  const calendarVersions: Record<string, number> = { ...(input.continued?.calendarVersions ?? {}) };
  const workflowId = wf.workflowInfo().workflowId;
  const soonFrom = (dueOn: IsoDate, dueAt: number | null = null) => dueSoonFrom(policy, dueOn, calendar, dueAt);
  let state: AssignmentState =
    input.continued?.state ??
    newAssignmentState({
      workflowId,
      taskId: input.taskId,
      directiveId: input.directiveId,
      unitCode: input.unitCode,
      dueOn: input.dueOn,
      dueAt: input.dueAt ?? null,
      dueSoonFrom: soonFrom(input.dueOn, input.dueAt ?? null),
      confirmationRequired: input.confirmationRequired,
      predecessor: input.predecessor,
    });
  // Completions are judged on the recorded time unless the assigner confirms (domain/counting.ts); runs started
  // before the rule keep judging by a given document date, so their histories replay.
  if (!state.completionRule && wf.patched('completion-basis')) state = { ...state, completionRule: 'recorded-unless-confirmed' };
  const handled = new Set(input.continued?.handledMessageIds ?? []);
  // Workflows started before the confirmation flow neither wake on reports nor remind coordinators.
  const confirmationFlow = wf.patched('confirmation-reminders');
  // Day-based steps spread over the hour after the policy's time, by workflow id; runs before this keep it exactly.
  const daySpreadMs = wf.patched('spread-day-steps') ? daySpreadOf(workflowId) : 0;

  async function record(event: AppliedEvent, actor: Actor, messageId: string | null, notices: Notice[]): Promise<void> {
    state = { ...state, seq: state.seq + 1 };
    let recorded: RecordedEvent = {
      workflowId,
      seq: state.seq,
      at: now(),
      kind: event.kind,
      data: event.data,
      actor,
      messageId,
      state,
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
        unrecordable += 1;
        state = withWellFormedText(state);
        if (unrecordable === 1) recorded = withWellFormedText({ ...recorded, state });
        else if (unrecordable === 2) recorded = { ...recorded, state, data: { unrecordable: true }, notices: [] };
        else return;
      }
    }
  }

  /** Registers one lifecycle update: validated against the rules, applied once per message id. */
  function onUpdate<I extends { messageId: string; actor: Actor }>(
    definition: UpdateDefinition<AssignmentState, [I]>,
    action: Action,
    apply: (input: I) => [AssignmentState, AppliedEvent],
    after?: (input: I) => Promise<Record<string, unknown>>,
    changesNothing?: () => boolean,
  ): void {
    wf.setHandler(
      definition,
      async (message: I) => {
        if (handled.has(message.messageId)) return state;
        handled.add(message.messageId);
        if (changesNothing?.()) return state;
        const [next, event] = apply(message);
        state = next;
        if (after) event.data = { ...event.data, ...(await after(message)) };
        await record(event, message.actor, message.messageId, noticesForEvent(event.kind, state, coordinatorUnit));
        return state;
      },
      {
        validator: (message: I) => {
          if (handled.has(message.messageId)) return;
          const reason = rejectionOf(state, action, message as unknown as Record<string, unknown>);
          if (reason) throw wf.ApplicationFailure.nonRetryable(reason, 'RuleViolation');
        },
      },
    );
  }

  const by = (actor: Actor) => actor.id;
  // A second acknowledge (under a new message id) changes nothing; runs before this rule recorded it again.
  const acknowledgedBefore = () => state.acknowledgedAt !== null && wf.patched('acknowledge-once');
  onUpdate(acknowledgeUpdate, 'acknowledge', () => applyAcknowledge(state, now()), undefined, acknowledgedBefore);
  onUpdate(reportProgressUpdate, 'reportProgress', (m) => applyProgress(state, m.percent, m.note, now()));
  // Under the completion rule a completion the assigner's side records itself (not the unit) is confirmed by it.
  const recordedByAssigner = (actor: Actor) => (actor.kind !== 'unit' || actor.unitCode !== state.unitCode ? actor.id : null);
  onUpdate(completeUpdate, 'complete', (m) => applyComplete(state, m, now(), state.completionRule ? recordedByAssigner(m.actor) : null));
  onUpdate(confirmCompletionUpdate, 'confirmCompletion', (m) => applyConfirm(state, by(m.actor), m.note ?? null, now()));
  onUpdate(returnCompletionUpdate, 'returnCompletion', (m) => applyReturn(state, by(m.actor), m.reason, now()));
  onUpdate(requestExtensionUpdate, 'requestExtension', (m) =>
    applyRequestExtension(state, m.newDueOn, m.reason, by(m.actor), now(), m.newDueAt ? Date.parse(m.newDueAt) : null),
  );
  onUpdate(decideExtensionUpdate, 'decideExtension', (m) =>
    applyDecideExtension(state, m, now(), soonFrom, wf.patched('extension-keeps-time')),
  );
  onUpdate(cancelUpdate, 'cancel', (m) => applyCancel(state, m.reason, by(m.actor), now()));
  onUpdate(declineUpdate, 'decline', (m) => applyDecline(state, m.reason, by(m.actor), now()));
  onUpdate(insistUpdate, 'insist', (m) => applyInsist(state, m.note, by(m.actor)));
  onUpdate(
    reassignUpdate,
    'reassign',
    (m) => applyReassign(state, m.toUnit, m.reason, by(m.actor), now()),
    async (m) => {
      // The successor carries the record forward; if that unit already holds this task, the two merge and
      // the task is counted once, under the successor.
      const result = await startAssignments([
        {
          taskId: state.taskId,
          directiveId: state.directiveId,
          unitCode: m.toUnit,
          dueOn: state.dueOn,
          dueAt: state.dueAt,
          policy,
          calendar,
          coordinatorUnit,
          confirmationRequired: state.confirmationRequired,
          maxHistoryEvents: input.maxHistoryEvents,
          predecessor: {
            workflowId,
            originalUnit: state.originalUnit,
            originalDueOn: state.originalDueOn,
            acknowledgedAt: state.acknowledgedAt,
            progress: state.progress,
            dueDateChanges: state.dueDateChanges,
          },
        },
      ]);
      const merged = result.existing.length > 0;
      state = { ...state, reassignedTo: { ...state.reassignedTo!, merged } };
      return { merged, successorWorkflowId: result.started[0] ?? result.existing[0] };
    },
  );
  // Open work merged in from another unit: recorded in this timeline, counted once, under this assignment.
  const mergeEvent = (m: MergeInput, reopened: boolean): AppliedEvent => ({
    kind: 'merged',
    data: { predecessor: m.predecessor.workflowId, fromUnit: m.predecessor.unitCode, originalUnit: m.predecessor.originalUnit, reopened },
  });
  wf.setHandler(
    mergeUpdate,
    async (m: MergeInput) => {
      if (handled.has(m.messageId)) return state;
      handled.add(m.messageId);
      await record(mergeEvent(m, false), m.actor, m.messageId, []);
      return state;
    },
    {
      validator: (_m: MergeInput) => {
        if (isClosed(state)) throw wf.ApplicationFailure.nonRetryable(`the assignment is ${state.status}`, 'RuleViolation');
      },
    },
  );
  wf.setHandler(calendarChangedSignal, async (m: CalendarChangeInput) => {
    // Runs before this rule left the signal unhandled; their replay must not see it applied.
    if (!wf.patched('calendar-replan')) return;
    if (handled.has(m.messageId) || isClosed(state)) return;
    handled.add(m.messageId);
    const held = calendarVersions[String(m.year)];
    if (held !== undefined && held >= m.version) return;
    calendarVersions[String(m.year)] = m.version;
    const changedCalendar = withCalendarYear(calendar, m.year, m.days, m.official);
    if (sameCalendarDays(calendar, changedCalendar)) return;
    const before = planTimeline(policy, state.dueOn, calendar, state.dueAt, daySpreadMs);
    const dueSoonBefore = state.dueSoonFrom;
    calendar = changedCalendar;
    state = withStatus({ ...state, dueSoonFrom: soonFrom(state.dueOn, state.dueAt) }, now());
    const moved = movedSteps(before, planTimeline(policy, state.dueOn, calendar, state.dueAt, daySpreadMs));
    // A change that moves none of this assignment's steps is not an event of its life (nor news to its unit).
    if (moved.length === 0 && state.dueSoonFrom === dueSoonBefore && wf.patched('calendar-changed-only-when-moved')) return;
    const iso = (ms: number) => new Date(ms).toISOString();
    await record(
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
  });
  wf.setHandler(stateQuery, () => state);

  // The ladder: asked for the next step, waited on, fired, advanced.
  const ladderContext = (): LadderContext => ({ policy, calendar, dueOn: state.dueOn, dueAt: state.dueAt, daySpreadMs });
  let cursor: LadderCursor | null = null;
  let plannedWith = calendar;
  function plan(): void {
    plannedWith = calendar;
    const replanned = replan(ladderContext(), now(), cursor ?? input.continued ?? null, state.escalationLevel);
    cursor = replanned.cursor;
    if (replanned.reached) state = { ...state, escalationLevel: replanned.reached.level, escalationRung: replanned.reached.rung };
    state = withStatus(state, now());
  }
  const planIsCurrent = () => cursor !== null && cursor.planKey === planKeyOf(state.dueOn, state.dueAt) && plannedWith === calendar;
  const completionToRemind = () => (confirmationFlow ? state.completion : null);

  async function fire(step: PlannedStep): Promise<void> {
    // Back after downtime with several repeats of the top rung due: one escalation that counts them, not a burst.
    const collapsed = collapseMissedRepeats(ladderContext(), cursor!, step, now());
    const catchUp = collapsed.due > 1 && wf.patched('collapse-missed-repeats');
    cursor = catchUp ? collapsed.cursor : advance(ladderContext(), cursor!, step, state.completion);
    if (step.kind === 'confirmation_reminder') {
      await record(
        { kind: 'confirmation_reminder', data: { step: step.key, scheduledAt: step.at, offset: step.label } },
        SYSTEM,
        null,
        noticesForStep(step, state, coordinatorUnit),
      );
      return;
    }
    state = withStatus(state, now());
    // A completion reported in time and awaiting confirmation is the coordinator's move, not the unit's miss.
    if (state.status === 'awaiting_confirmation' && reportedOnTime(state)) return;
    if (step.kind === 'escalation') {
      state = { ...state, escalationLevel: step.level, escalationRung: step.rung, lastEscalatedAt: step.at };
    }
    await record(
      {
        kind: step.kind,
        data: {
          step: step.key,
          rung: step.rung,
          level: step.level,
          offset: catchUp ? `${step.label} (${collapsed.due} repeats missed while the system was down)` : step.label,
          scheduledAt: step.at,
          ...(catchUp ? { missedRepeats: collapsed.due } : {}),
        },
      },
      SYSTEM,
      null,
      noticesForStep(step, state, coordinatorUnit),
    );
  }

  plan();
  if (input.reopenedFor) {
    handled.add(input.reopenedFor.messageId);
    await record(
      mergeEvent(input.reopenedFor, true),
      input.reopenedFor.actor,
      input.reopenedFor.messageId,
      noticesForEvent('assigned', state, coordinatorUnit),
    );
  } else if (!input.continued) {
    await record(
      { kind: 'assigned', data: { dueOn: state.dueOn, predecessor: input.predecessor?.workflowId ?? null } },
      SYSTEM,
      null,
      noticesForEvent('assigned', state, coordinatorUnit),
    );
  }

  const maxHistory = input.maxHistoryEvents ?? 5000;
  while (!isClosed(state)) {
    if (!planIsCurrent()) {
      plan();
      continue;
    }
    const step = nextStep(ladderContext(), cursor!, completionToRemind());
    // Wait for the step, or for a change that makes it stale: closed, a new due date, a new or withdrawn report.
    const reportAtWait = state.completion?.reportedAt ?? null;
    const reportChanged = () => confirmationFlow && (state.completion?.reportedAt ?? null) !== reportAtWait;
    const changed = () => isClosed(state) || !planIsCurrent() || reportChanged();
    if (!(await waitForStep(step, changed))) continue;
    await fire(step!);

    const info = wf.workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > maxHistory) {
      await wf.condition(wf.allHandlersFinished);
      if (isClosed(state)) break;
      await wf.continueAsNew<typeof assignmentWorkflow>({
        ...input,
        calendar,
        continued: {
          state,
          handledMessageIds: [...handled].slice(-MAX_REMEMBERED_MESSAGE_IDS),
          ...serialise(cursor!),
          ...(Object.keys(calendarVersions).length > 0 ? { calendarVersions } : {}),
        },
      });
    }
  }
  await wf.condition(wf.allHandlersFinished);
  return state;
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
  const wait = step.at - now();
  return !(wait > 0 ? await wf.condition(changed, wait) : changed());
}
