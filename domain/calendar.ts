/**
 * The official working calendar of Vietnamese state agencies: Monday–Friday, minus the days off the Labour Code
 * (art. 112) and the Government's yearly notices give, plus the Saturdays worked to make up for swapped days.
 *
 * `CalendarData` is plain JSON so it can travel inside Temporal workflow inputs; every function here is pure and
 * deterministic. Treat a `CalendarData` as immutable: lookups are cached per object (WeakMap), so mutating its
 * arrays after first use is not seen.
 */
import { z } from 'zod';
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

const isoDate = z.string().refine(isIsoDate, 'must be a real date written YYYY-MM-DD');

/** One year of the official calendar, as stored in data/calendar/vn-YYYY.json and loaded by admins. */
export const calendarYearSchema = z
  .object({
    year: z.number().int().min(2000).max(2200),
    sources: z
      .array(
        z.object({
          id: z.string().min(1).max(100),
          title: z.string().min(1).max(1000),
          url: z.string().url().optional(),
          note: z.string().max(4000).optional(),
        }),
      )
      .min(1),
    daysOff: z.array(
      z.object({
        date: isoDate,
        name: z.string().min(1).max(500),
        source: z.string().min(1),
      }),
    ),
    workingSaturdays: z.array(
      z.object({
        date: isoDate,
        /** The day off this working weekend day makes up for (may lie in the neighbouring year). */
        replaces: isoDate,
        source: z.string().min(1),
      }),
    ),
  })
  .superRefine((cal, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const sourceIds = new Set<string>();
    cal.sources.forEach((s, i) => {
      if (sourceIds.has(s.id)) issue(['sources', i, 'id'], `duplicate source id ${s.id}`);
      sourceIds.add(s.id);
    });
    const inYear = (d: string) => isIsoDate(d) && parts(d).year === cal.year;
    const offDates = new Set<string>();
    cal.daysOff.forEach((e, i) => {
      if (isIsoDate(e.date) && !inYear(e.date)) issue(['daysOff', i, 'date'], `${e.date} is not in ${cal.year}`);
      if (offDates.has(e.date)) issue(['daysOff', i, 'date'], `${e.date} is listed twice`);
      offDates.add(e.date);
      if (!sourceIds.has(e.source)) issue(['daysOff', i, 'source'], `unknown source ${e.source}`);
    });
    const workDates = new Set<string>();
    cal.workingSaturdays.forEach((e, i) => {
      if (!isIsoDate(e.date)) return;
      if (!inYear(e.date)) issue(['workingSaturdays', i, 'date'], `${e.date} is not in ${cal.year}`);
      const wd = weekday(e.date);
      if (wd !== 6 && wd !== 0) issue(['workingSaturdays', i, 'date'], `${e.date} is not a Saturday or Sunday`);
      if (offDates.has(e.date)) issue(['workingSaturdays', i, 'date'], `${e.date} is also listed as a day off`);
      if (workDates.has(e.date)) issue(['workingSaturdays', i, 'date'], `${e.date} is listed twice`);
      workDates.add(e.date);
      if (isIsoDate(e.replaces) && inYear(e.replaces) && !offDates.has(e.replaces)) {
        issue(['workingSaturdays', i, 'replaces'], `${e.replaces} is not listed as a day off`);
      }
      if (!sourceIds.has(e.source)) issue(['workingSaturdays', i, 'source'], `unknown source ${e.source}`);
    });
  });
export type CalendarYear = z.infer<typeof calendarYearSchema>;

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
