/**
 * Reporting periods of recurring obligations: the period an instant falls in (Vietnam time), its key and
 * label, and its due date (by default the last working day of the period).
 */
import { workingDayOnOrBefore, type CalendarData } from './calendar';
import { daysInMonth, lastDayOfMonth, makeDate, parts, toVnDate, type IsoDate } from './dates';

export type Frequency = 'monthly' | 'quarterly' | 'yearly';

export interface Period {
  key: string;
  label: string;
  lastDay: IsoDate;
}

export function periodOf(frequency: Frequency, instant: number): Period {
  const { year, month } = parts(toVnDate(new Date(instant)));
  if (frequency === 'monthly') {
    return { key: `${year}-${String(month).padStart(2, '0')}`, label: `tháng ${month}/${year}`, lastDay: lastDayOfMonth(year, month) };
  }
  if (frequency === 'quarterly') {
    const q = Math.ceil(month / 3);
    return { key: `${year}-Q${q}`, label: `quý ${['I', 'II', 'III', 'IV'][q - 1]}/${year}`, lastDay: lastDayOfMonth(year, q * 3) };
  }
  return { key: String(year), label: `năm ${year}`, lastDay: lastDayOfMonth(year, 12) };
}

/**
 * Due on the last working day of the period, or on `dueDay` of the period's last month (the month's last day
 * when it is shorter). A due date on a day off moves back to the working day before: the unit is never
 * told a date later than the one the obligation names.
 */
export function periodDueOn(period: Period, calendar: CalendarData, dueDay: number | null = null): IsoDate {
  if (dueDay === null) return workingDayOnOrBefore(calendar, period.lastDay);
  const { year, month } = parts(period.lastDay);
  return workingDayOnOrBefore(calendar, makeDate(year, month, Math.min(dueDay, daysInMonth(year, month))));
}

export function periodDueRule(frequency: Frequency, dueDay: number | null): string {
  return dueDay === null ? `recurring ${frequency}: last working day of the period` : `recurring ${frequency}: day ${dueDay} of the period's last month`;
}

/** The months a period starts in (its assignments are created at 00:05 Vietnam time on their first day). */
export const PERIOD_START_MONTHS: Record<Frequency, readonly ('JANUARY' | 'APRIL' | 'JULY' | 'OCTOBER')[] | '*'> = {
  monthly: '*',
  quarterly: ['JANUARY', 'APRIL', 'JULY', 'OCTOBER'],
  yearly: ['JANUARY'],
};
