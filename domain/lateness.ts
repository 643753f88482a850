/**
 * How many days an assignment is late, the one rule every page, export, report and email uses: whole calendar days
 * in Vietnam time from the due date to the day it was done (completed late) or to today (still open past its due
 * date); 0 when it is not late. The counting rule itself is domain/counting.ts.
 */
import { daysLateOn, judgeCompletion } from './counting';
import { toVnDate, type IsoDate } from './dates';

export { daysLateOn } from './counting';

/** Whole days from the due date to the Vietnam day of the instant `at` (epoch ms). */
export function daysLateAt(dueOn: IsoDate, at: number): number {
  return daysLateOn(dueOn, toVnDate(new Date(at)));
}

export interface LatenessFacts {
  status: string;
  dueOn: IsoDate;
  /** The completion report, when there is one: the document's date wins over when it was reported. */
  completion: { documentDate?: string | null; reportedAt?: number; confirmedBy?: string | null } | Record<string, unknown> | null;
  /** The deadline time (epoch ms or ISO), when there is one: a document date never beats it. */
  dueAt?: number | string | null;
}

/** An assignment's days late as of `today`: open and overdue → to today; completed late → to the day it was done. */
export function assignmentDaysLate(a: LatenessFacts, today: IsoDate): number {
  if (a.status === 'overdue') return daysLateOn(a.dueOn, today);
  if (a.status === 'completed_late' && a.completion) {
    const c = a.completion as { documentDate?: string | null; reportedAt?: number; confirmedBy?: string | null; basis?: string };
    if (!c.reportedAt) return c.documentDate ? daysLateOn(a.dueOn, c.documentDate) : 0;
    const dueAt = typeof a.dueAt === 'string' ? Date.parse(a.dueAt) : (a.dueAt ?? null);
    // The day the completion counts from, by the one rule (domain/counting.ts): recorded unless the assigner confirmed.
    const j = judgeCompletion(
      { reportedAt: c.reportedAt, documentDate: c.documentDate ?? null, confirmedByAssigner: c.confirmedBy != null },
      a.dueOn,
      dueAt,
    );
    return daysLateOn(a.dueOn, j.completedOn);
  }
  return 0;
}
