/**
 * Paused deadlines ("tạm dừng tính thời hạn"): while an assignment waits on something outside the unit's hands (another
 * agency's opinion, a legal review) its clock stands still, and on resume its due date moves by the working days the
 * pause lasted. Pure: the calendar and the instants are parameters.
 */
import { addWorkingDays, workingDaysBetween, type CalendarData } from './calendar';
import { toVnDate, type IsoDate } from './dates';

/**
 * The working days a pause from `pausedAt` to `resumedAt` (epoch ms) stood still: the working days after the day of the
 * pause up to and including the day of resumption (Vietnam dates), so a pause within one day moves nothing and one from
 * Friday to Monday moves the deadline by one working day.
 */
export function pausedWorkingDays(calendar: CalendarData, pausedAt: number, resumedAt: number): number {
  if (resumedAt <= pausedAt) return 0;
  return Math.max(0, workingDaysBetween(calendar, toVnDate(new Date(pausedAt)), toVnDate(new Date(resumedAt))));
}

/** The due date after a pause of `days` working days: that many working days after the due date in force. */
export function dueOnAfterPause(calendar: CalendarData, dueOn: IsoDate, days: number): IsoDate {
  return days > 0 ? addWorkingDays(calendar, dueOn, days) : dueOn;
}
