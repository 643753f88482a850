/**
 * Working days on the official calendar of Vietnamese state employees: Monday–Friday, minus announced days
 * off, plus Saturdays officially swapped into working days. Plain data, so it travels in workflow inputs.
 */
import { z } from 'zod';
import { addDays, isIsoDate, weekday, type IsoDate } from './dates';

export interface CalendarData {
  daysOff: IsoDate[];
  workingSaturdays: IsoDate[];
}

export const WEEKENDS_ONLY: CalendarData = { daysOff: [], workingSaturdays: [] };

const isoDate = z.string().refine(isIsoDate, 'must be a real date YYYY-MM-DD');

export const calendarYearSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    sources: z.array(z.object({ id: z.string().min(1), title: z.string().min(1), url: z.string().optional(), note: z.string().optional() })).min(1),
    daysOff: z.array(z.object({ date: isoDate, name: z.string().min(1), source: z.string().min(1) })),
    workingSaturdays: z.array(z.object({ date: isoDate, replaces: z.string().optional(), source: z.string().min(1) })),
  })
  .superRefine((cal, ctx) => {
    const ids = new Set(cal.sources.map((s) => s.id));
    const check = (entries: { date: string; source: string }[], key: string) =>
      entries.forEach((e, i) => {
        if (!e.date.startsWith(`${cal.year}-`)) ctx.addIssue({ code: 'custom', path: [key, i, 'date'], message: `must be in ${cal.year}` });
        if (!ids.has(e.source)) ctx.addIssue({ code: 'custom', path: [key, i, 'source'], message: `unknown source ${e.source}` });
      });
    check(cal.daysOff, 'daysOff');
    check(cal.workingSaturdays, 'workingSaturdays');
  });
export type CalendarYear = z.infer<typeof calendarYearSchema>;

export function mergeCalendarYears(years: CalendarYear[]): CalendarData {
  const uniqueSorted = (dates: string[]) => [...new Set(dates)].sort();
  return {
    daysOff: uniqueSorted(years.flatMap((y) => y.daysOff.map((d) => d.date))),
    workingSaturdays: uniqueSorted(years.flatMap((y) => y.workingSaturdays.map((d) => d.date))),
  };
}

interface CalendarIndex {
  off: Set<string>;
  working: Set<string>;
}
const indexes = new WeakMap<CalendarData, CalendarIndex>();

function indexOf(cal: CalendarData): CalendarIndex {
  let index = indexes.get(cal);
  if (!index) {
    index = { off: new Set(cal.daysOff), working: new Set(cal.workingSaturdays) };
    indexes.set(cal, index);
  }
  return index;
}

export function isWorkingDay(cal: CalendarData, date: IsoDate): boolean {
  const { off, working } = indexOf(cal);
  if (working.has(date)) return true;
  const day = weekday(date);
  return day !== 0 && day !== 6 && !off.has(date);
}

/** n > 0: the n-th working day after `date`; n < 0: the |n|-th before; 0: `date` itself. */
export function addWorkingDays(cal: CalendarData, date: IsoDate, n: number): IsoDate {
  const step = n < 0 ? -1 : 1;
  let remaining = Math.abs(n);
  let day = date;
  while (remaining > 0) {
    day = addDays(day, step);
    if (isWorkingDay(cal, day)) remaining -= 1;
  }
  return day;
}

export function workingDayOnOrBefore(cal: CalendarData, date: IsoDate): IsoDate {
  let day = date;
  while (!isWorkingDay(cal, day)) day = addDays(day, -1);
  return day;
}

export function workingDayOnOrAfter(cal: CalendarData, date: IsoDate): IsoDate {
  let day = date;
  while (!isWorkingDay(cal, day)) day = addDays(day, 1);
  return day;
}

/** Working days in (from, to]. */
export function workingDaysBetween(cal: CalendarData, from: IsoDate, to: IsoDate): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (isWorkingDay(cal, day)) count += 1;
  return count;
}
