/**
 * Acknowledgement timeouts: a rung of the ladder may require that the person it reaches acknowledges the escalation
 * within a window counted in working hours (07:30–17:00 on working days, Vietnam). Not acknowledged in time, the
 * escalation goes once to the rung's backup, or else to the next rung up the ladder. Pure: the workflow asks when the
 * window closes and whom it goes to.
 */
import { isWorkingDay, type CalendarData } from './calendar';
import { atTimeVn, toVnDate, addDays } from './dates';
import { parseIsoDuration } from './duration';
import type { AckWindow, EscalationPolicy, Rung } from './policy';
import { WORKING_HOURS } from './quiet-hours';

/** An escalation that has fired and waits for its reader's acknowledgement. */
export interface AwaitingAck {
  level: number;
  rung: Rung;
  /** The ladder step's key and instant: which firing of the rung this is (a repeat is a firing of its own). */
  step: string;
  escalatedAt: number;
  /** The window's end (epoch ms): not acknowledged by then, the escalation goes to `backup`. */
  deadline: number;
  backup: Rung;
}

const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
const PERIOD_START = hhmm(WORKING_HOURS.startMinute);
const PERIOD_END = hhmm(WORKING_HOURS.endMinute);

/** The instant `hours` of office time after `from`, counting only the working period of working days (Vietnam). */
export function addWorkingHours(calendar: CalendarData, from: number, hours: number): number {
  let remaining = hours * 3_600_000;
  let t = from;
  let day = toVnDate(new Date(t));
  // Bounded: ten years of days off cannot hold a window open for ever.
  for (let i = 0; i < 3660; i++, day = addDays(day, 1)) {
    if (!isWorkingDay(calendar, day)) continue;
    const start = atTimeVn(day, PERIOD_START).getTime();
    const end = atTimeVn(day, PERIOD_END).getTime();
    t = Math.max(t, start);
    if (t >= end) continue;
    if (remaining <= end - t) return t + remaining;
    remaining -= end - t;
  }
  return t + remaining;
}

/** When the window opened at `from` closes. */
export function ackDeadline(window: AckWindow, from: number, calendar: CalendarData): number {
  if ('duration' in window) return from + (parseIsoDuration(window.duration) ?? 0);
  return addWorkingHours(calendar, from, window.workingHours);
}

/**
 * Whom an unacknowledged escalation of the `level`-th rung goes to: the rung's backup when it names one, else the next
 * rung above it with another reader, else the coordinator; null when there is nobody above (the coordinator's own rung).
 */
export function backupRungOf(policy: EscalationPolicy, level: number): Rung | null {
  const entry = policy.escalations[level - 1];
  if (!entry) return null;
  if (entry.backup) return entry.backup;
  const above = policy.escalations.slice(level).find((e) => e.rung !== entry.rung);
  if (above) return above.rung;
  return entry.rung === 'coordinator' ? null : 'coordinator';
}

/** The acknowledgement a rung's firing at `at` waits for, or null when its rung asks none. */
export function awaitingAckFor(
  policy: EscalationPolicy,
  step: { key: string; at: number; level: number; rung: Rung | null },
  calendar: CalendarData,
): AwaitingAck | null {
  const entry = policy.escalations[step.level - 1];
  if (!entry?.ackWithin || !step.rung) return null;
  const backup = backupRungOf(policy, step.level);
  if (!backup) return null;
  return {
    level: step.level,
    rung: step.rung,
    step: step.key,
    escalatedAt: step.at,
    deadline: ackDeadline(entry.ackWithin, step.at, calendar),
    backup,
  };
}
