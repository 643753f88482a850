import { describe, expect, it } from 'vitest';
import { OFFICIAL_CALENDAR_YEARS } from '../../data/calendar';
import { calendarYearSchema } from '../../domain/calendar-schema';
import { statutoryCalendar, statutoryHolidays } from '../../domain/statutory-holidays';

const offDays = (year: number) => statutoryCalendar(year).daysOff.map((d) => d.date);

describe('the statutory calendar (Labour Code 2019 art. 111–112)', () => {
  it('is a valid calendar year for any year', () => {
    for (const year of [2021, 2027, 2028, 2035, 2050, 2100])
      expect(calendarYearSchema.safeParse(statutoryCalendar(year)).success, String(year)).toBe(true);
  });

  it('2027: Tết around Saturday 6 Feb with days in lieu, Hùng Kings, 30/4 – 1/5 with a day in lieu, National Day', () => {
    expect(offDays(2027)).toEqual([
      '2027-01-01',
      // Tết: 30 Chạp Fri 5, mùng 1–4 Sat 6 – Tue 9; Sat and Sun taken on Wed 10 and Thu 11.
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
      '2027-04-16', // 10/3 lunar, a Friday
      '2027-04-30',
      '2027-05-01',
      '2027-05-03', // 1 May a Saturday → Monday 3 May
      '2027-09-02',
      '2027-09-03', // Thursday 2 Sep and the Friday after
    ]);
  });

  it('matches the holidays of the official years where the Government did not move them', () => {
    for (const official of OFFICIAL_CALENDAR_YEARS) {
      const statutory = new Set(offDays(official.year));
      const fixed = official.daysOff.map((d) => d.date).filter((d) => /-(01-01|04-30|05-01|09-02)$/.test(d));
      for (const d of fixed) expect(statutory.has(d), d).toBe(true);
    }
    // Hùng Kings 2026 falls on Sunday 26 April: the official notice gives Monday 27 April in lieu, as does art. 111.
    expect(offDays(2026)).toEqual(expect.arrayContaining(['2026-04-26', '2026-04-27']));
    // National Day's neighbour: 2024 (Mon) 3 Sep, 2025 (Tue) 1 Sep, 2026 (Wed) 1 Sep, as the notices gave.
    expect(offDays(2024)).toContain('2024-09-03');
    expect(offDays(2025)).toContain('2025-09-01');
    expect(offDays(2026)).toContain('2026-09-01');
  });

  it('gives a day in lieu for every holiday on a weekend, on the next day that is neither weekend nor holiday', () => {
    // 2028: Sat 1 Jan → Mon 3 Jan; Tết Tue 25 – Sat 29 Jan → Mon 31 Jan; Sat 2 Sep (+ Fri 1 Sep) → Mon 4 Sep.
    expect(offDays(2028)).toEqual(expect.arrayContaining(['2028-01-03', '2028-01-31', '2028-09-01', '2028-09-04']));
    // 2033: Sat 30 April and Sun 1 May → Mon 2 and Tue 3 May.
    expect(offDays(2033)).toEqual(expect.arrayContaining(['2033-05-02', '2033-05-03']));
    for (const year of [2027, 2028, 2029, 2030, 2031, 2032, 2033]) {
      const weekendHolidays = statutoryHolidays(year).filter((h) => [0, 6].includes(new Date(`${h.date}T00:00:00Z`).getUTCDay())).length;
      expect(offDays(year).length, String(year)).toBe(statutoryHolidays(year).length + weekendHolidays);
    }
  });

  it('names its source as provisional', () => {
    expect(statutoryCalendar(2030).sources[0]!.note).toMatch(/Provisional/);
  });
});
