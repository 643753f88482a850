import { describe, expect, it } from 'vitest';
import { officialCalendar } from '../../data/calendar';
import { WEEKENDS_ONLY } from '../../domain/calendar';
import { DEADLINE_RULES, resolveDeadline, type DeadlineResolution } from '../../domain/deadlines';

const cal = officialCalendar();
/** The issue date DEADLINE_RULES' examples are written for. */
const ISSUED = '2024-01-15';

const due = (text: string, issuedOn = ISSUED) => {
  const r = resolveDeadline(text, issuedOn, cal);
  return r.ok && !r.recurring ? r.dueOn : `${r.ok ? r.rule : r.code}`;
};
const ruleOf = (text: string, issuedOn = ISSUED, receivedOn?: string) => {
  const r = resolveDeadline(text, issuedOn, cal, { receivedOn });
  return r.ok ? r.rule : r.code;
};
const failure = (text: string, issuedOn = ISSUED) => {
  const r = resolveDeadline(text, issuedOn, cal);
  if (r.ok) throw new Error(`"${text}" resolved: ${JSON.stringify(r)}`);
  return r;
};

/**
 * The date each documented example gives for ISSUED (Monday 15 January 2024), each checked by hand. Day counts
 * start the day after; a count ending in a day off ends on the next working day (Tết 2024 is 8–14 February);
 * periods end on their last calendar day. Examples that recur or fail have no date.
 */
const DOCUMENTED_DUE_DATES: Record<string, string> = {
  'explicit_date: Complete the Steering Committee on digital transformation before May 10, 2024': '2024-05-10',
  'explicit_date: before June 30, 2024': '2024-06-30',
  'explicit_date: trước ngày 30/6/2024': '2024-06-30',
  'explicit_date: chậm nhất ngày 15 tháng 6 năm 2024': '2024-06-15',
  'explicit_date: hoàn thành trước ngày 10/5/2024': '2024-05-10',
  'explicit_date: 2024-06-15': '2024-06-15',
  'explicit_date: the 15th of June 2024': '2024-06-15',
  'explicit_date: 15/06/2024': '2024-06-15',
  // The notice's own date (05/01/2024) is a reference, not the deadline.
  'explicit_date: Thực hiện Thông báo số 12/TB-VPCP ngày 05/01/2024, báo cáo trước ngày 31/3/2024': '2024-03-31',
  // The time of day (dueAt, 17:00 in Vietnam) is on top of the date.
  'explicit_date: trước 17h00 ngày 30/6/2024': '2024-06-30',
  'explicit_date_without_year: trước ngày 30/6': '2024-06-30',
  'explicit_date_without_year: trước 31/12': '2024-12-31',
  // On or after the issue date: the issue day itself, not next year.
  'explicit_date_without_year: trước ngày 15/01': '2024-01-15',
  'explicit_date_without_year: by June 30': '2024-06-30',
  'explicit_date_without_year: chậm nhất ngày 15 tháng 12': '2024-12-15',
  'within_days: within 15 days': '2024-01-30',
  'within_days: trong vòng 15 ngày': '2024-01-30',
  // Day 30 is 14 February, the last day of Tết: the next working day.
  'within_days: trong thời hạn 30 (ba mươi) ngày kể từ ngày ký': '2024-02-15',
  // From 1 February, day 10 is 11 February, in Tết: the next working day.
  'within_days: trong 10 ngày kể từ ngày 01/02/2024': '2024-02-15',
  'within_days: trong vòng mười lăm ngày': '2024-01-30',
  'within_days: within fifteen days': '2024-01-30',
  // Working days 16–19, 22–26, 29 January.
  'within_working_days: within 10 working days': '2024-01-29',
  'within_working_days: trong 10 ngày làm việc': '2024-01-29',
  'within_working_days: không quá 5 ngày làm việc': '2024-01-22',
  'within_working_days: trong thời hạn 05 ngày làm việc': '2024-01-22',
  'within_weeks: within 2 weeks': '2024-01-29',
  'within_weeks: trong 2 tuần': '2024-01-29',
  'within_weeks: trong hai tuần': '2024-01-29',
  'within_months: within 3 months': '2024-04-15',
  'within_months: trong vòng 3 tháng': '2024-04-15',
  'within_months: within one month': '2024-02-15',
  'within_months: trong ba tháng': '2024-04-15',
  'within_years: within 2 years': '2026-01-15',
  'within_years: trong 2 năm': '2026-01-15',
  // Received Wednesday 17 January: working days 18, 19, 22, 23, 24; fifteen days end Thursday 1 February.
  'from_receipt: trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản này': '2024-01-24',
  'from_receipt: within 15 days of receipt': '2024-02-01',
  // No receipt date: counted from the issue date.
  'from_receipt_assumed_issue_date: trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản này': '2024-01-22',
  'from_receipt_assumed_issue_date: trong 10 ngày kể từ ngày nhận được': '2024-01-25',
  'month: in May 2024': '2024-05-31',
  'month: before December 2024': '2024-12-31',
  'month: by December 2025': '2025-12-31',
  'month: August 2025': '2025-08-31',
  'month: trong tháng 5/2024': '2024-05-31',
  'month: tháng 9/2025': '2025-09-30',
  'month: tháng 5 năm 2024': '2024-05-31',
  'month: thang 5/2024': '2024-05-31',
  'month_without_year: in May': '2024-05-31',
  'month_without_year: trong tháng 9': '2024-09-30',
  'quarter: in the second quarter of 2024': '2024-06-30',
  'quarter: Q4 2025': '2025-12-31',
  'quarter: quý II/2024': '2024-06-30',
  'quarter: quý 2 năm 2024': '2024-06-30',
  'quarter: quy IV/2024': '2024-12-31',
  'quarter_without_year: trong quý III': '2024-09-30',
  'quarter_without_year: in the third quarter': '2024-09-30',
  'half_year: first half of 2024': '2024-06-30',
  'half_year: 6 tháng đầu năm 2024': '2024-06-30',
  'half_year: 6 tháng cuối năm 2025': '2025-12-31',
  'half_year: second half of 2025': '2025-12-31',
  'half_year: H1 2024': '2024-06-30',
  'half_year_without_year: 6 tháng cuối năm': '2024-12-31',
  'half_year_without_year: in the first half of the year': '2024-06-30',
  'year: during 2025': '2025-12-31',
  'year: in 2025': '2025-12-31',
  'year: năm 2025': '2025-12-31',
  'year: trong năm 2025': '2025-12-31',
  'year: by the end of 2025': '2025-12-31',
  'year: cuối năm 2025': '2025-12-31',
  'relative_period: trong tháng này': '2024-01-31',
  // 2024 is a leap year.
  'relative_period: next month': '2024-02-29',
  'relative_period: cuối năm nay': '2024-12-31',
  'relative_period: by the end of the year': '2024-12-31',
  'relative_period: next year': '2025-12-31',
};
/** The due date a text resolves to, or null when it recurs or fails. */
const dueOnOf = (text: string, receivedOn?: string) => {
  const r = resolveDeadline(text, ISSUED, cal, { receivedOn });
  return r.ok && !r.recurring ? r.dueOn : null;
};

describe('DEADLINE_RULES', () => {
  it('every example resolves by its own rule (or fails with its own code), to its documented date', () => {
    const rules = new Set<string>();
    for (const { rule, description, examples, receivedOn } of DEADLINE_RULES) {
      expect(rules.has(rule), rule).toBe(false);
      rules.add(rule);
      expect(description.length).toBeGreaterThan(20);
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) {
        expect(ruleOf(example, ISSUED, receivedOn), example).toBe(rule);
        expect(dueOnOf(example, receivedOn), example).toBe(DOCUMENTED_DUE_DATES[`${rule}: ${example}`] ?? null);
      }
    }
    const documented = new Set(DEADLINE_RULES.flatMap(({ rule, examples }) => examples.map((e) => `${rule}: ${e}`)));
    expect(Object.keys(DOCUMENTED_DUE_DATES).filter((key) => !documented.has(key))).toEqual([]);
  });

  it('documents every rule a resolution can report', () => {
    const documented = new Set(DEADLINE_RULES.map((r) => r.rule));
    const samples = [
      'in May 2024',
      'within 10 working days',
      'hằng quý',
      'thường xuyên',
      'trước ngày 30/6',
      'next month',
      'quý III',
      '31/4/2024',
      'trong 2 năm',
    ];
    for (const s of samples) expect(documented, s).toContain(ruleOf(s));
    const issue18 = [
      'trong 05 ngày kể từ ngày nhận được',
      'trong 0 ngày',
      'báo cáo định kỳ 6 tháng',
      'trước ngày 20 hằng tháng',
      'trước 31/12',
    ];
    for (const s of issue18) expect(documented, s).toContain(ruleOf(s));
    expect(documented).toContain(ruleOf('trong 05 ngày kể từ ngày nhận được', ISSUED, '2024-01-20'));
  });
});

describe('explicit dates', () => {
  it('reads every written form, in English and Vietnamese, as the deadline itself', () => {
    for (const text of [
      'before June 15, 2024',
      'by June 15 2024',
      'no later than 15 June 2024',
      'the 15th of June 2024',
      'by the 15th of June, 2024',
      'June 15th, 2024',
      '2024-06-15',
      'ngày 15/6/2024',
      '15/06/2024',
      '15-06-2024',
      '15.6.2024',
      'ngày 15 tháng 6 năm 2024',
      'trước ngày 15/6/2024',
      'chậm nhất ngày 15/6/2024',
      'hoàn thành trước ngày 15/06/2024',
      'hạn chót: 15/6/2024',
    ]) {
      expect(due(text), text).toBe('2024-06-15');
      expect(ruleOf(text), text).toBe('explicit_date');
    }
  });

  it('works inside a longer sentence, with or without diacritics, in any case', () => {
    expect(due('Complete the Steering Committee on digital transformation before May 10, 2024')).toBe('2024-05-10');
    expect(due('Bộ Thông tin và Truyền thông chủ trì, hoàn thành trước ngày 10/5/2024, báo cáo Thủ tướng Chính phủ.')).toBe('2024-05-10');
    expect(due('Bo Thong tin va Truyen thong chu tri, hoan thanh truoc ngay 10/5/2024')).toBe('2024-05-10');
    expect(due('HOÀN THÀNH TRƯỚC NGÀY 10/5/2024')).toBe('2024-05-10');
    // Decomposed (NFD) input reads the same as composed.
    expect(due('trước ngày 10/5/2024'.normalize('NFD'))).toBe('2024-05-10');
  });

  it('wins over the period it lies in, and over a period counted from the issue date', () => {
    expect(due('trong tháng 5/2024, chậm nhất ngày 15/5/2024')).toBe('2024-05-15');
    expect(due('trong quý II/2024 (trước ngày 30/6/2024)')).toBe('2024-06-30');
    expect(due('within 30 days and no later than 1 March 2024')).toBe('2024-03-01');
  });

  it('prefers the date after a deadline word; a date after a document number is a reference', () => {
    expect(due('từ ngày 1/3/2024 đến ngày 30/6/2024', '2024-02-01')).toBe('2024-06-30');
    expect(due('Thực hiện Thông báo số 123/TB-VPCP ngày 05/01/2024, báo cáo trước ngày 31/3/2024')).toBe('2024-03-31');
    expect(due('Implement Decision No. 123/QD-TTg dated 10 January 2024 by 30 April 2024')).toBe('2024-04-30');
    expect(failure('Theo Quyết định 123/QĐ-TTg ngày 15/3/2024', '2024-04-01').code).toBe('no_deadline');
  });

  it('reads a past date without a deadline word as background when a later deadline is given', () => {
    expect(due('Thực hiện ý kiến tại cuộc họp ngày 10/1/2024, hoàn thành trong tháng 6/2024', '2024-02-01')).toBe('2024-06-30');
    expect(due('Tổ chức kỷ niệm 50 năm Chiến thắng 30/4/1975 trong tháng 4/2025', '2025-01-10')).toBe('2025-04-30');
    expect(failure('Kỷ niệm Ngày Chiến thắng 30/4/1975', '2025-01-10').code).toBe('before_issue_date');
  });

  it('takes a day and month without a year as the next such day on or after the issue date', () => {
    expect(due('trước ngày 30/6', '2024-03-01')).toBe('2024-06-30');
    expect(due('trước ngày 30/6', '2024-07-01')).toBe('2025-06-30');
    expect(due('trước ngày 30/6', '2024-06-30')).toBe('2024-06-30');
    expect(due('chậm nhất ngày 15 tháng 12', '2024-12-20')).toBe('2025-12-15');
    expect(due('by June 30', '2024-07-02')).toBe('2025-06-30');
    expect(due('before 10 May', '2024-01-02')).toBe('2024-05-10');
    expect(due('ngày 29/2', '2025-03-01')).toBe('2028-02-29');
    expect(ruleOf('trước ngày 30/6', '2024-03-01')).toBe('explicit_date_without_year');
  });

  it('does not take the verb "may" or a fraction for a date', () => {
    expect(failure('Units may 10 times report').code).toBe('no_deadline');
    expect(failure('2/3 số đơn vị đã báo cáo').code).toBe('no_deadline');
  });
});

describe('periods counted from the issue date', () => {
  // Civil Code 2015 art. 147–148: from the day after, the end moved off weekend days and days off. The expectations
  // of 2024-05-25, 2024-06-09 and 2024-02-11 before this rule were the raw N-th day (a Saturday, a Sunday, a Tết Sunday).
  it('within N days: from the day after the issue date, the end moved to the next working day', () => {
    // Friday 10 May 2024 + 15 days = Saturday 25 May → Monday 27 May.
    expect(due('within 15 days', '2024-05-10')).toBe('2024-05-27');
    expect(due('trong vòng 15 ngày', '2024-05-10')).toBe('2024-05-27');
    expect(due('trong 15 ngày', '2024-05-10')).toBe('2024-05-27');
    // + 30 days = Sunday 9 June → Monday 10 June.
    expect(due('trong thời hạn 30 (ba mươi) ngày kể từ ngày ký', '2024-05-10')).toBe('2024-06-10');
    expect(due('within seven days of this notice', '2024-05-10')).toBe('2024-05-17');
    // 1 Feb + 10 = Sunday 11 Feb, in Tết (off to Wed 14) → Thursday 15 Feb.
    expect(due('trong 10 ngày kể từ ngày 01/02/2024', '2024-01-20')).toBe('2024-02-15');
    expect(ruleOf('within 15 days')).toBe('within_days');
  });

  it('the worked examples of issue 18', () => {
    // Saturday 1 June 2024: 2 … 16 June; Sunday 16 → Monday 17.
    expect(due('trong 15 ngày', '2024-06-01')).toBe('2024-06-17');
    // 31 March + 1 month: April has no 31st → 30 April (holiday), 1 May (holiday) → Thursday 2 May.
    expect(due('within one month', '2024-03-31')).toBe('2024-05-02');
    expect(due('within a month', '2024-03-31')).toBe('2024-05-02');
  });

  it('moves an end across Tết, 30 April – 1 May and National Day', () => {
    // 2025: Tết 27–31 Jan; Saturday 25 Jan + 3 = Tuesday 28 Jan (Tết) → Monday 3 Feb.
    expect(due('trong 3 ngày', '2025-01-25')).toBe('2025-02-03');
    // 2026: Tết 16–20 Feb; Friday 6 Feb + 10 = Monday 16 Feb → Monday 23 Feb.
    expect(due('trong 10 ngày', '2026-02-06')).toBe('2026-02-23');
    // 2025: 30 Apr, 1 May off, Friday 2 May swapped off (Saturday 26 Apr worked) → Monday 5 May.
    expect(due('trong 2 tuần', '2025-04-16')).toBe('2025-05-05');
    // 2024: National Day Mon 2 + Tue 3 Sep; Sunday 1 Sep → Wednesday 4 Sep.
    expect(due('within 1 month', '2024-08-01')).toBe('2024-09-04');
    // 2026: Mon 31 Aug swapped, Tue 1 and Wed 2 Sep off; 2 months from 2 July = Wednesday 2 Sep → Thursday 3 Sep.
    expect(due('trong 2 tháng', '2026-07-02')).toBe('2026-09-03');
    // A working day needs no move; a swapped working Saturday is a working day (Saturday 4 May 2024).
    expect(due('trong 3 ngày', '2024-05-01')).toBe('2024-05-04');
  });

  it('reads counts in digits with leading zeros and in words of both languages', () => {
    expect(due('trong thời hạn 05 ngày làm việc', '2024-06-03')).toBe('2024-06-10');
    expect(due('trong 007 ngày', '2024-06-03')).toBe('2024-06-10');
    expect(due('trong vòng mười lăm ngày', '2024-06-01')).toBe('2024-06-17');
    expect(due('trong hai mươi mốt ngày', '2024-06-01')).toBe('2024-06-24');
    expect(due('trong năm ngày', '2024-06-03')).toBe('2024-06-10');
    expect(due('trong ba tháng', '2024-01-15')).toBe('2024-04-15');
    expect(due('trong hai tuần', '2024-05-10')).toBe('2024-05-24');
    expect(due('within twenty-one days', '2024-06-01')).toBe('2024-06-24');
    expect(due('within fifteen days', '2024-06-01')).toBe('2024-06-17');
    expect(due('within forty five days', '2024-06-01')).toBe('2024-07-16');
    // "sau" without its accent is "after", not six.
    expect(failure('sau ngay hom nay', '2024-06-01').code).toBe('no_deadline');
  });

  it('a zero or negative period is an error', () => {
    expect(failure('trong 0 ngày', '2024-06-01').code).toBe('invalid_period');
    expect(failure('trong 00 ngày làm việc', '2024-06-01').code).toBe('invalid_period');
    expect(failure('within zero days', '2024-06-01').code).toBe('invalid_period');
    expect(failure('trong -5 ngày', '2024-06-01').code).toBe('invalid_period');
    expect(failure('within -2 months', '2024-06-01').code).toBe('invalid_period');
  });

  it('counts from receipt from receivedOn, or from the issue date when it is not given, and says which', () => {
    const text = 'trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản này';
    expect(resolveDeadline(text, '2024-06-03', cal)).toEqual({
      ok: true,
      recurring: false,
      dueOn: '2024-06-10',
      rule: 'from_receipt_assumed_issue_date',
    });
    // Received Friday 7 June: 10, 11, 12, 13, 14 June.
    expect(resolveDeadline(text, '2024-06-03', cal, { receivedOn: '2024-06-07' })).toEqual({
      ok: true,
      recurring: false,
      dueOn: '2024-06-14',
      rule: 'from_receipt',
    });
    // Calendar days from receipt follow art. 147–148 too: Friday 7 June + 15 = Saturday 22 June → Monday 24 June.
    expect(resolveDeadline('within 15 days of receipt', '2024-06-03', cal, { receivedOn: '2024-06-07' })).toMatchObject({
      dueOn: '2024-06-24',
      rule: 'from_receipt',
    });
    expect(() => resolveDeadline(text, '2024-06-03', cal, { receivedOn: '7/6/2024' })).toThrow(RangeError);
  });

  it('within N working days: on the official calendar, across Tết and swapped Saturdays', () => {
    // Tuesday 6 Feb 2024: Wed 7, then Tết to Wed 14; Thu 15, Fri 16, Mon 19, Tue 20.
    expect(due('trong 5 ngày làm việc', '2024-02-06')).toBe('2024-02-20');
    expect(due('within 5 working days', '2024-02-06')).toBe('2024-02-20');
    // Friday 24 Jan 2025: Tết 27–31 Jan; Mon 3 … Fri 7 Feb.
    expect(due('trong vòng 5 ngày làm việc', '2025-01-24')).toBe('2025-02-07');
    // Friday 26 Apr 2024: Thu 2 May, Fri 3 May, Saturday 4 May (made up).
    expect(due('within 3 business days', '2024-04-26')).toBe('2024-05-04');
    expect(due('không quá 2 ngày làm việc', '2024-08-30')).toBe('2024-09-05');
    expect(resolveDeadline('within 3 working days', '2024-04-26', WEEKENDS_ONLY)).toEqual({
      ok: true,
      recurring: false,
      dueOn: '2024-05-01',
      rule: 'within_working_days',
    });
    expect(due('trong vong 15 ngay lam viec', '2024-01-02')).toBe('2024-01-23');
  });

  it('within N weeks, months or years', () => {
    expect(due('within 2 weeks', '2024-05-10')).toBe('2024-05-24');
    expect(due('trong 3 tháng', '2024-11-30')).toBe('2025-02-28');
    expect(due('within 1 month', '2024-01-31')).toBe('2024-02-29');
    // 29 Feb 2024 + 2 years: 2026 has no 29 Feb → Saturday 28 Feb → Monday 2 March.
    expect(due('trong 2 năm', '2024-02-29')).toBe('2026-03-02');
  });

  it("ends a month period on the month's last day in February, leap and non-leap", () => {
    expect(due('within 1 month', '2024-01-29')).toBe('2024-02-29');
    expect(due('within 1 month', '2024-01-30')).toBe('2024-02-29');
    expect(due('within 1 month', '2024-01-31')).toBe('2024-02-29');
    // 2025: Friday 28 February.
    expect(due('trong 1 tháng', '2025-01-31')).toBe('2025-02-28');
    expect(due('trong 1 tháng', '2025-01-28')).toBe('2025-02-28');
    // 2026: 28 Feb is a Saturday → Monday 2 March.
    expect(due('trong 1 tháng', '2026-01-31')).toBe('2026-03-02');
    // 2028 (leap, provisional): Tuesday 29 Feb.
    // 31 Jan 2028 is the statutory day in lieu of Tết's Saturday 29 Jan (provisional year) → Tuesday 1 Feb.
    expect(resolveDeadline('within 1 month', '2027-12-31', cal)).toMatchObject({ dueOn: '2028-02-01', provisional: true });
    expect(resolveDeadline('within 2 months', '2027-12-31', cal)).toMatchObject({ dueOn: '2028-02-29', provisional: true });
  });

  it('is ambiguous when counted from an event of unknown date', () => {
    expect(failure('trong 15 ngày kể từ ngày Nghị định có hiệu lực').code).toBe('ambiguous');
    expect(failure('within 15 days from').code).toBe('ambiguous');
    expect(failure('trong 15 ngày kể từ').code).toBe('ambiguous');
  });
});

describe('months', () => {
  it('a month is due on its last day', () => {
    expect(due('in May 2024')).toBe('2024-05-31');
    expect(due('by December 2025')).toBe('2025-12-31');
    expect(due('August 2025')).toBe('2025-08-31');
    expect(due('September 2025')).toBe('2025-09-30');
    expect(due('trong tháng 5/2024')).toBe('2024-05-31');
    expect(due('tháng 9/2025')).toBe('2025-09-30');
    expect(due('tháng 5 năm 2024')).toBe('2024-05-31');
    expect(due('thang 2/2024')).toBe('2024-02-29');
    expect(due('cuối tháng 2/2025')).toBe('2025-02-28');
    expect(due('by the end of June 2024')).toBe('2024-06-30');
    expect(due('tháng 12 năm nay')).toBe('2024-12-31');
  });

  it('"before December 2024" means within December (the Notice usage), so 31 December', () => {
    expect(due('before December 2024')).toBe('2024-12-31');
    expect(due('trước tháng 12/2024')).toBe('2024-12-31');
  });

  it('a month without a year is the next one on or after the issue date', () => {
    expect(due('in May', '2024-06-01')).toBe('2025-05-31');
    expect(due('in May', '2024-05-20')).toBe('2024-05-31');
    expect(due('in May', '2024-05-31')).toBe('2024-05-31');
    expect(due('trong tháng 5', '2024-06-01')).toBe('2025-05-31');
    expect(due('trong tháng 12', '2024-12-31')).toBe('2024-12-31');
    expect(due('trong tháng 1', '2024-12-31')).toBe('2025-01-31');
    expect(ruleOf('in May', '2024-06-01')).toBe('month_without_year');
  });

  it('this month / next month', () => {
    expect(due('trong tháng này', '2024-02-10')).toBe('2024-02-29');
    expect(due('next month', '2024-12-10')).toBe('2025-01-31');
    expect(due('tháng sau', '2024-12-10')).toBe('2025-01-31');
  });
});

describe('quarters', () => {
  it('a quarter is due on its last day, Roman or Arabic, with or without diacritics', () => {
    expect(due('in the second quarter of 2024')).toBe('2024-06-30');
    expect(due('Q4 2025')).toBe('2025-12-31');
    expect(due('q1/2025')).toBe('2025-03-31');
    expect(due('quý II/2024')).toBe('2024-06-30');
    expect(due('quý 2 năm 2024')).toBe('2024-06-30');
    expect(due('quy II/2024')).toBe('2024-06-30');
    expect(due('Quý III năm 2024')).toBe('2024-09-30');
    expect(due('quý IV-2024')).toBe('2024-12-31');
    expect(due('quý I/2025')).toBe('2025-03-31');
    expect(due('the 4th quarter of this year')).toBe('2024-12-31');
  });

  it('a quarter without a year is the next one on or after the issue date', () => {
    expect(due('trong quý I', '2024-04-02')).toBe('2025-03-31');
    expect(due('trong quý II', '2024-04-02')).toBe('2024-06-30');
    expect(due('Q2', '2024-05-02')).toBe('2024-06-30');
    expect(due('the second quarter', '2024-07-02')).toBe('2025-06-30');
    expect(ruleOf('quý III')).toBe('quarter_without_year');
  });
});

describe('half years and years', () => {
  it('a half year is due on 30 June or 31 December', () => {
    expect(due('first half of 2024')).toBe('2024-06-30');
    expect(due('6 tháng đầu năm 2024')).toBe('2024-06-30');
    expect(due('6 thang dau nam 2024')).toBe('2024-06-30');
    expect(due('6 tháng cuối năm 2025')).toBe('2025-12-31');
    expect(due('second half of 2025')).toBe('2025-12-31');
    expect(due('6 tháng đầu năm', '2024-07-01')).toBe('2025-06-30');
  });

  it('a year is due on 31 December', () => {
    for (const text of ['during 2025', 'in 2025', 'năm 2025', 'trong năm 2025', 'by the end of 2025', 'cuối năm 2025', 'nam 2025']) {
      expect(due(text), text).toBe('2025-12-31');
    }
    expect(due('cuối năm nay', '2024-03-01')).toBe('2024-12-31');
    expect(due('Hoàn thành trong năm 2025 tại Việt Nam')).toBe('2025-12-31');
  });

  it('is not fooled by words that only look like "năm" or "tháng" without diacritics', () => {
    expect(failure('Triển lãm Việt Nam 2025').code).toBe('no_deadline');
    expect(failure('Viet Nam 2025 expo').code).toBe('no_deadline');
    expect(failure('Kỷ niệm chiến thắng 2024').code).toBe('no_deadline');
  });
});

describe('recurring obligations', () => {
  const frequency = (text: string) => {
    const r = resolveDeadline(text, ISSUED, cal);
    return r.ok && r.recurring ? r.frequency : null;
  };

  it('monthly, quarterly, yearly, continuous in both languages', () => {
    for (const t of [
      'monthly',
      'every month',
      'report every month',
      'hằng tháng',
      'hàng tháng',
      'định kỳ hằng tháng',
      'hang thang',
      'báo cáo trước ngày 25 hằng tháng',
    ]) {
      expect(frequency(t), t).toBe('monthly');
    }
    for (const t of ['quarterly', 'every quarter', 'hằng quý', 'hàng quý', 'báo cáo định kỳ hằng quý'])
      expect(frequency(t), t).toBe('quarterly');
    for (const t of ['yearly', 'annually', 'every year', 'hằng năm', 'hàng năm']) expect(frequency(t), t).toBe('yearly');
    for (const t of ['ongoing', 'continuously', 'regularly', 'thường xuyên', 'thuong xuyen']) expect(frequency(t), t).toBe('continuous');
    expect(resolveDeadline('hằng quý', ISSUED, cal)).toEqual({ ok: true, recurring: true, frequency: 'quarterly', rule: 'recurring' });
  });

  it('a recurrence with a date, or two recurrences, is ambiguous; weekly is not supported', () => {
    expect(failure('report monthly, by 30 June 2024').code).toBe('ambiguous');
    expect(failure('Báo cáo hằng năm, trước ngày 15/12/2024').code).toBe('ambiguous');
    expect(failure('Tháng 5 hằng năm').code).toBe('ambiguous');
    expect(failure('hằng tháng và hằng quý').code).toBe('ambiguous');
    expect(failure('weekly').code).toBe('ambiguous');
    expect(failure('hằng tuần').code).toBe('ambiguous');
  });

  it('half-yearly in both languages; one named half year stays a deadline', () => {
    for (const t of [
      'báo cáo định kỳ 6 tháng',
      'báo cáo 6 tháng',
      'định kỳ sáu tháng',
      'hằng 6 tháng',
      'semi-annual',
      'semiannually',
      'half-yearly',
      'twice a year',
      'every six months',
    ]) {
      expect(frequency(t), t).toBe('half_yearly');
    }
    expect(due('báo cáo 6 tháng đầu năm 2024')).toBe('2024-06-30');
    expect(due('trong 6 tháng', '2024-01-15')).toBe('2024-07-15');
  });

  it('carries the due day the text names', () => {
    const day = (text: string) => {
      const r = resolveDeadline(text, ISSUED, cal);
      return r.ok && r.recurring ? [r.frequency, r.dueDay ?? null] : r.ok ? r.dueOn : r.code;
    };
    expect(day('trước ngày 20 hằng tháng')).toEqual(['monthly', 20]);
    expect(day('báo cáo trước ngày 25 hằng tháng')).toEqual(['monthly', 25]);
    expect(day('before the 15th of every month')).toEqual(['monthly', 15]);
    expect(day('by day 5 of each month')).toEqual(['monthly', 5]);
    expect(day('hằng quý, trước ngày 20 tháng cuối quý')).toEqual(['quarterly', 20]);
    expect(day('quarterly, by the 20th of the last month of each quarter')).toEqual(['quarterly', 20]);
    expect(day('định kỳ hằng năm, trước ngày 15/12')).toEqual(['yearly', 15]);
    expect(day('báo cáo định kỳ 6 tháng, trước ngày 15/6')).toEqual(['half_yearly', 15]);
    expect(day('báo cáo định kỳ 6 tháng, trước ngày 20 tháng cuối kỳ báo cáo')).toEqual(['half_yearly', 20]);
    expect(day('hằng quý')).toEqual(['quarterly', null]);
    expect(resolveDeadline('trước ngày 20 hằng tháng', ISSUED, cal)).toEqual({
      ok: true,
      recurring: true,
      frequency: 'monthly',
      dueDay: 20,
      rule: 'recurring',
    });
  });

  it('refuses a due day that does not fit the recurrence', () => {
    // A yearly report due in January or June is not due in the year's last month: the period model cannot hold it.
    expect(failure('hằng năm, trước ngày 15/1').code).toBe('ambiguous');
    expect(failure('hằng quý, trước ngày 20 hằng tháng').code).toBe('ambiguous');
    expect(failure('hằng tháng, trước ngày 20 tháng cuối quý').code).toBe('ambiguous');
    expect(failure('trước ngày 20 hằng tháng, báo cáo trước ngày 25 hằng tháng').code).toBe('ambiguous');
    expect(failure('trước ngày 32 hằng tháng').code).toBe('impossible_date');
    expect(failure('thường xuyên, trước ngày 20 hằng tháng').code).toBe('ambiguous');
    expect(failure('hằng quý, trước ngày 20 của tháng đầu quý sau').code).toBe('ambiguous');
  });
});

describe('provisional years', () => {
  it('flags a resolution that rests on a year with no official calendar, and not one in an official year', () => {
    // Tết 2027 (statutory: Fri 5 – Tue 9 Feb, days in lieu Wed 10, Thu 11): 10 working days from Monday 1 Feb.
    expect(resolveDeadline('trong 10 ngày làm việc', '2027-02-01', cal)).toEqual({
      ok: true,
      recurring: false,
      dueOn: '2027-02-22',
      rule: 'within_working_days',
      provisional: true,
    });
    expect(resolveDeadline('trong 10 ngày làm việc', '2026-02-02', cal)).toEqual({
      ok: true,
      recurring: false,
      dueOn: '2026-02-23',
      rule: 'within_working_days',
    });
    // Counting from late 2026 into January 2027 touches a provisional year.
    expect(resolveDeadline('within 10 working days', '2026-12-24', cal)).toMatchObject({ provisional: true });
    expect(resolveDeadline('trong 15 ngày', '2027-06-01', cal)).toMatchObject({ dueOn: '2027-06-16', provisional: true });
    // A written date or a period's last day does not rest on the calendar.
    expect(resolveDeadline('trước ngày 30/6/2027', '2026-01-05', cal)).toEqual({
      ok: true,
      recurring: false,
      dueOn: '2027-06-30',
      rule: 'explicit_date',
    });
    expect(resolveDeadline('quý II/2027', '2026-01-05', cal)).not.toHaveProperty('provisional');
  });

  it('a calendar without official years (WEEKENDS_ONLY) has no provisional years and no statutory holidays', () => {
    expect(resolveDeadline('trong 10 ngày làm việc', '2027-02-01', WEEKENDS_ONLY)).toEqual({
      ok: true,
      recurring: false,
      dueOn: '2027-02-15',
      rule: 'within_working_days',
    });
  });
});

describe('errors', () => {
  it('no deadline', () => {
    const r = failure('urgently handle overdue tasks of 2022-2023');
    expect(r.code).toBe('no_deadline');
    expect(r.reason).toContain('2022–2023');
    expect(failure('khẩn trương triển khai thực hiện').code).toBe('no_deadline');
    expect(failure('Kế hoạch 2025').code).toBe('no_deadline');
    expect(failure('').code).toBe('no_deadline');
    expect(failure('giai đoạn 2021-2025').code).toBe('no_deadline');
  });

  it('impossible dates', () => {
    for (const t of [
      'trước ngày 30/02/2024',
      'ngày 31/4/2024',
      '31/04/2025',
      'February 30, 2024',
      '30 February 2024',
      'ngày 30 tháng 2 năm 2024',
      '2024-02-30',
      'tháng 13/2024',
      'quý V/2024',
      'ngày 31/4',
    ]) {
      expect(failure(t).code, t).toBe('impossible_date');
    }
    expect(failure('ngày 29/02/2025').code).toBe('impossible_date');
    expect(due('ngày 29/02/2024')).toBe('2024-02-29');
  });

  it('a deadline before the issue date', () => {
    const r = failure('before June 30, 2024', '2024-07-01');
    expect(r.code).toBe('before_issue_date');
    expect(r.reason).toContain('2024-06-30');
    expect(failure('in May 2024', '2024-06-01').code).toBe('before_issue_date');
    expect(failure('quý IV/2023').code).toBe('before_issue_date');
    expect(due('in May 2024', '2024-05-31')).toBe('2024-05-31');
  });

  it('two different deadlines of the same kind, or a vague part of a period', () => {
    const r = failure('trước ngày 30/6/2024 và trước ngày 15/7/2024');
    expect(r.code).toBe('ambiguous');
    expect(r.reason).toContain('2024-06-30');
    expect(r.reason).toContain('2024-07-15');
    expect(failure('in May 2024 or June 2024').code).toBe('ambiguous');
    expect(failure('đầu tháng 5/2024').code).toBe('ambiguous');
    expect(failure('mid-2025').code).toBe('ambiguous');
    expect(failure('early May 2024').code).toBe('ambiguous');
    // The same date written twice is one deadline.
    expect(due('trước ngày 30/6/2024 (chậm nhất 30/06/2024)')).toBe('2024-06-30');
  });

  it('rejects a malformed issue date', () => {
    expect(() => resolveDeadline('in May 2024', '2024-13-01', cal)).toThrow(RangeError);
  });
});

describe('seed examples', () => {
  const cases: [string, DeadlineResolution['ok'], string][] = [
    ['before June 30, 2024', true, '2024-06-30'],
    ['in May 2024', true, '2024-05-31'],
    ['in the second quarter of 2024', true, '2024-06-30'],
    ['before December 2024', true, '2024-12-31'],
    ['August 2025', true, '2025-08-31'],
    ['September 2025', true, '2025-09-30'],
    ['during 2025', true, '2025-12-31'],
    ['by December 2025', true, '2025-12-31'],
    ['report every month', true, 'recurring'],
    ['urgently handle overdue tasks of 2022-2023', false, 'no_deadline'],
  ];
  it.each(cases)('%s', (text, ok, expected) => {
    const r = resolveDeadline(text, '2024-03-01', cal);
    expect(r.ok).toBe(ok);
    expect(r.ok ? (r.recurring ? r.rule : r.dueOn) : r.code).toBe(expected);
  });
});

describe('the seed directives', () => {
  it('give deadline phrases that resolve to the due dates they list', async () => {
    const { SEED_DIRECTIVES } = await import('../../seeds/directives');
    for (const d of SEED_DIRECTIVES) {
      for (const t of d.tasks) {
        const r = resolveDeadline(t.deadlineText, d.issuedOn, cal);
        const got = r.ok ? (r.recurring ? r.frequency : r.dueOn) : r.code;
        expect(got, `${d.id}/${t.id}: "${t.deadlineText}"`).toBe(t.recurring ?? t.dueOn);
      }
    }
  });
});

describe('the range of dates (1900-01-01 to 2199-12-31)', () => {
  it('refuses a deadline after the range, naming the phrase, whatever form resolves there', () => {
    for (const [text, issuedOn] of [
      ['chậm nhất ngày 31/12/9999', ISSUED],
      ['31/12/99999', ISSUED],
      ['quý IV/9999', ISSUED],
      ['in 2200', ISSUED],
      ['trong 30 năm', '2199-06-01'],
      ['trong 999 ngày làm việc', '2199-06-01'],
      ['trước 30/6', '2199-07-01'],
      ['quý tới', '2199-11-01'],
    ] as const) {
      const r = failure(text, issuedOn);
      expect(r.code, text).toBe('out_of_range');
      expect(r.reason, text).toMatch(/after 2199-12-31|outside/);
    }
    expect(failure('chậm nhất ngày 31/12/9999').reason).toBe(
      '"31/12/9999": 9999-12-31 is after 2199-12-31, the last date the system takes',
    );
  });

  it('never reads a year not written with 4 digits as another year', () => {
    // "quý IV/99999" once resolved to the next fourth quarter, 2024-12-31.
    for (const text of ['quý IV/99999', 'quý IV/24', 'trong quý 4/202', 'tháng 5/20245', 'năm 20245', '6 tháng đầu năm 20245']) {
      const r = failure(text);
      expect(r.code, text).toBe('out_of_range');
      expect(r.reason, text).toMatch(/not a year written with 4 digits, from 1900 to 2199/);
    }
    expect(due('quý IV/2024')).toBe('2024-12-31');
    expect(due('tháng 5/2024')).toBe('2024-05-31');
    // A long number that is no year does not spoil a written deadline.
    expect(due('before June 30, 2024, in 20000 communes')).toBe('2024-06-30');
  });
});

describe('a time of day next to the date', () => {
  const at = (text: string, issuedOn = ISSUED) => {
    const r = resolveDeadline(text, issuedOn, cal);
    if (!r.ok || r.recurring) throw new Error(`"${text}" did not resolve to a date: ${JSON.stringify(r)}`);
    return [r.dueOn, r.dueAt ?? null];
  };

  it('sets dueAt, in Vietnam time, for each written form', () => {
    const cases: [string, string][] = [
      ['trước 17h00 ngày 15/12/2027', '2027-12-15T10:00:00.000Z'],
      ['trước 17h ngày 15/12/2027', '2027-12-15T10:00:00.000Z'],
      ['trước 17 giờ ngày 15/12/2027', '2027-12-15T10:00:00.000Z'],
      ['trước 17 giờ 30 ngày 15/12/2027', '2027-12-15T10:30:00.000Z'],
      ['chậm nhất 17 giờ 30 phút ngày 15/12/2027', '2027-12-15T10:30:00.000Z'],
      ['trước 16h30 ngày 15/12/2027', '2027-12-15T09:30:00.000Z'],
      ['trước 16:30 ngày 15/12/2027', '2027-12-15T09:30:00.000Z'],
      ['hoàn thành trước ngày 15/12/2027 lúc 17h00', '2027-12-15T10:00:00.000Z'],
      ['before 5 pm on December 15, 2027', '2027-12-15T10:00:00.000Z'],
      ['by 5:30 pm on 15 December 2027', '2027-12-15T10:30:00.000Z'],
      ['December 15, 2027 at 5 p.m.', '2027-12-15T10:00:00.000Z'],
      ['by 17:00 on 15 December 2027', '2027-12-15T10:00:00.000Z'],
      ['before 9 am on 15 December 2027', '2027-12-15T02:00:00.000Z'],
      ['before 12 pm on 15 December 2027', '2027-12-15T05:00:00.000Z'],
      ['trước 17h00 ngày 30/6', '2024-06-30T10:00:00.000Z'],
    ];
    for (const [text, dueAt] of cases) expect(at(text), text).toEqual([dueAt.slice(0, 10), dueAt]);
  });

  it('leaves a date without a time at the end of its day, and a time apart from the date alone', () => {
    expect(at('trước ngày 15/12/2027')).toEqual(['2027-12-15', null]);
    // A count of hours from a date is no time of day of that date.
    expect(at('trong 24h kể từ ngày 15/12/2027')[1]).toBeNull();
    expect(at('họp lúc 9h, báo cáo trước ngày 15/12/2027')[1]).toBeNull();
    // Periods name no day, so no time either.
    expect(resolveDeadline('17h00 quý IV/2027', ISSUED, cal)).not.toHaveProperty('dueAt');
  });

  it('refuses a time that is no time of day', () => {
    for (const text of ['trước 25h00 ngày 15/12/2027', 'trước 17h75 ngày 15/12/2027', 'before 13 pm on 15 December 2027']) {
      const r = failure(text);
      expect(r.code, text).toBe('impossible_date');
      expect(r.reason, text).toMatch(/is not a time of day/);
    }
  });
});
