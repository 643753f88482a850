import { describe, expect, it } from 'vitest';
import { dateRefusal, DATE_IN_RANGE_PATTERN, EARLIEST_DATE, instantRefusal, isDateInRange, LATEST_DATE } from '../../domain/dates';
import { isoDate, isoDateTime } from '../../services/input-pieces';

describe('the one range of dates', () => {
  it('takes real dates from 1900-01-01 to 2199-12-31 and nothing else', () => {
    expect([EARLIEST_DATE, LATEST_DATE]).toEqual(['1900-01-01', '2199-12-31']);
    for (const d of ['1900-01-01', '2024-02-29', '2199-12-31']) expect(isDateInRange(d), d).toBe(true);
    for (const d of ['1899-12-31', '2200-01-01', '9999-12-31', '0000-01-01', '10000-01-01', '2024-02-30', 'x']) {
      expect(isDateInRange(d), d).toBe(false);
    }
    expect(dateRefusal('9999-12-31')).toBe('must be between 1900-01-01 and 2199-12-31');
    expect(dateRefusal('2024-02-30')).toBe('must be a real date written YYYY-MM-DD');
    expect(dateRefusal('2024-02-29')).toBeNull();
  });

  it('states the range as a pattern that agrees with the check on every year', () => {
    const pattern = new RegExp(DATE_IN_RANGE_PATTERN);
    for (let year = 1800; year <= 2300; year += 1) {
      const d = `${year}-06-15`;
      expect(pattern.test(d), d).toBe(isDateInRange(d));
    }
  });

  it('judges an instant by the date it falls on in Vietnam', () => {
    expect(instantRefusal('9999-12-31T23:59:59Z')).toBe('must fall on a date in Vietnam between 1900-01-01 and 2199-12-31');
    // 17:00 UTC on the last day is already the next day in Vietnam (UTC+7).
    expect(instantRefusal('2199-12-31T17:00:00Z')).not.toBeNull();
    expect(instantRefusal('2199-12-31T16:59:59Z')).toBeNull();
    expect(instantRefusal('2027-12-15T17:00:00+07:00')).toBeNull();
  });

  it('is the check of every date and date-time field, with the range in the message', () => {
    const dateIssues = isoDate.safeParse('9999-12-31').error?.issues.map((i) => i.message);
    expect(dateIssues).toEqual(['must be between 1900-01-01 and 2199-12-31']);
    const timeIssues = isoDateTime.safeParse('9999-12-31T23:59:59Z').error?.issues.map((i) => i.message);
    expect(timeIssues).toEqual(['must fall on a date in Vietnam between 1900-01-01 and 2199-12-31']);
    expect(isoDateTime.safeParse('tomorrow').error?.issues.map((i) => i.message)).toEqual([
      'must be an ISO-8601 date-time with offset, e.g. 2024-05-10T17:00:00+07:00',
    ]);
    expect(isoDate.safeParse('2024-05-10').success).toBe(true);
    expect(isoDateTime.safeParse('2024-05-10T17:00:00+07:00').success).toBe(true);
  });
});
