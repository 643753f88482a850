/**
 * Quiet hours: email to people keeps to working hours in the reader's time zone (default Asia/Ho_Chi_Minh), on working
 * days of the official calendar; a message that falls outside them is held to the start of the next working period and
 * leaves then, with the others held. Urgent tasks (hỏa tốc, thượng khẩn) are exempt; in-app notices are never held.
 * Pure: the instant, the calendar and the zone are parameters.
 */
import { isWorkingDay, type CalendarData } from './calendar';
import { addDays, type IsoDate } from './dates';
import type { Urgency } from './urgency';

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** The working period of a working day, in minutes after local midnight: 07:30 to 17:00 (offices' hours). */
export const WORKING_HOURS = { startMinute: 7 * 60 + 30, endMinute: 17 * 60 } as const;

/** Urgent documents (hỏa tốc, thượng khẩn) are delivered at once, whatever the hour. */
export const EXEMPT_URGENCIES: readonly Urgency[] = ['hoa_toc', 'thuong_khan'];

export function exemptFromQuietHours(urgency: Urgency | string | null | undefined): boolean {
  return (EXEMPT_URGENCIES as readonly string[]).includes(urgency ?? '');
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function localParts(instant: number, timeZone: string): { date: IsoDate; minute: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return { date: `${get('year')}-${get('month')}-${get('day')}` as IsoDate, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

/** The instant of local wall time `minute` on `date` in `timeZone` (the zone's offset at that moment). */
function instantOf(date: IsoDate, minute: number, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, Math.floor(minute / 60), minute % 60);
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const p = localParts(guess, timeZone);
    const [py, pm, pd] = p.date.split('-').map(Number) as [number, number, number];
    const seen = Date.UTC(py, pm - 1, pd, Math.floor(p.minute / 60), p.minute % 60);
    guess += wall - seen;
  }
  return guess;
}

/**
 * When a message written at `instant` may leave: at once within the working period of a working day, else at the start
 * of the next working period (a day off or a weekend is skipped; a working Saturday is worked).
 */
export function releaseAt(instant: number, calendar: CalendarData, timeZone: string = DEFAULT_TIME_ZONE): number {
  const zone = isTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE;
  const { date, minute } = localParts(instant, zone);
  const working = isWorkingDay(calendar, date);
  if (working && minute >= WORKING_HOURS.startMinute && minute < WORKING_HOURS.endMinute) return instant;
  let day = working && minute < WORKING_HOURS.startMinute ? date : addDays(date, 1);
  for (let i = 0; i < 3660 && !isWorkingDay(calendar, day); i++) day = addDays(day, 1);
  return instantOf(day, WORKING_HOURS.startMinute, zone);
}
