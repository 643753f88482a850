/**
 * A year's calendar changing under running assignments: the new year's days swapped into an assignment's
 * calendar, which open assignments a year's change can reach, and which planned steps it moved. Pure: the
 * assignment workflow applies it to the calendar its history recorded, so replay sees the same days.
 */
import type { CalendarData, CalendarYear } from './calendar';
import type { IsoDate } from './dates';
import type { PlannedStep } from './policy';

/** One year's days as they travel to running assignments (the dates only: names and sources stay in Postgres). */
export interface CalendarYearDays {
  daysOff: IsoDate[];
  workingSaturdays: IsoDate[];
}

export function calendarYearDays(year: CalendarYear): CalendarYearDays {
  return {
    daysOff: [...new Set(year.daysOff.map((d) => d.date))].sort(),
    workingSaturdays: [...new Set(year.workingSaturdays.map((d) => d.date))].sort(),
  };
}

const inYear = (year: number) => (date: IsoDate) => date.startsWith(`${year}-`);
const notInYear = (year: number) => (date: IsoDate) => !date.startsWith(`${year}-`);

/**
 * `calendar` with `year`'s days replaced by `days` (dates outside the year are ignored). An official year joins
 * `officialYears` and leaves `provisionalYears`; a calendar without `officialYears` (older inputs) stays so.
 */
export function withCalendarYear(calendar: CalendarData, year: number, days: CalendarYearDays, official = true): CalendarData {
  const merge = (kept: IsoDate[], added: IsoDate[]) =>
    [...new Set([...kept.filter(notInYear(year)), ...added.filter(inYear(year))])].sort();
  const next: CalendarData = {
    daysOff: merge(calendar.daysOff, days.daysOff),
    workingSaturdays: merge(calendar.workingSaturdays, days.workingSaturdays),
  };
  if (calendar.officialYears === undefined) return next;
  const officialYears = new Set(calendar.officialYears);
  const provisionalYears = new Set(calendar.provisionalYears ?? []);
  if (official) {
    officialYears.add(year);
    provisionalYears.delete(year);
  } else {
    officialYears.delete(year);
    provisionalYears.add(year);
  }
  return {
    ...next,
    officialYears: [...officialYears].sort((a, b) => a - b),
    provisionalYears: [...provisionalYears].sort((a, b) => a - b),
  };
}

/**
 * The open assignments a change of `year` may re-plan: those due from the start of the year before to the end of
 * the year after (reminders run ahead of a due date, escalations after it), and overdue ones due earlier, whose
 * top rung may still repeat into the year. The others' plans cannot touch it.
 */
export function calendarChangeReach(year: number): { dueFrom: IsoDate; dueTo: IsoDate } {
  return { dueFrom: `${year - 1}-01-01`, dueTo: `${year + 1}-12-31` };
}

export interface MovedStep {
  step: string;
  from: number;
  to: number;
}

/** The steps (by key) planned at another instant after the change; steps only in one plan are not counted. */
export function movedSteps(before: PlannedStep[], after: PlannedStep[]): MovedStep[] {
  const was = new Map(before.map((s) => [s.key, s.at]));
  return after.flatMap((s) => {
    const from = was.get(s.key);
    return from !== undefined && from !== s.at ? [{ step: s.key, from, to: s.at }] : [];
  });
}

const sameList = (a: readonly unknown[] | undefined, b: readonly unknown[] | undefined) =>
  (a ?? []).length === (b ?? []).length && (a ?? []).every((x, i) => x === (b ?? [])[i]);

/** Whether two calendars count the same days (an assignment started after a load already has the new days). */
export function sameCalendarDays(a: CalendarData, b: CalendarData): boolean {
  return (
    sameList(a.daysOff, b.daysOff) &&
    sameList(a.workingSaturdays, b.workingSaturdays) &&
    sameList(a.officialYears, b.officialYears) &&
    sameList(a.provisionalYears, b.provisionalYears)
  );
}
