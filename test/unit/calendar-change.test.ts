import { describe, expect, it } from 'vitest';
import { calendarFor, isWorkingDay, WEEKENDS_ONLY } from '../../domain/calendar';
import { calendarChangeReach, movedSteps, sameCalendarDays, withCalendarYear } from '../../domain/calendar-change';
import { OFFICIAL_CALENDAR_YEARS } from '../../data/calendar';
import { planTimeline, DEFAULT_POLICY } from '../../domain/policy';

describe('a year swapped into a running calendar', () => {
  const official = calendarFor(OFFICIAL_CALENDAR_YEARS);

  it("replaces that year's days only and makes it official", () => {
    const changed = withCalendarYear(official, 2027, { daysOff: ['2027-03-15', '2026-12-31'], workingSaturdays: ['2027-03-20'] });
    expect(changed.daysOff.filter((d) => d.startsWith('2027'))).toEqual(['2027-03-15']);
    expect(changed.daysOff.filter((d) => d.startsWith('2025'))).toEqual(official.daysOff.filter((d) => d.startsWith('2025')));
    expect(changed.officialYears).toContain(2027);
    expect(isWorkingDay(changed, '2027-03-15')).toBe(false);
    expect(isWorkingDay(changed, '2027-03-20')).toBe(true);
    // Tết 2027 was the statutory forecast; the official 2027 given here has none, so it is worked.
    expect(isWorkingDay(official, '2027-02-08')).toBe(false);
    expect(isWorkingDay(changed, '2027-02-08')).toBe(true);
  });

  it('replaces an official year, and keeps a calendar without official years so', () => {
    const moved = withCalendarYear(official, 2026, { daysOff: ['2026-06-01'], workingSaturdays: [] });
    expect(moved.daysOff.filter((d) => d.startsWith('2026'))).toEqual(['2026-06-01']);
    const legacy = withCalendarYear(WEEKENDS_ONLY, 2026, { daysOff: ['2026-06-01'], workingSaturdays: [] });
    expect(legacy).toEqual({ daysOff: ['2026-06-01'], workingSaturdays: [] });
    expect(isWorkingDay(legacy, '2027-02-08')).toBe(true);
  });

  it('tells the same days from changed ones', () => {
    const days = {
      daysOff: official.daysOff.filter((d) => d.startsWith('2026')),
      workingSaturdays: official.workingSaturdays.filter((d) => d.startsWith('2026')),
    };
    expect(sameCalendarDays(official, withCalendarYear(official, 2026, days))).toBe(true);
    expect(sameCalendarDays(official, withCalendarYear(official, 2026, { ...days, daysOff: [...days.daysOff, '2026-06-01'] }))).toBe(false);
  });

  it('reaches due dates from the year before to the year after', () => {
    expect(calendarChangeReach(2027)).toEqual({ dueFrom: '2026-01-01', dueTo: '2028-12-31' });
  });

  it('names the steps a new day off moved', () => {
    const before = planTimeline(DEFAULT_POLICY, '2026-06-10', official);
    const after = planTimeline(
      DEFAULT_POLICY,
      '2026-06-10',
      withCalendarYear(official, 2026, {
        daysOff: [...official.daysOff.filter((d) => d.startsWith('2026')), '2026-06-08', '2026-06-11'],
        workingSaturdays: official.workingSaturdays.filter((d) => d.startsWith('2026')),
      }),
    );
    const moved = movedSteps(before, after);
    expect(moved.length).toBeGreaterThan(0);
    for (const m of moved) expect(m.from).not.toBe(m.to);
    expect(movedSteps(before, before)).toEqual([]);
  });
});
