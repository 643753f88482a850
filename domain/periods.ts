/**
 * Reporting periods of recurring obligations: the period an instant falls in (Vietnam time), its key and
 * label, its due date (by default the last working day of the period), and the data cut-off a report of the
 * period covers under Decree 09/2019/NĐ-CP.
 */
import { workingDayOnOrBefore, type CalendarData } from './calendar';
import { daysInMonth, lastDayOfMonth, makeDate, parts, toVnDate, type IsoDate } from './dates';

export const FREQUENCIES = ['monthly', 'quarterly', 'half_yearly', 'yearly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** How many months a period of each frequency spans. */
export const PERIOD_MONTHS: Record<Frequency, number> = { monthly: 1, quarterly: 3, half_yearly: 6, yearly: 12 };

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
  if (frequency === 'half_yearly') {
    const h = month <= 6 ? 1 : 2;
    return { key: `${year}-H${h}`, label: `6 tháng ${h === 1 ? 'đầu' : 'cuối'} năm ${year}`, lastDay: lastDayOfMonth(year, h * 6) };
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
  return dueDay === null
    ? `recurring ${frequency}: last working day of the period`
    : `recurring ${frequency}: day ${dueDay} of the period's last month`;
}

/** The months a period starts in (its assignments are created at 00:05 Vietnam time on their first day). */
export const PERIOD_START_MONTHS: Record<Frequency, readonly ('JANUARY' | 'APRIL' | 'JULY' | 'OCTOBER')[] | '*'> = {
  monthly: '*',
  quarterly: ['JANUARY', 'APRIL', 'JULY', 'OCTOBER'],
  half_yearly: ['JANUARY', 'JULY'],
  yearly: ['JANUARY'],
};

/**
 * The data a periodic report covers, cut-off to cut-off, under Decree 09/2019/NĐ-CP (chế độ báo cáo của cơ quan
 * hành chính nhà nước), art. 12 (thời gian chốt số liệu báo cáo định kỳ): from the 15th of the month before the
 * period to the 14th of the period's last month — monthly: 15th of the previous month to the 14th; quarterly:
 * 15th of the month before the quarter to the 14th of its last month; six-monthly: 15 December (of the year
 * before) to 14 June, and 15 June to 14 December; yearly: 15 December of the year before to 14 December.
 */
export function dataCutOff(frequency: Frequency, period: Period): { from: IsoDate; to: IsoDate } {
  const { year, month } = parts(period.lastDay);
  const before = year * 12 + (month - 1) - PERIOD_MONTHS[frequency];
  return { from: makeDate(Math.floor(before / 12), (before % 12) + 1, 15), to: makeDate(year, month, 14) };
}
