/**
 * Escalation policy as data, and the plan of reminders and escalations it gives for one due date.
 *
 * Offsets are whole calendar days, working days (official calendar), or exact ISO-8601 durations (so demos and
 * tests can run on seconds). Day-based steps fire at a fixed time of day in Vietnam; duration-based steps are
 * measured from the due instant (the end of the due date in Asia/Ho_Chi_Minh).
 */
import { addWorkingDays, workingDayOnOrAfter, workingDayOnOrBefore, type CalendarData } from './calendar';
import { addDays, atTimeVn, isIsoDate, toVnDate, type IsoDate } from './dates';
import { parseIsoDuration } from './duration';
import { dueInstant } from './status';

export const RUNGS = ['unit_head', 'supervising_leader', 'coordinator'] as const;
export type Rung = (typeof RUNGS)[number];

/** How far a step lies from the due date: calendar days, working days, or an exact ISO-8601 duration. */
export type Offset = { days: number } | { workingDays: number } | { duration: string };

/** How long a rung's reader has to acknowledge an escalation: working hours of office time, or an exact duration. */
export type AckWindow = { workingHours: number } | { duration: string };

/** One rung of the ladder: when it fires after the due instant, whom it reaches, and whether it must be acknowledged. */
export interface EscalationRung {
  after: Offset;
  rung: Rung;
  /** Not acknowledged within this window, the escalation goes once to `backup` (domain/escalation-ack.ts). */
  ackWithin?: AckWindow;
  /** Who hears of an escalation not acknowledged in time; absent: the next rung up the ladder. */
  backup?: Rung;
}

/** Validated by `escalationPolicySchema` (domain/policy-schema.ts), kept apart so workflow code loads no zod. */
export interface EscalationPolicy {
  /** How long before the due date each reminder goes to the unit. */
  reminders: Offset[];
  /** How long after the due instant each rung is escalated to. */
  escalations: EscalationRung[];
  /** The top rung repeats at this interval until the assignment is resolved; null: never. */
  repeatTopRungEvery: Offset | null;
  /** Time of day (Vietnam) at which day-based reminders and escalations fire. */
  timeOfDay: string;
  /** A demo or test policy: exempt from the interval floor, where the deployment allows demo policies. */
  demo?: boolean;
}

/** The default: working-day reminders and escalations on the official calendar, the top rung weekly. */
export const DEFAULT_POLICY: EscalationPolicy = {
  reminders: [{ workingDays: 5 }, { workingDays: 2 }, { days: 0 }],
  escalations: [
    { after: { workingDays: 1 }, rung: 'unit_head' },
    { after: { workingDays: 3 }, rung: 'supervising_leader' },
    { after: { workingDays: 7 }, rung: 'coordinator' },
  ],
  repeatTopRungEvery: { days: 7 },
  timeOfDay: '08:00',
};

/** The calendar-day ladder: reminders 7, 3, 1 days before and on the due date; escalate at once, +3, +7 days. */
export const CALENDAR_DAYS_POLICY: EscalationPolicy = {
  reminders: [{ days: 7 }, { days: 3 }, { days: 1 }, { days: 0 }],
  escalations: [
    { after: { days: 0 }, rung: 'unit_head' },
    { after: { days: 3 }, rung: 'supervising_leader' },
    { after: { days: 7 }, rung: 'coordinator' },
  ],
  repeatTopRungEvery: { days: 7 },
  timeOfDay: '08:00',
};

export type StepKind = 'reminder' | 'overdue' | 'escalation' | 'confirmation_reminder';

export interface PlannedStep {
  /** Stable within one due date, so an extension (new due date) gives new keys and re-arms every step. */
  key: string;
  /** Epoch ms. */
  at: number;
  kind: StepKind;
  rung: Rung | null;
  /** 1-based escalation level: the index of the rung in the ladder; repeats keep the top level. */
  level: number;
  /** For reminders: the offset as written, for messages ("5 working days before due"). */
  label: string;
}

export function offsetLength(offset: Offset): number {
  if ('days' in offset) return offset.days;
  if ('workingDays' in offset) return offset.workingDays;
  return parseIsoDuration(offset.duration) ?? 0;
}

export function describeOffset(offset: Offset): string {
  if ('days' in offset) return `${offset.days} day${offset.days === 1 ? '' : 's'}`;
  if ('workingDays' in offset) return `${offset.workingDays} working day${offset.workingDays === 1 ? '' : 's'}`;
  return offset.duration;
}

/** Reminders never fire on a day off: they move back to the previous working day. */
function reminderAt(
  offset: Offset,
  dueOn: IsoDate,
  dueAt: number | null,
  policy: EscalationPolicy,
  calendar: CalendarData,
  spreadMs: number,
): number {
  if ('duration' in offset) return dueInstant(dueOn, dueAt) - (parseIsoDuration(offset.duration) ?? 0);
  const day = 'days' in offset ? addDays(dueOn, -offset.days) : addWorkingDays(calendar, dueOn, -offset.workingDays);
  return atTimeVn(workingDayOnOrBefore(calendar, day), policy.timeOfDay).getTime() + spreadMs;
}

/**
 * Escalations move forward to the next working day. Zero days means the due instant itself: the unit head
 * hears of the miss the moment it happens.
 */
function escalationAt(
  offset: Offset,
  dueOn: IsoDate,
  dueAt: number | null,
  policy: EscalationPolicy,
  calendar: CalendarData,
  spreadMs: number,
): number {
  if ('duration' in offset) return dueInstant(dueOn, dueAt) + (parseIsoDuration(offset.duration) ?? 0);
  const n = 'days' in offset ? offset.days : offset.workingDays;
  if (n === 0) return dueInstant(dueOn, dueAt);
  const day = 'days' in offset ? addDays(dueOn, n) : addWorkingDays(calendar, dueOn, n);
  return atTimeVn(workingDayOnOrAfter(calendar, day), policy.timeOfDay).getTime() + spreadMs;
}

/**
 * Reminders, the overdue moment and each escalation rung for `dueOn`, in firing order. `dueAt` is a deadline
 * within the day when the directive gives one; day-based steps still fall on calendar days around `dueOn`.
 * `daySpreadMs` (domain/day-spread.ts) moves every day-based step that far after the policy's time of day.
 */
export function planTimeline(
  policy: EscalationPolicy,
  dueOn: IsoDate,
  calendar: CalendarData,
  dueAt: number | null = null,
  daySpreadMs = 0,
): PlannedStep[] {
  if (!isIsoDate(dueOn)) throw new RangeError(`not a due date: ${dueOn}`);
  const due = dueInstant(dueOn, dueAt);
  const steps: PlannedStep[] = [];
  policy.reminders.forEach((offset, i) => {
    const at = Math.min(reminderAt(offset, dueOn, dueAt, policy, calendar, daySpreadMs), due - 1);
    steps.push({ key: `${dueOn}/reminder/${i}`, at, kind: 'reminder', rung: null, level: 0, label: describeOffset(offset) });
  });
  steps.push({ key: `${dueOn}/overdue`, at: due, kind: 'overdue', rung: null, level: 0, label: 'due date passed' });
  policy.escalations.forEach((e, i) => {
    const at = Math.max(escalationAt(e.after, dueOn, dueAt, policy, calendar, daySpreadMs), due);
    steps.push({ key: `${dueOn}/escalation/${i}`, at, kind: 'escalation', rung: e.rung, level: i + 1, label: describeOffset(e.after) });
  });
  // Stable sort: a reminder and the overdue marker never swap; equal instants keep policy order.
  return steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.at - b.s.at || a.i - b.i)
    .map(({ s }) => s);
}

/** The n-th repeat (n ≥ 1) of the top rung after the top rung first fired at `topAt`. */
export function repeatOfTopRung(
  policy: EscalationPolicy,
  dueOn: IsoDate,
  topAt: number,
  n: number,
  calendar: CalendarData,
  daySpreadMs = 0,
): PlannedStep | null {
  const every = policy.repeatTopRungEvery;
  const top = policy.escalations.length;
  const rung = policy.escalations[top - 1]?.rung;
  if (!every || !rung) return null;
  let at: number;
  if ('duration' in every) at = topAt + n * (parseIsoDuration(every.duration) ?? 0);
  else {
    // Day-based repeats count from the top rung's date and land on a working day at the policy's time.
    const topDay = toVnDate(new Date(topAt));
    const day = 'days' in every ? addDays(topDay, n * every.days) : addWorkingDays(calendar, topDay, n * every.workingDays);
    at = atTimeVn(workingDayOnOrAfter(calendar, day), policy.timeOfDay).getTime() + daySpreadMs;
  }
  return { key: `${dueOn}/escalation/repeat/${n}`, at, kind: 'escalation', rung, level: top, label: `repeat ${n}` };
}

/** When the reminder window (status `due_soon`) opens: the earliest reminder, or null without reminders. */
export function dueSoonFrom(policy: EscalationPolicy, dueOn: IsoDate, calendar: CalendarData, dueAt: number | null = null): number | null {
  const reminders = planTimeline(policy, dueOn, calendar, dueAt).filter((s) => s.kind === 'reminder');
  return reminders.length ? Math.min(...reminders.map((s) => s.at)) : null;
}

/** Outside test and demo mode, no two steps of a policy (nor the top rung's repeats) closer than this. */
export const PRODUCTION_MIN_INTERVAL_MS = 3_600_000;

export interface PolicyFloor {
  /** The closest two steps, or two repeats, may be; 0 allows any. */
  minIntervalMs: number;
  /** Whether a policy marked `demo` is exempt from the floor (test and demo deployments). */
  demoPoliciesAllowed: boolean;
}

/** A production deployment's floor: steps an hour apart at least, no demo policies. */
export const PRODUCTION_POLICY_FLOOR: PolicyFloor = { minIntervalMs: PRODUCTION_MIN_INTERVAL_MS, demoPoliciesAllowed: false };

/** How an operator lowers the floor on a test system: the refusal says so (config/env.ts reads these). */
const FLOOR_HINT = 'a test or demo system may lower it with POLICY_MIN_INTERVAL_SECONDS';
const DEMO_REFUSED = 'demo policies are not allowed in this deployment; set POLICY_DEMO_ALLOWED=true on a test or demo system';

export interface PolicyViolation {
  field: string;
  reason: string;
}

/**
 * Checks a policy against the deployment's floor: every exact-duration offset is zero (the due instant) or at
 * least the floor from it, no two distinct ones on the same side of the due instant are closer than the floor,
 * and the top rung repeats no more often than the floor. Day-based offsets are a day apart by construction.
 */
export function validatePolicy(policy: EscalationPolicy, floor: PolicyFloor): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  if (policy.demo) {
    if (!floor.demoPoliciesAllowed) violations.push({ field: 'policy.demo', reason: DEMO_REFUSED });
    return violations;
  }
  const min = floor.minIntervalMs;
  if (min <= 0) return violations;
  const hours = min % 3_600_000 === 0 ? `${min / 3_600_000} hour${min === 3_600_000 ? '' : 's'}` : `${min / 1000} s`;
  const durationOf = (o: Offset) => ('duration' in o ? (parseIsoDuration(o.duration) ?? 0) : null);
  const checkSide = (offsets: { field: string; offset: Offset }[]) => {
    const timed = offsets
      .map((o) => ({ ...o, ms: durationOf(o.offset) }))
      .filter((o): o is { field: string; offset: Offset; ms: number } => o.ms !== null);
    for (const o of timed) {
      if (o.ms > 0 && o.ms < min)
        violations.push({ field: o.field, reason: `must be zero or at least ${hours} (the interval floor; ${FLOOR_HINT})` });
    }
    const sorted = [...timed].sort((a, b) => a.ms - b.ms);
    for (let i = 1; i < sorted.length; i++) {
      const gap = sorted[i]!.ms - sorted[i - 1]!.ms;
      if (gap > 0 && gap < min)
        violations.push({ field: sorted[i]!.field, reason: `must be at least ${hours} from ${sorted[i - 1]!.field} (${FLOOR_HINT})` });
    }
  };
  checkSide(policy.reminders.map((offset, i) => ({ field: `policy.reminders.${i}`, offset })));
  checkSide(policy.escalations.map((e, i) => ({ field: `policy.escalations.${i}.after`, offset: e.after })));
  policy.escalations.forEach((e, i) => {
    const ackMs = e.ackWithin && 'duration' in e.ackWithin ? (parseIsoDuration(e.ackWithin.duration) ?? 0) : null;
    if (ackMs !== null && ackMs < min)
      violations.push({
        field: `policy.escalations.${i}.ackWithin`,
        reason: `must be at least ${hours} (the interval floor; ${FLOOR_HINT})`,
      });
  });
  const every = policy.repeatTopRungEvery;
  const repeatMs = every ? durationOf(every) : null;
  if (repeatMs !== null && repeatMs < min) {
    violations.push({ field: 'policy.repeatTopRungEvery', reason: `must be at least ${hours} (the interval floor; ${FLOOR_HINT})` });
  }
  return violations;
}
