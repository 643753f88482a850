/**
 * The official working calendar of Vietnamese state agencies: Monday–Friday, minus the days off the Labour Code
 * (art. 112) and the Government's yearly notices give, plus the Saturdays worked to make up for swapped days.
 *
 * `CalendarData` is plain JSON so it can travel inside Temporal workflow inputs; every function here is pure and
 * deterministic. Treat a `CalendarData` as immutable: lookups are cached per object (WeakMap), so mutating its
 * arrays after first use is not seen.
 */
import { addDays, isIsoDate, parts, weekday, type IsoDate } from './dates';

export interface CalendarData {
  /** Dates that are not worked although they are Monday–Friday (weekend dates may be listed too). Sorted, unique. */
  daysOff: IsoDate[];
  /** Weekend dates (in practice Saturdays) worked to make up for a swapped day off. Sorted, unique. */
  workingSaturdays: IsoDate[];
}

/** Monday–Friday, no holidays: for tests and for running without a loaded calendar. */
export const WEEKENDS_ONLY: CalendarData = Object.freeze({
  daysOff: Object.freeze([]) as unknown as IsoDate[],
  workingSaturdays: Object.freeze([]) as unknown as IsoDate[],
});

/** One year of the official calendar (data/calendar/vn-YYYY.json), validated by `calendarYearSchema`. */
export interface CalendarYear {
  year: number;
  sources: { id: string; title: string; url?: string; note?: string }[];
  daysOff: { date: IsoDate; name: string; source: string }[];
  /** Each with the day off it makes up for (which may lie in the neighbouring year). */
  workingSaturdays: { date: IsoDate; replaces: IsoDate; source: string }[];
}

const sortedUnique = (dates: Iterable<IsoDate>): IsoDate[] => [...new Set(dates)].sort();

/** One calendar from several years (any order; a year given twice contributes the union). */
export function mergeCalendarYears(years: CalendarYear[]): CalendarData {
  return {
    daysOff: sortedUnique(years.flatMap((y) => y.daysOff.map((d) => d.date))),
    workingSaturdays: sortedUnique(years.flatMap((y) => y.workingSaturdays.map((d) => d.date))),
  };
}

interface Lookup {
  off: ReadonlySet<IsoDate>;
  work: ReadonlySet<IsoDate>;
}
const lookups = new WeakMap<CalendarData, Lookup>();

function lookup(cal: CalendarData): Lookup {
  let l = lookups.get(cal);
  if (!l) {
    l = { off: new Set(cal.daysOff), work: new Set(cal.workingSaturdays) };
    lookups.set(cal, l);
  }
  return l;
}

/** Monday–Friday and not a day off, or a weekend day listed as worked. */
export function isWorkingDay(cal: CalendarData, date: IsoDate): boolean {
  const { off, work } = lookup(cal);
  if (work.has(date)) return true;
  if (off.has(date)) return false;
  const wd = weekday(date);
  return wd !== 0 && wd !== 6;
}

/** No real calendar has a year without working days; this only stops a malformed one from looping forever. */
const MAX_SEARCH_DAYS = 3660;

function step(cal: CalendarData, date: IsoDate, dir: 1 | -1): IsoDate {
  let d = date;
  for (let i = 0; i < MAX_SEARCH_DAYS; i++) {
    d = addDays(d, dir);
    if (isWorkingDay(cal, d)) return d;
  }
  throw new RangeError(`no working day within ${MAX_SEARCH_DAYS} days ${dir > 0 ? 'after' : 'before'} ${date}`);
}

/**
 * n > 0: the n-th working day strictly after `date`; n < 0: the |n|-th working day strictly before it; n = 0:
 * `date` itself (working day or not).
 */
export function addWorkingDays(cal: CalendarData, date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`not a whole number of working days: ${n}`);
  const dir = n > 0 ? 1 : -1;
  let d = date;
  for (let i = 0; i < Math.abs(n); i++) d = step(cal, d, dir);
  return d;
}

/** `date` when it is a working day, else the last working day before it. */
export function workingDayOnOrBefore(cal: CalendarData, date: IsoDate): IsoDate {
  return isWorkingDay(cal, date) ? date : step(cal, date, -1);
}

/** `date` when it is a working day, else the first working day after it. */
export function workingDayOnOrAfter(cal: CalendarData, date: IsoDate): IsoDate {
  return isWorkingDay(cal, date) ? date : step(cal, date, 1);
}

/**
 * The number of working days in (from, to]; negative (minus the count in (to, from]) when `to` is before `from`.
 * For a working day `to`, addWorkingDays(cal, from, workingDaysBetween(cal, from, to)) === to.
 */
export function workingDaysBetween(cal: CalendarData, from: IsoDate, to: IsoDate): number {
  if (to < from) return -workingDaysBetween(cal, to, from);
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(cal, d)) count++;
  return count;
}
