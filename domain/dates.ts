/**
 * Calendar dates and instants in Asia/Ho_Chi_Minh.
 *
 * A due date is a calendar date ("YYYY-MM-DD") in Vietnam. Vietnam has kept UTC+07:00 without daylight
 * saving since 1975, so a fixed offset is exact and keeps this module free of time-zone databases.
 */

export type IsoDate = string; // "YYYY-MM-DD"

export const VN_UTC_OFFSET_MINUTES = 7 * 60;
const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `text` is a real calendar date written as YYYY-MM-DD (rejects 2024-02-30). */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function makeDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function parts(date: IsoDate): { year: number; month: number; day: number } {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not an ISO date: ${date}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** Days since 1970-01-01 for a calendar date (no time zone involved). */
function dayNumber(date: IsoDate): number {
  const { year, month, day } = parts(date);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function fromDayNumber(n: number): IsoDate {
  const d = new Date(n * DAY_MS);
  return makeDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** b − a in whole days. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  return new Date(dayNumber(date) * DAY_MS).getUTCDay();
}

export function lastDayOfMonth(year: number, month: number): IsoDate {
  return makeDate(year, month, daysInMonth(year, month));
}

/** The instant a Vietnamese calendar date starts (00:00 at UTC+7). */
export function startOfDayVn(date: IsoDate): Date {
  return new Date(dayNumber(date) * DAY_MS - VN_UTC_OFFSET_MINUTES * 60_000);
}

/** The instant a Vietnamese calendar date ends: the next day's 00:00 at UTC+7. On time means before it. */
export function endOfDayVn(date: IsoDate): Date {
  return startOfDayVn(addDays(date, 1));
}

/** `date` at `hh:mm` Vietnamese time. */
export function atTimeVn(date: IsoDate, timeOfDay: string): Date {
  const m = /^(\d{2}):(\d{2})$/.exec(timeOfDay);
  if (!m) throw new RangeError(`not a time of day: ${timeOfDay}`);
  return new Date(startOfDayVn(date).getTime() + (Number(m[1]) * 60 + Number(m[2])) * 60_000);
}

/** The Vietnamese calendar date an instant falls on. */
export function toVnDate(instant: Date): IsoDate {
  return fromDayNumber(Math.floor((instant.getTime() + VN_UTC_OFFSET_MINUTES * 60_000) / DAY_MS));
}
