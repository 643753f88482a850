/**
 * The ladder cursor: where one assignment stands on its policy's plan (reminders, the overdue moment, the
 * escalation rungs, then repeats of the top rung) and on the coordinator's confirmation reminders. Pure: the
 * workflow asks for the next step, waits for it (or for a change), fires it and advances; the cursor is plain
 * data so it crosses continue-as-new as is.
 */
import { addWorkingDays, type CalendarData } from './calendar';
import { atTimeVn, toVnDate, type IsoDate } from './dates';
import { planTimeline, repeatOfTopRung, type EscalationPolicy, type PlannedStep, type Rung } from './policy';

/** A coordinator who leaves a completion report unconfirmed this many working days is reminded, and again after as many. */
export const CONFIRMATION_REMINDER_WORKING_DAYS = 3;

export interface LadderContext {
  policy: EscalationPolicy;
  calendar: CalendarData;
  dueOn: IsoDate;
  dueAt: number | null;
  /** How long after the policy's time of day day-based steps fire (domain/day-spread.ts); 0 or absent: at it. */
  daySpreadMs?: number;
}

/** How many times the coordinator was reminded of which report (a returned and re-made report starts over). */
export interface ConfirmationReminders {
  reportedAt: number;
  sent: number;
}

export interface LadderCursor {
  /** The due date (and time) the plan was made for; a different one means plan again. */
  planKey: string;
  /** Index of the next step of `planTimeline` for that due date. */
  nextIndex: number;
  /** When the top rung first fired (or was passed): repeats count from it. */
  topRungAt: number | null;
  /** Repeats of the top rung fired (or passed) so far. */
  repeats: number;
  confirmation: ConfirmationReminders | null;
}

/** What survives continue-as-new: the rest is recomputed from the due date and the time. */
export interface CarriedLadder {
  topRungAt: number | null;
  repeats: number;
  confirmationReminders?: ConfirmationReminders | null;
}

export function planKeyOf(dueOn: IsoDate, dueAt: number | null): string {
  return `${dueOn}/${dueAt ?? 'end-of-day'}`;
}

export interface Replanned {
  cursor: LadderCursor;
  /** The highest rung the steps already past imply, when above the current level: kept, not announced. */
  reached: { level: number; rung: Rung | null } | null;
}

/**
 * Plans the ladder for the context's due date at `now`. Steps already past (a directive entered late, a due
 * date moved) are not announced, but the escalation level they imply is kept. A plan for a new due date
 * starts the top rung's repeats over; the same due date (continue-as-new, a new calendar) keeps them.
 */
export function replan(ctx: LadderContext, now: number, previous: LadderCursor | CarriedLadder | null, escalationLevel: number): Replanned {
  const planKey = planKeyOf(ctx.dueOn, ctx.dueAt);
  const sameDue = previous !== null && (!('planKey' in previous) || previous.planKey === planKey);
  let topRungAt = sameDue ? previous.topRungAt : null;
  const confirmation = previous === null ? null : 'planKey' in previous ? previous.confirmation : (previous.confirmationReminders ?? null);
  const steps = planTimeline(ctx.policy, ctx.dueOn, ctx.calendar, ctx.dueAt, ctx.daySpreadMs ?? 0);
  let nextIndex = steps.findIndex((s) => s.at > now);
  if (nextIndex < 0) nextIndex = steps.length;
  // The same due date planned again (a new calendar): a step that fired stays fired even if it moved later.
  if (previous !== null && 'planKey' in previous && sameDue) nextIndex = Math.max(nextIndex, previous.nextIndex);
  const topLevel = ctx.policy.escalations.length;
  let level = escalationLevel;
  let reached: Replanned['reached'] = null;
  for (const past of steps.slice(0, nextIndex)) {
    if (past.kind !== 'escalation' || past.level <= level) continue;
    level = past.level;
    reached = { level: past.level, rung: past.rung };
    if (past.level === topLevel && topRungAt === null) topRungAt = past.at;
  }
  const repeats = topRungAt === null ? 0 : Math.max(sameDue ? previous.repeats : 0, repeatsPassed(ctx, topRungAt, now));
  return { cursor: { planKey, nextIndex, topRungAt, repeats, confirmation }, reached };
}

/**
 * How many repeats of the top rung lie at or before `now`. Found by doubling and bisection over the n-th
 * repeat's instant (which grows with n), so a long-past due date costs a few dozen evaluations, not one per
 * missed repeat.
 */
export function repeatsPassed(ctx: LadderContext, topRungAt: number, now: number): number {
  const at = (n: number) => repeatOfTopRung(ctx.policy, ctx.dueOn, topRungAt, n, ctx.calendar, ctx.daySpreadMs ?? 0)?.at ?? Infinity;
  if (at(1) > now) return 0;
  let lo = 1;
  let hi = 2;
  while (at(hi) <= now) {
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (at(mid) <= now) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The next step of the policy: the next planned one, else the next repeat of the top rung, else none. */
export function nextPolicyStep(ctx: LadderContext, cursor: LadderCursor): PlannedStep | null {
  const steps = planTimeline(ctx.policy, ctx.dueOn, ctx.calendar, ctx.dueAt, ctx.daySpreadMs ?? 0);
  if (cursor.nextIndex < steps.length) return steps[cursor.nextIndex]!;
  return cursor.topRungAt === null
    ? null
    : repeatOfTopRung(ctx.policy, ctx.dueOn, cursor.topRungAt, cursor.repeats + 1, ctx.calendar, ctx.daySpreadMs ?? 0);
}

/** While a report awaits confirmation, the coordinator's reminder every few working days at the policy's time. */
export function nextConfirmationReminder(
  ctx: LadderContext,
  cursor: LadderCursor,
  completion: { reportedAt: number; confirmed: boolean } | null,
): PlannedStep | null {
  if (!completion || completion.confirmed) return null;
  const n = (cursor.confirmation?.reportedAt === completion.reportedAt ? cursor.confirmation.sent : 0) + 1;
  const day = addWorkingDays(ctx.calendar, toVnDate(new Date(completion.reportedAt)), CONFIRMATION_REMINDER_WORKING_DAYS * n);
  return {
    key: `confirmation/${completion.reportedAt}/${n}`,
    at: atTimeVn(day, ctx.policy.timeOfDay).getTime() + (ctx.daySpreadMs ?? 0),
    kind: 'confirmation_reminder',
    rung: 'coordinator',
    level: n,
    label: `${CONFIRMATION_REMINDER_WORKING_DAYS * n} working days`,
  };
}

/** The earlier of the policy's next step and the next confirmation reminder (the policy's on a tie). */
export function nextStep(
  ctx: LadderContext,
  cursor: LadderCursor,
  completion: { reportedAt: number; confirmed: boolean } | null,
): PlannedStep | null {
  const policyStep = nextPolicyStep(ctx, cursor);
  const reminder = nextConfirmationReminder(ctx, cursor, completion);
  if (reminder && (!policyStep || reminder.at < policyStep.at)) return reminder;
  return policyStep;
}

/** The cursor after `step` (the one `nextStep` gave) fired. */
export function advance(
  ctx: LadderContext,
  cursor: LadderCursor,
  step: PlannedStep,
  completion: { reportedAt: number } | null,
): LadderCursor {
  if (step.kind === 'confirmation_reminder') {
    return { ...cursor, confirmation: { reportedAt: completion?.reportedAt ?? 0, sent: step.level } };
  }
  const steps = planTimeline(ctx.policy, ctx.dueOn, ctx.calendar, ctx.dueAt, ctx.daySpreadMs ?? 0);
  const next =
    cursor.nextIndex < steps.length ? { ...cursor, nextIndex: cursor.nextIndex + 1 } : { ...cursor, repeats: cursor.repeats + 1 };
  const topLevel = ctx.policy.escalations.length;
  if (step.kind === 'escalation' && step.level === topLevel && next.topRungAt === null) next.topRungAt = step.at;
  return next;
}

/** What continue-as-new carries (the older runs' shape, so a run continued by older code resumes the same). */
export function serialise(cursor: LadderCursor): CarriedLadder {
  return { topRungAt: cursor.topRungAt, repeats: cursor.repeats, confirmationReminders: cursor.confirmation };
}

/**
 * Catch-up after downtime: when `step` is a repeat of the top rung and later repeats are already due at `now`
 * too, they collapse into this one. Gives the cursor past all of them and how many were due (this one
 * included); 1 when nothing was missed.
 */
export function collapseMissedRepeats(
  ctx: LadderContext,
  cursor: LadderCursor,
  step: PlannedStep,
  now: number,
): { cursor: LadderCursor; due: number } {
  const steps = planTimeline(ctx.policy, ctx.dueOn, ctx.calendar, ctx.dueAt, ctx.daySpreadMs ?? 0);
  const isRepeat = cursor.nextIndex >= steps.length && cursor.topRungAt !== null && step.kind === 'escalation';
  if (!isRepeat) return { cursor: advance(ctx, cursor, step, null), due: 1 };
  const passed = Math.max(cursor.repeats + 1, repeatsPassed(ctx, cursor.topRungAt!, now));
  return { cursor: { ...cursor, repeats: passed }, due: passed - cursor.repeats };
}
