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

// ---- The one range of dates the system takes --------------------------------------------------------------

/** Dates a directive, deadline or report can sensibly carry (year 0000 or 9999 is a typo, not a plan). */
export const EARLIEST_DATE: IsoDate = '1900-01-01';
export const LATEST_DATE: IsoDate = '2199-12-31';
/** The refusal of a date outside the range, for every entry (API fields, deadline phrases, workflow updates). */
export const DATE_RANGE_REASON = `must be between ${EARLIEST_DATE} and ${LATEST_DATE}`;
/** The range as a JSON-schema pattern (years 1900–2199), so a caller's tools know it before they ask. */
export const DATE_IN_RANGE_PATTERN = '^(?:19|20|21)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$';
/** The same for date-times: the date written in them is in the range (their date in Vietnam is checked too). */
export const DATE_TIME_IN_RANGE_PATTERN = '^(?:19|20|21)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T';

/** A real calendar date within EARLIEST_DATE..LATEST_DATE. */
export function isDateInRange(date: string): boolean {
  return isIsoDate(date) && date >= EARLIEST_DATE && date <= LATEST_DATE;
}

/** Why `text` is not a date the system takes, or null when it is. */
export function dateRefusal(text: string): string | null {
  if (!isIsoDate(text)) return 'must be a real date written YYYY-MM-DD';
  return isDateInRange(text) ? null : DATE_RANGE_REASON;
}

/**
 * Why the instant `text` (ISO-8601, already checked for form) is not one the system takes, or null: the date it
 * is written with and the date it falls on in Vietnam must both be in the range.
 */
export function instantRefusal(text: string): string | null {
  const at = Date.parse(text);
  if (Number.isNaN(at)) return 'must be an ISO-8601 date-time with offset';
  const written = text.slice(0, 10);
  if (!isDateInRange(written) || !isDateInRange(toVnDate(new Date(at))))
    return `must fall on a date in Vietnam between ${EARLIEST_DATE} and ${LATEST_DATE}`;
  return null;
}
