import { describe, expect, it } from 'vitest';
import { OFFICIAL_CALENDAR_YEARS } from '../../data/calendar';
import { mergeCalendarYears } from '../../domain/calendar';
import { atTimeVn } from '../../domain/dates';
import { periodDueOn, periodDueRule, periodOf } from '../../domain/periods';

const calendar = mergeCalendarYears(OFFICIAL_CALENDAR_YEARS);

describe('recurring periods', () => {
  it('finds the period an instant falls in, in Vietnam time', () => {
    // 31 Dec 2025 18:00 UTC is already 1 January 2026 in Vietnam.
    expect(periodOf('monthly', Date.parse('2025-12-31T18:00:00Z')).key).toBe('2026-01');
    expect(periodOf('quarterly', atTimeVn('2025-08-15', '09:00').getTime())).toMatchObject({ key: '2025-Q3', label: 'quý III/2025', lastDay: '2025-09-30' });
    expect(periodOf('yearly', atTimeVn('2025-08-15', '09:00').getTime()).key).toBe('2025');
  });

  it('is due on the last working day by default', () => {
    expect(periodDueOn(periodOf('monthly', atTimeVn('2025-08-10', '09:00').getTime()), calendar)).toBe('2025-08-29');
  });

  it('is due on the given day of the last month, moved back off days off and clipped to short months', () => {
    const feb2026 = periodOf('monthly', atTimeVn('2026-02-01', '09:00').getTime());
    expect(periodDueOn(feb2026, calendar, 20)).toBe('2026-02-13');
    expect(periodDueOn(feb2026, calendar, 31)).toBe('2026-02-27');
    const q1 = periodOf('quarterly', atTimeVn('2026-01-05', '09:00').getTime());
    expect(periodDueOn(q1, calendar, 15)).toBe('2026-03-13');
    expect(periodDueRule('quarterly', 15)).toBe("recurring quarterly: day 15 of the period's last month");
  });
});
