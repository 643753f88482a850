/** Recurrences and their due days as notices write them (issue 30.7: "ngày 20 hằng tháng" was not read). */
import { describe, expect, it } from 'vitest';
import { findRecurrence } from '../../domain/recurrence-day';

describe('findRecurrence', () => {
  it('reads a monthly report due on a day of every month', () => {
    const text = 'báo cáo định kỳ hằng tháng, trước ngày 20 hằng tháng về Bộ Công an để tổng hợp.';
    expect(findRecurrence(text)).toMatchObject({
      frequency: 'monthly',
      day: 20,
      dayOf: 'every_month',
      phrase: 'định kỳ hằng tháng, trước ngày 20 hằng tháng',
    });
  });

  it('reads the day alone: "trước ngày 05 hằng tháng" is monthly', () => {
    expect(findRecurrence('Báo cáo trước ngày 05 hằng tháng.')).toMatchObject({ frequency: 'monthly', day: 5, dayOf: 'every_month' });
  });

  it('reads a day of the last month of a quarter, a half year and a year', () => {
    expect(findRecurrence('hằng quý, trước ngày 05 của tháng cuối quý')).toMatchObject({
      frequency: 'quarterly',
      day: 5,
      dayOf: 'last_month_of_period',
    });
    expect(findRecurrence('báo cáo định kỳ 6 tháng, trước ngày 20 của tháng cuối kỳ báo cáo')).toMatchObject({
      frequency: 'half_yearly',
      day: 20,
      dayOf: 'last_month_of_period',
    });
    expect(findRecurrence('báo cáo trước ngày 15 tháng cuối năm')).toMatchObject({ frequency: 'yearly', day: 15 });
  });

  it('reads a recurrence without a day, and text without diacritics, across a line break', () => {
    expect(findRecurrence('báo cáo Thủ tướng Chính phủ hằng quý.')).toMatchObject({ frequency: 'quarterly', day: null, dayOf: null });
    expect(findRecurrence('bao cao dinh ky hang\nthang, truoc ngay 25 hang thang')).toMatchObject({ frequency: 'monthly', day: 25 });
  });

  it('answers the phrase as written with its place in the text', () => {
    const text = 'Bộ Tài chính báo cáo định kỳ hằng quý, trước ngày 10 của tháng cuối quý.';
    const found = findRecurrence(text)!;
    expect(text.slice(found.start, found.end)).toBe(found.phrase);
    expect(found.phrase).toBe('định kỳ hằng quý, trước ngày 10 của tháng cuối quý');
  });

  it('names no recurrence for one period, a weekly report, or a date', () => {
    expect(findRecurrence('hoàn thành trong 6 tháng đầu năm 2025')).toBeNull();
    expect(findRecurrence('báo cáo tình hình hằng tuần về Văn phòng Chính phủ')).toBeNull();
    expect(findRecurrence('trình Chính phủ trước ngày 15/12/2026')).toBeNull();
  });

  it('does not take a day of every month for a quarterly report', () => {
    expect(findRecurrence('báo cáo hằng quý, trước ngày 20 hằng tháng')).toMatchObject({ frequency: 'quarterly', day: null });
  });
});

describe('findRecurrence and attributes', () => {
  it('does not read "ngân sách hằng năm" (each year\'s budget) as a yearly report', () => {
    expect(findRecurrence('Bố trí tối thiểu 3% tổng chi ngân sách hằng năm cho chuyển đổi số, hoàn thành trong năm 2025')).toBeNull();
  });
});
