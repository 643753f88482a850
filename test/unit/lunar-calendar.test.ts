import { describe, expect, it } from 'vitest';
import { lunarFromSolar, lunarNewYear, solarFromLunar } from '../../domain/lunar-calendar';

/** Mùng 1 Tết as Vietnam kept it (Government holiday notices; Hồ Ngọc Đức's tables). */
const KNOWN_NEW_YEARS: Record<number, string> = {
  1985: '1985-01-21', // Vietnam at UTC+7; China (UTC+8) kept 20 February
  2000: '2000-02-05',
  2007: '2007-02-17', // China: 18 February
  2010: '2010-02-14',
  2015: '2015-02-19',
  2017: '2017-01-28',
  2018: '2018-02-16',
  2019: '2019-02-05',
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
};

describe('the Vietnamese lunar calendar (UTC+7)', () => {
  it('gives the known lunar new-year dates', () => {
    for (const [year, date] of Object.entries(KNOWN_NEW_YEARS)) expect(lunarNewYear(Number(year)), year).toBe(date);
  });

  it('gives the Hùng Kings\u2019 day (10/3 lunar) of the official calendars', () => {
    expect(solarFromLunar({ year: 2024, month: 3, day: 10, leap: false })).toBe('2024-04-18');
    expect(solarFromLunar({ year: 2025, month: 3, day: 10, leap: false })).toBe('2025-04-07');
    expect(solarFromLunar({ year: 2026, month: 3, day: 10, leap: false })).toBe('2026-04-26');
    expect(solarFromLunar({ year: 2023, month: 3, day: 10, leap: false })).toBe('2023-04-29');
  });

  it('converts both ways, leap months included', () => {
    expect(lunarFromSolar('2024-02-09')).toEqual({ year: 2023, month: 12, day: 30, leap: false });
    expect(lunarFromSolar('2025-01-28')).toEqual({ year: 2024, month: 12, day: 29, leap: false });
    // 2023 repeated its second month (tháng 2 nhuận from 22 March).
    expect(lunarFromSolar('2023-03-22')).toEqual({ year: 2023, month: 2, day: 1, leap: true });
    expect(solarFromLunar({ year: 2023, month: 2, day: 1, leap: true })).toBe('2023-03-22');
    for (const date of ['2020-05-23', '2024-12-31', '2031-07-15', '1999-01-01'])
      expect(solarFromLunar(lunarFromSolar(date)), date).toBe(date);
    expect(() => solarFromLunar({ year: 2024, month: 2, day: 1, leap: true })).toThrow(RangeError);
    expect(() => solarFromLunar({ year: 2024, month: 13, day: 1, leap: false })).toThrow(RangeError);
  });
});
