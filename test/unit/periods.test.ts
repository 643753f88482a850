import { describe, expect, it } from 'vitest';
import { OFFICIAL_CALENDAR_YEARS } from '../../data/calendar';
import { mergeCalendarYears } from '../../domain/calendar';
import { atTimeVn } from '../../domain/dates';
import { dataCutOff, PERIOD_START_MONTHS, periodDueOn, periodDueRule, periodOf } from '../../domain/periods';

const calendar = mergeCalendarYears(OFFICIAL_CALENDAR_YEARS);

describe('recurring periods', () => {
  it('finds the period an instant falls in, in Vietnam time', () => {
    // 31 Dec 2025 18:00 UTC is already 1 January 2026 in Vietnam.
    expect(periodOf('monthly', Date.parse('2025-12-31T18:00:00Z')).key).toBe('2026-01');
    expect(periodOf('quarterly', atTimeVn('2025-08-15', '09:00').getTime())).toMatchObject({
      key: '2025-Q3',
      label: 'quý III/2025',
      lastDay: '2025-09-30',
    });
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

describe('half-yearly periods', () => {
  it('are the first and second half of the year, starting in January and July', () => {
    expect(periodOf('half_yearly', atTimeVn('2025-03-10', '09:00').getTime())).toEqual({
      key: '2025-H1',
      label: '6 tháng đầu năm 2025',
      lastDay: '2025-06-30',
    });
    expect(periodOf('half_yearly', atTimeVn('2025-07-01', '00:05').getTime())).toEqual({
      key: '2025-H2',
      label: '6 tháng cuối năm 2025',
      lastDay: '2025-12-31',
    });
    // 30 June 2025 20:00 UTC is 1 July in Vietnam: the second half.
    expect(periodOf('half_yearly', Date.parse('2025-06-30T20:00:00Z')).key).toBe('2025-H2');
    expect(PERIOD_START_MONTHS.half_yearly).toEqual(['JANUARY', 'JULY']);
    // Two periods a year, each once: the start of each start month falls in a different period.
    const keys = ['01', '07'].map((m) => periodOf('half_yearly', atTimeVn(`2026-${m}-01`, '00:05').getTime()).key);
    expect(keys).toEqual(['2026-H1', '2026-H2']);
  });

  it('are due on the last working day or on the given day of the period\u2019s last month', () => {
    const h2 = periodOf('half_yearly', atTimeVn('2025-09-01', '09:00').getTime());
    expect(periodDueOn(h2, calendar)).toBe('2025-12-31');
    expect(periodDueOn(h2, calendar, 20)).toBe('2025-12-19');
    expect(periodDueRule('half_yearly', null)).toBe('recurring half_yearly: last working day of the period');
  });
});

describe('Decree 09/2019 data cut-off', () => {
  const at = (date: string) => atTimeVn(date, '09:00').getTime();
  it('runs from the 15th of the month before the period to the 14th of its last month', () => {
    expect(dataCutOff('monthly', periodOf('monthly', at('2025-03-10')))).toEqual({ from: '2025-02-15', to: '2025-03-14' });
    expect(dataCutOff('monthly', periodOf('monthly', at('2025-01-10')))).toEqual({ from: '2024-12-15', to: '2025-01-14' });
    expect(dataCutOff('quarterly', periodOf('quarterly', at('2025-05-10')))).toEqual({ from: '2025-03-15', to: '2025-06-14' });
    expect(dataCutOff('quarterly', periodOf('quarterly', at('2025-02-10')))).toEqual({ from: '2024-12-15', to: '2025-03-14' });
    expect(dataCutOff('half_yearly', periodOf('half_yearly', at('2025-02-10')))).toEqual({ from: '2024-12-15', to: '2025-06-14' });
    expect(dataCutOff('half_yearly', periodOf('half_yearly', at('2025-08-10')))).toEqual({ from: '2025-06-15', to: '2025-12-14' });
    expect(dataCutOff('yearly', periodOf('yearly', at('2025-08-10')))).toEqual({ from: '2024-12-15', to: '2025-12-14' });
  });
});
