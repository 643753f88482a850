/**
 * The official working calendar of Vietnamese state agencies: Monday–Friday, minus the days off the Labour Code
 * (art. 112) and the Government's yearly notices give, plus the Saturdays worked to make up for swapped days.
 *
 * `CalendarData` is plain JSON so it can travel inside Temporal workflow inputs; every function here is pure and
 * deterministic. Treat a `CalendarData` as immutable: lookups are cached per object (WeakMap), so mutating its
 * arrays after first use is not seen.
 */
import type { CalendarYear } from './calendar-year';
import { addDays, parts, weekday, type IsoDate } from './dates';
import { statutoryCalendar } from './statutory-holidays';

export interface CalendarData {
  /** Dates that are not worked although they are Monday–Friday (weekend dates may be listed too). Sorted, unique. */
  daysOff: IsoDate[];
  /** Weekend dates (in practice Saturdays) worked to make up for a swapped day off. Sorted, unique. */
  workingSaturdays: IsoDate[];
  /**
   * Present: the calendar covers every year. These years (official schedules) and `provisionalYears` (statutory
   * forecasts written out, see `calendarFor`) are read from the lists above; any other year follows
   * `statutoryCalendar(year)`, computed on use, and is provisional. Absent (WEEKENDS_ONLY, `mergeCalendarYears`,
   * inputs of workflows started before statutory years existed): the lists and weekends only, as before.
   */
  officialYears?: number[];
  /** Years whose days in the lists are a statutory forecast, not an official schedule. */
  provisionalYears?: number[];
}

/** Monday–Friday, no holidays: for tests and for running without a loaded calendar. */
export const WEEKENDS_ONLY: CalendarData = Object.freeze({
  daysOff: Object.freeze([]) as unknown as IsoDate[],
  workingSaturdays: Object.freeze([]) as unknown as IsoDate[],
});

/** One year of the official calendar (data/calendar/vn-YYYY.json), validated by `calendarYearSchema`. */
export type { CalendarYear };

const sortedUnique = (dates: Iterable<IsoDate>): IsoDate[] => [...new Set(dates)].sort();

/** One calendar from several years (any order; a year given twice contributes the union). */
export function mergeCalendarYears(years: CalendarYear[]): CalendarData {
  return {
    daysOff: sortedUnique(years.flatMap((y) => y.daysOff.map((d) => d.date))),
    workingSaturdays: sortedUnique(years.flatMap((y) => y.workingSaturdays.map((d) => d.date))),
  };
}

/**
 * The calendar of every year: the official years given, the statutory forecast written out for each of
 * `provisionalYears` that has no official schedule (so a workflow input records the very days it counts on), and
 * the statutory forecast computed on use for any other year.
 */
export function calendarFor(official: CalendarYear[], provisionalYears: number[] = []): CalendarData {
  const officialYears = [...new Set(official.map((y) => y.year))].sort((a, b) => a - b);
  const forecast = [...new Set(provisionalYears)].filter((y) => !officialYears.includes(y)).sort((a, b) => a - b);
  return { ...mergeCalendarYears([...official, ...forecast.map(statutoryCalendar)]), officialYears, provisionalYears: forecast };
}

/** True when `year`'s days come from the statutory forecast rather than an official schedule. */
export function isProvisionalYear(cal: CalendarData, year: number): boolean {
  return cal.officialYears !== undefined && !cal.officialYears.includes(year);
}

/** The provisional years among those of the dates from `from` to `to` (either order), ascending. */
export function provisionalYearsBetween(cal: CalendarData, from: IsoDate, to: IsoDate): number[] {
  const [a, b] = [parts(from).year, parts(to).year].sort((x, y) => x - y) as [number, number];
  const years: number[] = [];
  for (let y = a; y <= b; y++) if (isProvisionalYear(cal, y)) years.push(y);
  return years;
}

/** True when any date from `from` to `to` lies in a provisional year. */
export function touchesProvisionalYear(cal: CalendarData, from: IsoDate, to: IsoDate): boolean {
  return provisionalYearsBetween(cal, from, to).length > 0;
}

/** A year's schedule: the official one when loaded, else the statutory forecast, marked as such. */
export function calendarYearOrStatutory(official: CalendarYear[], year: number): { calendar: CalendarYear; provisional: boolean } {
  const found = official.find((y) => y.year === year);
  return found ? { calendar: found, provisional: false } : { calendar: statutoryCalendar(year), provisional: true };
}

interface Lookup {
  off: ReadonlySet<IsoDate>;
  work: ReadonlySet<IsoDate>;
  /** Years read from the lists; null: every year is (a legacy calendar). */
  listed: ReadonlySet<number> | null;
}
const lookups = new WeakMap<CalendarData, Lookup>();

function lookup(cal: CalendarData): Lookup {
  let l = lookups.get(cal);
  if (!l) {
    const listed = cal.officialYears ? new Set([...cal.officialYears, ...(cal.provisionalYears ?? [])]) : null;
    l = { off: new Set(cal.daysOff), work: new Set(cal.workingSaturdays), listed };
    lookups.set(cal, l);
  }
  return l;
}

/** Statutory days off by year: pure, so one cache serves every calendar (and replays alike). */
const statutoryDaysOff = new Map<number, ReadonlySet<IsoDate>>();

function statutoryOff(year: number): ReadonlySet<IsoDate> {
  let off = statutoryDaysOff.get(year);
  if (!off) {
    off = new Set(statutoryCalendar(year).daysOff.map((d) => d.date));
    statutoryDaysOff.set(year, off);
  }
  return off;
}

/** Monday–Friday and not a day off, or a weekend day listed as worked. */
export function isWorkingDay(cal: CalendarData, date: IsoDate): boolean {
  const { off, work, listed } = lookup(cal);
  const wd = weekday(date);
  if (listed) {
    const year = Number(date.slice(0, 4));
    if (!listed.has(year)) return wd !== 0 && wd !== 6 && !statutoryOff(year).has(date);
  }
  if (work.has(date)) return true;
  if (off.has(date)) return false;
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
