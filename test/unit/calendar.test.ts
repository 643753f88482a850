import { describe, expect, it } from 'vitest';
import { OFFICIAL_CALENDAR_YEARS, officialCalendar } from '../../data/calendar';
import vn2024 from '../../data/calendar/vn-2024.json' with { type: 'json' };
import vn2025 from '../../data/calendar/vn-2025.json' with { type: 'json' };
import vn2026 from '../../data/calendar/vn-2026.json' with { type: 'json' };
import {
  addWorkingDays,
  calendarFor,
  calendarYearOrStatutory,
  isProvisionalYear,
  isWorkingDay,
  provisionalYearsBetween,
  touchesProvisionalYear,
  mergeCalendarYears,
  WEEKENDS_ONLY,
  workingDayOnOrAfter,
  workingDayOnOrBefore,
  workingDaysBetween,
  type CalendarData,
  type CalendarYear,
} from '../../domain/calendar';
import { calendarYearSchema } from '../../domain/calendar-schema';
import { addDays, weekday } from '../../domain/dates';

const cal = officialCalendar();

describe('the official calendar files', () => {
  it('validate against the schema, one file per year 2024–2026', () => {
    for (const file of [vn2024, vn2025, vn2026]) expect(calendarYearSchema.safeParse(file).success).toBe(true);
    expect(OFFICIAL_CALENDAR_YEARS.map((y) => y.year)).toEqual([2024, 2025, 2026]);
  });

  it('list only weekdays as days off and only Saturdays as make-up days, each replacing a listed day off', () => {
    for (const year of OFFICIAL_CALENDAR_YEARS) {
      for (const d of year.daysOff) expect([1, 2, 3, 4, 5], d.date).toContain(weekday(d.date));
      for (const s of year.workingSaturdays) {
        expect(weekday(s.date), s.date).toBe(6);
        expect(year.daysOff.map((d) => d.date)).toContain(s.replaces);
      }
    }
  });

  it('give each year the 11 paid holidays of Labour Code art. 112: swaps move days, they do not add any', () => {
    const workingDaysIn = (year: number) => workingDaysBetween(cal, `${year - 1}-12-31`, `${year}-12-31`);
    // 2024 has 262 weekdays, 2025 and 2026 have 261; each loses 11 holidays, make-up Saturdays give back the swaps.
    expect(workingDaysIn(2024)).toBe(262 - 11);
    expect(workingDaysIn(2025)).toBe(261 - 11);
    expect(workingDaysIn(2026)).toBe(261 - 11);
  });

  it('has the announced breaks', () => {
    const off = (from: string, to: string) => {
      const days: string[] = [];
      for (let d = from; d <= to; d = addDays(d, 1)) if (!isWorkingDay(cal, d)) days.push(d);
      return days;
    };
    // Tết 2024: Thursday 8 – Wednesday 14 February.
    expect(off('2024-02-07', '2024-02-15')).toEqual([
      '2024-02-08',
      '2024-02-09',
      '2024-02-10',
      '2024-02-11',
      '2024-02-12',
      '2024-02-13',
      '2024-02-14',
    ]);
    // Tết 2025: Saturday 25 January – Sunday 2 February.
    expect(off('2025-01-24', '2025-02-03')).toEqual([
      '2025-01-25',
      '2025-01-26',
      '2025-01-27',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-02-01',
      '2025-02-02',
    ]);
    // Tết 2026: Saturday 14 – Sunday 22 February.
    expect(off('2026-02-13', '2026-02-23')).toEqual([
      '2026-02-14',
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
    ]);
    // National Day: 31 Aug – 3 Sep 2024, 30 Aug – 2 Sep 2025, 29 Aug – 2 Sep 2026.
    expect(off('2024-08-30', '2024-09-04')).toEqual(['2024-08-31', '2024-09-01', '2024-09-02', '2024-09-03']);
    expect(off('2025-08-29', '2025-09-03')).toEqual(['2025-08-30', '2025-08-31', '2025-09-01', '2025-09-02']);
    expect(off('2026-08-28', '2026-09-03')).toEqual(['2026-08-29', '2026-08-30', '2026-08-31', '2026-09-01', '2026-09-02']);
    // 30 April – 1 May: 27 Apr – 1 May 2024, 30 Apr – 4 May 2025, 30 Apr – 3 May 2026.
    expect(off('2024-04-26', '2024-05-02')).toEqual(['2024-04-27', '2024-04-28', '2024-04-29', '2024-04-30', '2024-05-01']);
    expect(off('2025-04-29', '2025-05-05')).toEqual(['2025-04-30', '2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04']);
    expect(off('2026-04-29', '2026-05-04')).toEqual(['2026-04-30', '2026-05-01', '2026-05-02', '2026-05-03']);
    // Hung Kings: Thu 18 Apr 2024, Mon 7 Apr 2025, Sun 26 Apr 2026 compensated on Monday 27.
    expect(isWorkingDay(cal, '2024-04-18')).toBe(false);
    expect(isWorkingDay(cal, '2025-04-07')).toBe(false);
    expect(off('2026-04-24', '2026-04-28')).toEqual(['2026-04-25', '2026-04-26', '2026-04-27']);
    // New Year: one day in 2024 and 2025; 1–4 January 2026 with Friday 2 swapped.
    expect(off('2023-12-31', '2024-01-02')).toEqual(['2023-12-31', '2024-01-01']);
    expect(off('2024-12-31', '2025-01-02')).toEqual(['2025-01-01']);
    expect(off('2025-12-31', '2026-01-05')).toEqual(['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04']);
  });
});

describe('isWorkingDay', () => {
  it('is Monday–Friday without days off, plus make-up Saturdays', () => {
    expect(isWorkingDay(cal, '2024-02-15')).toBe(true); // Thursday after Tết
    expect(isWorkingDay(cal, '2024-02-10')).toBe(false); // Saturday, Tết
    expect(isWorkingDay(cal, '2024-04-29')).toBe(false); // Monday swapped off
    expect(isWorkingDay(cal, '2024-05-04')).toBe(true); // the Saturday worked for it
    expect(isWorkingDay(cal, '2024-05-11')).toBe(false); // an ordinary Saturday
    expect(isWorkingDay(cal, '2025-04-26')).toBe(true);
    expect(isWorkingDay(cal, '2026-01-10')).toBe(true);
    expect(isWorkingDay(cal, '2026-08-22')).toBe(true);
    expect(isWorkingDay(cal, '2026-11-24')).toBe(true); // Vietnam Culture Day: not (yet) a day off in law
    expect(isWorkingDay(WEEKENDS_ONLY, '2024-09-02')).toBe(true);
    expect(isWorkingDay(WEEKENDS_ONLY, '2024-09-07')).toBe(false);
  });

  it('honours a listed working Sunday too', () => {
    const sunday: CalendarData = { daysOff: [], workingSaturdays: ['2024-05-05'] };
    expect(isWorkingDay(sunday, '2024-05-05')).toBe(true);
  });

  it('answers the same for a copy of the data (the cache is per object, not per content)', () => {
    const copy: CalendarData = JSON.parse(JSON.stringify(cal));
    for (const d of ['2024-04-29', '2024-05-04', '2025-09-01', '2026-02-18']) expect(isWorkingDay(copy, d)).toBe(isWorkingDay(cal, d));
  });
});

describe('addWorkingDays', () => {
  it('jumps over Tết', () => {
    // Wednesday 7 Feb 2024 → Thursday 15 Feb; and back.
    expect(addWorkingDays(cal, '2024-02-07', 1)).toBe('2024-02-15');
    expect(addWorkingDays(cal, '2024-02-15', -1)).toBe('2024-02-07');
    // Friday 24 Jan 2025 → Monday 3 Feb; five working days later → Friday 7 Feb.
    expect(addWorkingDays(cal, '2025-01-24', 1)).toBe('2025-02-03');
    expect(addWorkingDays(cal, '2025-01-24', 5)).toBe('2025-02-07');
    // Thursday 12 Feb 2026 + 3 → Fri 13, Mon 23, Tue 24.
    expect(addWorkingDays(cal, '2026-02-12', 3)).toBe('2026-02-24');
    expect(addWorkingDays(cal, '2026-02-24', -3)).toBe('2026-02-12');
  });

  it('jumps over National Day and counts make-up Saturdays', () => {
    expect(addWorkingDays(cal, '2024-08-30', 1)).toBe('2024-09-04');
    expect(addWorkingDays(cal, '2025-08-29', 1)).toBe('2025-09-03');
    expect(addWorkingDays(cal, '2026-08-28', 1)).toBe('2026-09-03');
    // Friday 21 Aug 2026 → Saturday 22 Aug, worked for Monday 31 Aug.
    expect(addWorkingDays(cal, '2026-08-21', 1)).toBe('2026-08-22');
    expect(addWorkingDays(cal, '2026-08-24', -1)).toBe('2026-08-22');
  });

  it('counts the swapped Saturdays of 30 April', () => {
    // Friday 26 Apr 2024: Mon 29 – Wed 1 May are off; Thu 2, Fri 3, Sat 4 (made up).
    expect(addWorkingDays(cal, '2024-04-26', 1)).toBe('2024-05-02');
    expect(addWorkingDays(cal, '2024-04-26', 3)).toBe('2024-05-04');
    expect(addWorkingDays(cal, '2024-05-06', -2)).toBe('2024-05-03');
    // 2025: Friday 25 Apr → Saturday 26 Apr (worked for Friday 2 May); Tuesday 29 Apr → Monday 5 May.
    expect(addWorkingDays(cal, '2025-04-25', 1)).toBe('2025-04-26');
    expect(addWorkingDays(cal, '2025-04-29', 1)).toBe('2025-05-05');
    // 2026: Hung Kings compensated on Monday 27 Apr, then 30 Apr – 1 May.
    expect(addWorkingDays(cal, '2026-04-24', 1)).toBe('2026-04-28');
    expect(addWorkingDays(cal, '2026-04-29', 1)).toBe('2026-05-04');
  });

  it('returns the date itself for n = 0, working day or not', () => {
    expect(addWorkingDays(cal, '2025-01-29', 0)).toBe('2025-01-29');
    expect(addWorkingDays(WEEKENDS_ONLY, '2024-05-11', 0)).toBe('2024-05-11');
  });

  it('skips only weekends on WEEKENDS_ONLY', () => {
    expect(addWorkingDays(WEEKENDS_ONLY, '2024-05-10', 1)).toBe('2024-05-13');
    expect(addWorkingDays(WEEKENDS_ONLY, '2024-05-13', -1)).toBe('2024-05-10');
    expect(addWorkingDays(WEEKENDS_ONLY, '2024-09-02', 10)).toBe('2024-09-16');
  });

  it('goes there and back again from any working day', () => {
    for (let d = '2023-12-20'; d <= '2027-01-10'; d = addDays(d, 5)) {
      const start = workingDayOnOrAfter(cal, d);
      for (const n of [1, 3, 7, 15]) {
        const end = addWorkingDays(cal, start, n);
        expect(workingDaysBetween(cal, start, end)).toBe(n);
        expect(addWorkingDays(cal, end, -n)).toBe(start);
      }
    }
  });

  it('rejects a fractional count', () => {
    expect(() => addWorkingDays(cal, '2024-05-10', 1.5)).toThrow(RangeError);
  });
});

describe('workingDayOnOrBefore / workingDayOnOrAfter', () => {
  it('keep a working day and move a day off to the nearest working day', () => {
    expect(workingDayOnOrBefore(cal, '2024-05-10')).toBe('2024-05-10');
    expect(workingDayOnOrAfter(cal, '2024-05-10')).toBe('2024-05-10');
    expect(workingDayOnOrAfter(cal, '2024-04-18')).toBe('2024-04-19');
    expect(workingDayOnOrBefore(cal, '2025-02-02')).toBe('2025-01-24');
    expect(workingDayOnOrAfter(cal, '2025-01-29')).toBe('2025-02-03');
    expect(workingDayOnOrBefore(cal, '2025-09-02')).toBe('2025-08-29');
    expect(workingDayOnOrAfter(cal, '2026-01-01')).toBe('2026-01-05');
    expect(workingDayOnOrBefore(cal, '2026-08-30')).toBe('2026-08-28');
    expect(workingDayOnOrBefore(cal, '2024-05-05')).toBe('2024-05-04'); // the make-up Saturday
    expect(workingDayOnOrBefore(WEEKENDS_ONLY, '2024-05-12')).toBe('2024-05-10');
  });
});

describe('workingDaysBetween', () => {
  it('counts working days in (from, to]', () => {
    // (Fri 2 Feb, Fri 16 Feb 2024]: Mon 5, Tue 6, Wed 7, Thu 15, Fri 16.
    expect(workingDaysBetween(cal, '2024-02-02', '2024-02-16')).toBe(5);
    // (Sun 4 Jan, Sun 11 Jan 2026]: Mon 5 – Fri 9 and the make-up Saturday 10.
    expect(workingDaysBetween(cal, '2026-01-04', '2026-01-11')).toBe(6);
    // (Fri 21 Aug, Fri 4 Sep 2026]: Sat 22, Mon 24 – Fri 28, Thu 3, Fri 4.
    expect(workingDaysBetween(cal, '2026-08-21', '2026-09-04')).toBe(8);
    expect(workingDaysBetween(cal, '2024-05-10', '2024-05-10')).toBe(0);
    expect(workingDaysBetween(WEEKENDS_ONLY, '2024-05-13', '2024-05-10')).toBe(-1);
  });
});

describe('calendarYearSchema', () => {
  const valid: CalendarYear = {
    year: 2030,
    sources: [{ id: 'notice', title: 'A notice', url: 'https://example.gov.vn/notice' }],
    daysOff: [
      { date: '2030-01-01', name: "New Year's Day", source: 'notice' },
      { date: '2030-05-03', name: 'Swapped', source: 'notice' },
    ],
    workingSaturdays: [{ date: '2030-05-11', replaces: '2030-05-03', source: 'notice' }],
  };
  const problems = (data: unknown) => {
    const r = calendarYearSchema.safeParse(data);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts a well-formed year', () => {
    expect(problems(valid)).toEqual([]);
  });

  it('rejects impossible dates, dates outside the year, unknown sources and bad make-up days', () => {
    expect(problems({ ...valid, daysOff: [{ date: '2030-02-30', name: 'x', source: 'notice' }], workingSaturdays: [] }).join()).toContain(
      'daysOff.0.date',
    );
    expect(problems({ ...valid, daysOff: [...valid.daysOff, { date: '2031-01-01', name: 'x', source: 'notice' }] }).join()).toContain(
      'not in 2030',
    );
    expect(problems({ ...valid, daysOff: [{ date: '2030-01-01', name: 'x', source: 'nowhere' }], workingSaturdays: [] }).join()).toContain(
      'unknown source nowhere',
    );
    expect(problems({ ...valid, daysOff: [...valid.daysOff, valid.daysOff[0]] }).join()).toContain('listed twice');
    // 13 May 2030 is a Monday; 2030-05-06 is not a listed day off.
    expect(problems({ ...valid, workingSaturdays: [{ date: '2030-05-13', replaces: '2030-05-03', source: 'notice' }] }).join()).toContain(
      'not a Saturday or Sunday',
    );
    expect(problems({ ...valid, workingSaturdays: [{ date: '2030-05-11', replaces: '2030-05-06', source: 'notice' }] }).join()).toContain(
      'not listed as a day off',
    );
    expect(problems({ ...valid, sources: [] })).not.toEqual([]);
  });

  it('allows a make-up Saturday for a day off in the neighbouring year', () => {
    // e.g. Saturday 28 Dec 2030 worked for Thursday 2 Jan 2031.
    expect(problems({ ...valid, workingSaturdays: [{ date: '2030-12-28', replaces: '2031-01-02', source: 'notice' }] })).toEqual([]);
  });
});

describe('mergeCalendarYears', () => {
  it('merges years into sorted, unique plain data', () => {
    const merged = mergeCalendarYears([...OFFICIAL_CALENDAR_YEARS].reverse());
    expect(merged.daysOff).toEqual([...merged.daysOff].sort());
    expect(new Set(merged.daysOff).size).toBe(merged.daysOff.length);
    expect(merged.daysOff).toHaveLength(12 + 12 + 13);
    expect(merged.workingSaturdays).toEqual(['2024-05-04', '2025-04-26', '2026-01-10', '2026-08-22']);
    expect(JSON.parse(JSON.stringify(merged))).toEqual(merged);
    expect(mergeCalendarYears([])).toEqual(WEEKENDS_ONLY);
    expect(mergeCalendarYears([OFFICIAL_CALENDAR_YEARS[0]!, OFFICIAL_CALENDAR_YEARS[0]!]).daysOff).toHaveLength(12);
  });

  it('officialCalendar is the merge of the shipped years, other years statutory', () => {
    expect(officialCalendar()).toEqual(calendarFor(OFFICIAL_CALENDAR_YEARS));
    expect(officialCalendar().officialYears).toEqual([2024, 2025, 2026]);
    expect(officialCalendar()).toBe(officialCalendar());
  });
});

describe('official and statutory (provisional) years', () => {
  it('counts a year with no official schedule on the statutory calendar: Tết 2027', () => {
    // Monday 1 Feb 2027: 2, 3, 4 Feb; Tết and days in lieu Fri 5 – Thu 11; 12, 15 … 19, 22 Feb.
    expect(addWorkingDays(cal, '2027-02-01', 10)).toBe('2027-02-22');
    expect(addWorkingDays(WEEKENDS_ONLY, '2027-02-01', 10)).toBe('2027-02-15');
    expect(isWorkingDay(cal, '2027-05-03')).toBe(false);
    expect(isWorkingDay(cal, '2027-05-04')).toBe(true);
  });

  it('tells which years are provisional', () => {
    expect(isProvisionalYear(cal, 2026)).toBe(false);
    expect(isProvisionalYear(cal, 2027)).toBe(true);
    expect(isProvisionalYear(WEEKENDS_ONLY, 2027)).toBe(false);
    expect(provisionalYearsBetween(cal, '2029-03-01', '2025-01-01')).toEqual([2027, 2028, 2029]);
    expect(touchesProvisionalYear(cal, '2026-12-20', '2027-01-05')).toBe(true);
    expect(touchesProvisionalYear(cal, '2024-01-01', '2026-12-31')).toBe(false);
  });

  it('an official year replaces the statutory one', () => {
    const y2027 = {
      year: 2027,
      sources: [{ id: 'notice', title: 'a 2027 notice' }],
      daysOff: [{ date: '2027-02-12', name: 'Tết (swapped)', source: 'notice' }],
      workingSaturdays: [],
    };
    const withOfficial = calendarFor([...OFFICIAL_CALENDAR_YEARS, y2027]);
    expect(isProvisionalYear(withOfficial, 2027)).toBe(false);
    expect(isWorkingDay(withOfficial, '2027-02-08')).toBe(true);
    expect(isWorkingDay(withOfficial, '2027-02-12')).toBe(false);
    expect(calendarYearOrStatutory([...OFFICIAL_CALENDAR_YEARS, y2027], 2027)).toEqual({ calendar: y2027, provisional: false });
    expect(calendarYearOrStatutory(OFFICIAL_CALENDAR_YEARS, 2027).provisional).toBe(true);
    expect(calendarYearOrStatutory(OFFICIAL_CALENDAR_YEARS, 2027).calendar.daysOff.map((d) => d.date)).toContain('2027-02-08');
  });

  it('writes the forecast of the years asked for into plain data, which then counts as it says', () => {
    const written = calendarFor(OFFICIAL_CALENDAR_YEARS, [2026, 2027]);
    expect(written.provisionalYears).toEqual([2027]);
    expect(written.daysOff).toEqual(expect.arrayContaining(['2027-02-05', '2027-02-11']));
    expect(JSON.parse(JSON.stringify(written))).toEqual(written);
    expect(addWorkingDays(written, '2027-02-01', 10)).toBe('2027-02-22');
    expect(isProvisionalYear(written, 2027)).toBe(true);
    // A written-out year is read from its lists, not recomputed.
    const edited = { ...written, daysOff: written.daysOff.filter((d) => d !== '2027-02-11') };
    expect(isWorkingDay(edited, '2027-02-11')).toBe(true);
  });
});
