/**
 * How many days an assignment is late, the one rule every page, export, report and email uses: whole calendar days
 * in Vietnam time from the due date to the day it was done (completed late) or to today (still open past its due
 * date); 0 when it is not late.
 */
import { daysBetween, toVnDate, type IsoDate } from './dates';

/** Whole days from the due date to `on` (a Vietnam calendar day); 0 when `on` is not after it. */
export function daysLateOn(dueOn: IsoDate, on: IsoDate): number {
  return Math.max(0, daysBetween(dueOn, on));
}

/** Whole days from the due date to the Vietnam day of the instant `at` (epoch ms). */
export function daysLateAt(dueOn: IsoDate, at: number): number {
  return daysLateOn(dueOn, toVnDate(new Date(at)));
}

export interface LatenessFacts {
  status: string;
  dueOn: IsoDate;
  /** The completion report, when there is one: the document's date wins over when it was reported. */
  completion: { documentDate?: string | null; reportedAt?: number } | Record<string, unknown> | null;
}

/** An assignment's days late as of `today`: open and overdue → to today; completed late → to the day it was done. */
export function assignmentDaysLate(a: LatenessFacts, today: IsoDate): number {
  if (a.status === 'overdue') return daysLateOn(a.dueOn, today);
  if (a.status === 'completed_late' && a.completion) {
    const c = a.completion as { documentDate?: string | null; reportedAt?: number };
    if (c.documentDate) return daysLateOn(a.dueOn, c.documentDate);
    return c.reportedAt ? daysLateAt(a.dueOn, c.reportedAt) : 0;
  }
  return 0;
}
