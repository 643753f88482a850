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
  type Action,
  type AppliedEvent,
  type AssignmentState,
} from '../domain/assignment-state';
import { addWorkingDays, type CalendarData } from '../domain/calendar';
import { atTimeVn, toVnDate, type IsoDate } from '../domain/dates';
import { noticesForEvent, noticesForStep, type Notice } from '../domain/notices';
import { dueSoonFrom, planTimeline, repeatOfTopRung, type EscalationPolicy, type PlannedStep } from '../domain/policy';
import {
  acknowledgeUpdate,
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
  stateQuery,
  type Actor,
  type AssignmentInput,
  type ContinuedRun,
} from './contract';

export type { AssignmentInput } from './contract';

/** How many times the coordinator was reminded of which report (a returned and re-made report starts over). */
type ConfirmationReminders = NonNullable<ContinuedRun['confirmationReminders']>;

const SYSTEM: Actor = { kind: 'system', id: 'timer' };
/** A coordinator who leaves a completion report unconfirmed this many working days is reminded, and again after as many. */
const CONFIRMATION_REMINDER_WORKING_DAYS = 3;
const MAX_REMEMBERED_MESSAGE_IDS = 1000;

const { recordEvent } = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const { startAssignments } = wf.proxyActivities<Activities>(START_ASSIGNMENTS_OPTIONS);

/** Workflow time: inside the Temporal sandbox the clock is replayed from history, so this is deterministic. */
function now(): number {
  return Date.now();
}

export async function assignmentWorkflow(input: AssignmentInput): Promise<AssignmentState> {
  const { policy, calendar, coordinatorUnit } = input;
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
  const handled = new Set(input.continued?.handledMessageIds ?? []);
  let topRungAt = input.continued?.topRungAt ?? null;
  let repeats = input.continued?.repeats ?? 0;
  let confirmationReminders: ConfirmationReminders | null = input.continued?.confirmationReminders ?? null;
  // Workflows started before the confirmation flow neither wake on reports nor remind coordinators.
  const confirmationFlow = wf.patched('confirmation-reminders');

  async function record(event: AppliedEvent, actor: Actor, messageId: string | null, notices: Notice[]): Promise<void> {
    state = { ...state, seq: state.seq + 1 };
    await recordEvent({ workflowId, seq: state.seq, at: now(), kind: event.kind, data: event.data, actor, messageId, state, notices });
  }

  /** Registers one lifecycle update: validated against the rules, applied once per message id. */
  function onUpdate<I extends { messageId: string; actor: Actor }>(
    definition: UpdateDefinition<AssignmentState, [I]>,
    action: Action,
    apply: (input: I) => [AssignmentState, AppliedEvent],
    after?: (input: I) => Promise<Record<string, unknown>>,
  ): void {
    wf.setHandler(
      definition,
      async (message: I) => {
        if (handled.has(message.messageId)) return state;
        handled.add(message.messageId);
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
  onUpdate(acknowledgeUpdate, 'acknowledge', () => applyAcknowledge(state, now()));
  onUpdate(reportProgressUpdate, 'reportProgress', (m) => applyProgress(state, m.percent, m.note, now()));
  onUpdate(completeUpdate, 'complete', (m) => applyComplete(state, m, now()));
  onUpdate(confirmCompletionUpdate, 'confirmCompletion', (m) => applyConfirm(state, by(m.actor), m.note ?? null, now()));
  onUpdate(returnCompletionUpdate, 'returnCompletion', (m) => applyReturn(state, by(m.actor), m.reason, now()));
  onUpdate(requestExtensionUpdate, 'requestExtension', (m) => applyRequestExtension(state, m.newDueOn, m.reason, by(m.actor), now()));
  onUpdate(decideExtensionUpdate, 'decideExtension', (m) => applyDecideExtension(state, m, now(), soonFrom));
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
  wf.setHandler(stateQuery, () => state);

  // Plan: steps already past when the plan is made (a directive entered late, a due date moved) are not
  // announced, but the escalation level they imply is kept.
  const planKey = () => `${state.dueOn}/${state.dueAt ?? 'end-of-day'}`;
  let plannedFor: string | null = null;
  let steps: PlannedStep[] = [];
  let nextIndex = 0;
  const topLevel = policy.escalations.length;
  function plan(): void {
    if (plannedFor !== null && plannedFor !== planKey()) {
      topRungAt = null;
      repeats = 0;
    }
    plannedFor = planKey();
    steps = planTimeline(policy, state.dueOn, calendar, state.dueAt);
    const t = now();
    nextIndex = steps.findIndex((s) => s.at > t);
    if (nextIndex < 0) nextIndex = steps.length;
    for (const past of steps.slice(0, nextIndex)) {
      if (past.kind !== 'escalation' || past.level <= state.escalationLevel) continue;
      state = { ...state, escalationLevel: past.level, escalationRung: past.rung };
      if (past.level === topLevel && topRungAt === null) topRungAt = past.at;
    }
    while (topRungAt !== null) {
      const upcoming = repeatOfTopRung(policy, state.dueOn, topRungAt, repeats + 1, calendar);
      if (!upcoming || upcoming.at > t) break;
      repeats += 1;
    }
    state = withStatus(state, t);
  }

  function upcomingPolicyStep(): PlannedStep | null {
    if (nextIndex < steps.length) return steps[nextIndex]!;
    return topRungAt === null ? null : repeatOfTopRung(policy, state.dueOn, topRungAt, repeats + 1, calendar);
  }

  /** While a report awaits confirmation, the coordinator's reminder every few working days at 08:00. */
  function confirmationReminder(): PlannedStep | null {
    const c = state.completion;
    if (!confirmationFlow || !c || c.confirmed) return null;
    const n = (confirmationReminders?.reportedAt === c.reportedAt ? confirmationReminders.sent : 0) + 1;
    const day = addWorkingDays(calendar, toVnDate(new Date(c.reportedAt)), CONFIRMATION_REMINDER_WORKING_DAYS * n);
    return {
      key: `confirmation/${c.reportedAt}/${n}`,
      at: atTimeVn(day, policy.timeOfDay).getTime(),
      kind: 'confirmation_reminder',
      rung: 'coordinator',
      level: n,
      label: `${CONFIRMATION_REMINDER_WORKING_DAYS * n} working days`,
    };
  }

  function upcomingStep(): PlannedStep | null {
    const policyStep = upcomingPolicyStep();
    const reminder = confirmationReminder();
    if (reminder && (!policyStep || reminder.at < policyStep.at)) return reminder;
    return policyStep;
  }

  async function remindCoordinator(step: PlannedStep): Promise<void> {
    confirmationReminders = { reportedAt: state.completion!.reportedAt, sent: step.level };
    await record(
      { kind: 'confirmation_reminder', data: { step: step.key, scheduledAt: step.at, offset: step.label } },
      SYSTEM,
      null,
      noticesForStep(step, state, coordinatorUnit),
    );
  }

  async function fire(step: PlannedStep): Promise<void> {
    if (nextIndex < steps.length) nextIndex += 1;
    else repeats += 1;
    if (step.kind === 'escalation' && step.level === topLevel && topRungAt === null) topRungAt = step.at;
    state = withStatus(state, now());
    // A completion reported in time and awaiting confirmation is the coordinator's move, not the unit's miss.
    if (state.status === 'awaiting_confirmation' && reportedOnTime(state)) return;
    if (step.kind === 'escalation') {
      state = { ...state, escalationLevel: step.level, escalationRung: step.rung, lastEscalatedAt: step.at };
    }
    await record(
      { kind: step.kind, data: { step: step.key, rung: step.rung, level: step.level, offset: step.label, scheduledAt: step.at } },
      SYSTEM,
      null,
      noticesForStep(step, state, coordinatorUnit),
    );
  }

  plan();
  if (!input.continued) {
    await record(
      { kind: 'assigned', data: { dueOn: state.dueOn, predecessor: input.predecessor?.workflowId ?? null } },
      SYSTEM,
      null,
      noticesForEvent('assigned', state, coordinatorUnit),
    );
  }

  const maxHistory = input.maxHistoryEvents ?? 5000;
  while (!isClosed(state)) {
    if (plannedFor !== planKey()) {
      plan();
      continue;
    }
    const step = upcomingStep();
    const reportAtWait = state.completion?.reportedAt ?? null;
    const reportChanged = () => confirmationFlow && (state.completion?.reportedAt ?? null) !== reportAtWait;
    const interrupted = () => isClosed(state) || plannedFor !== planKey() || reportChanged();
    if (step === null) {
      await wf.condition(interrupted);
      continue;
    }
    const wait = step.at - now();
    if (wait > 0 ? await wf.condition(interrupted, wait) : interrupted()) continue;
    if (step.kind === 'confirmation_reminder') await remindCoordinator(step);
    else await fire(step);

    const info = wf.workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > maxHistory) {
      await wf.condition(wf.allHandlersFinished);
      if (isClosed(state)) break;
      await wf.continueAsNew<typeof assignmentWorkflow>({
        ...input,
        continued: { state, handledMessageIds: [...handled].slice(-MAX_REMEMBERED_MESSAGE_IDS), topRungAt, repeats, confirmationReminders },
      });
    }
  }
  await wf.condition(wf.allHandlersFinished);
  return state;
}
