/**
 * Deadline phrases of Vietnamese directives ("trước ngày 30/6/2024", "quý II/2024", "within 10 working days",
 * "báo cáo hằng tháng") resolved to a due date against the directive's issue date and the official calendar.
 *
 * Never a guess: text without a deadline, with two different deadlines, with an impossible date or with a
 * recurrence and a date at once is an error with a reason a clerk can act on. The rules, and the choices made
 * where the wording is loose, are listed in DEADLINE_RULES.
 *
 * How it reads a text. Everything is compared in lower case without diacritics (NFC first, đ → d), so "Quý II"
 * and "quy ii" read the same; a few words whose unaccented form is another word are checked against the
 * original ("Chiến thắng 30/4" is not "tháng", "Việt Nam 2025" is not "năm 2025"). Mentions are found from the
 * most to the least precise (written dates, then periods counted from the issue date, months, quarters, half
 * years, years); the text of a mention is then masked so "6 tháng đầu năm 2024" is a half year, not also the
 * year 2024. The most precise kind present decides.
 */
import { addWorkingDays, touchesProvisionalYear, workingDayOnOrAfter, type CalendarData } from './calendar';
import {
  addDays,
  atTimeVn,
  daysInMonth,
  EARLIEST_DATE,
  isDateInRange,
  isIsoDate,
  lastDayOfMonth,
  LATEST_DATE,
  makeDate,
  parts,
  type IsoDate,
} from './dates';

export type DeadlineFrequency = 'monthly' | 'quarterly' | 'half_yearly' | 'yearly' | 'continuous';
export type DeadlineErrorCode = 'no_deadline' | 'impossible_date' | 'before_issue_date' | 'ambiguous' | 'invalid_period' | 'out_of_range';
export type DeadlineResolution =
  /**
   * `provisional`: present (true) when the due date rests on a day of a year with no official calendar loaded.
   * `dueAt`: present when the text gives a time of day next to the date ("trước 17h00 ngày 15/12/2027"): that
   * time on the due date in Vietnam, as an ISO-8601 instant.
   */
  | { ok: true; recurring: false; dueOn: IsoDate; dueAt?: string; rule: string; provisional?: true }
  /** `dueDay`: present when the text names the day of the period the report is due (see periodDueOn). */
  | { ok: true; recurring: true; frequency: DeadlineFrequency; dueDay?: number; rule: string }
  | { ok: false; code: DeadlineErrorCode; reason: string };

export interface DeadlineOptions {
  /** The day the unit received the document (its assignment's start); periods "kể từ ngày nhận được" count from it. */
  receivedOn?: IsoDate;
}

/**
 * The rules, for documentation (and the API reference). `rule` is what a resolution reports. The examples are
 * written for a directive issued on 2024-01-15 (the error examples too).
 */
export const DEADLINE_RULES: readonly { rule: string; description: string; examples: string[]; receivedOn?: IsoDate }[] = [
  {
    rule: 'explicit_date',
    description:
      'A written date is the deadline itself, whatever the preposition: in administrative Vietnamese "trước ngày 30/6/2024" ' +
      '(before), "chậm nhất ngày …" (at the latest), "hạn …", "đến ngày …" all mean "no later than that day", and so do ' +
      '"before/by/no later than <date>". Accepted forms: 15/6/2024, 15/06/2024, 15-6-2024, 15.6.2024, ngày 15 tháng 6 năm 2024, ' +
      '2024-06-15, June 15, 2024, 15 June 2024, the 15th of June 2024. A written date wins over every other kind of mention. ' +
      'A time of day right before or after the date ("trước 17h00 ngày 15/12/2027", "17 giờ 30 ngày …", "16h30", "16:30", ' +
      '"before 5 pm on June 30, 2024", "5:30 pm", "17:00") is the deadline within that day, in Vietnam time (dueAt). ' +
      'When several dates are written, the ones after a deadline word (trước, chậm nhất, hạn, đến, hoàn thành, before, by, ' +
      'no later than, until, due, deadline) are the candidates; a date right after a document number ("Thông báo số ' +
      '123/TB-VPCP ngày 15/3/2024", "dated") is a reference, not a deadline; a past date without a deadline word is a ' +
      'reference when the text gives a deadline on or after the issue date.',
    examples: [
      'Complete the Steering Committee on digital transformation before May 10, 2024',
      'before June 30, 2024',
      'trước ngày 30/6/2024',
      'chậm nhất ngày 15 tháng 6 năm 2024',
      'hoàn thành trước ngày 10/5/2024',
      '2024-06-15',
      'the 15th of June 2024',
      '15/06/2024',
      'Thực hiện Thông báo số 12/TB-VPCP ngày 05/01/2024, báo cáo trước ngày 31/3/2024',
      'trước 17h00 ngày 30/6/2024',
    ],
  },
  {
    rule: 'explicit_date_without_year',
    description:
      'A day and month without a year ("trước ngày 30/6", "trước 31/12", "ngày 15 tháng 6", "by June 30") is the next such day ' +
      'on or after the issue date (a directive issued on 30 June that says "trước ngày 30/6" means that day, not next year).',
    examples: ['trước ngày 30/6', 'trước 31/12', 'trước ngày 15/01', 'by June 30', 'chậm nhất ngày 15 tháng 12'],
  },
  {
    rule: 'within_days',
    description:
      '"within N days", "trong (vòng / thời hạn) N ngày", "không quá N ngày", as the Civil Code 2015 counts a period: from the ' +
      'day after the issue date (art. 147), ending on its N-th day, moved to the next working day when that is a weekend day ' +
      'or a day off (art. 148 §5: "trong 15 ngày" from Saturday 1 June 2024 ends Monday 17 June). N is written in digits, ' +
      'with or without leading zeros ("05"), or in words in either language ("fifteen", "twenty-one", "mười lăm", "hai mươi ' +
      'mốt"; "30 (ba mươi)"). "kể từ ngày ký / ban hành" (from signature) is the issue date; "kể từ ngày <date>" counts from ' +
      'that date; receipt of the document: see from_receipt; another event is ambiguous.',
    examples: [
      'within 15 days',
      'trong vòng 15 ngày',
      'trong thời hạn 30 (ba mươi) ngày kể từ ngày ký',
      'trong 10 ngày kể từ ngày 01/02/2024',
      'trong vòng mười lăm ngày',
      'within fifteen days',
    ],
  },
  {
    rule: 'within_working_days',
    description:
      '"within N working days", "trong N ngày làm việc": the N-th working day after the issue date on the working calendar ' +
      '(weekends and days off skipped, make-up Saturdays counted; a year with no official schedule follows the statutory ' +
      'holidays and the answer is provisional).',
    examples: ['within 10 working days', 'trong 10 ngày làm việc', 'không quá 5 ngày làm việc', 'trong thời hạn 05 ngày làm việc'],
  },
  {
    rule: 'within_weeks',
    description:
      '"within N weeks", "trong N tuần": ends on the same weekday N weeks after the issue date (art. 148 §2), moved off a day off as within_days.',
    examples: ['within 2 weeks', 'trong 2 tuần', 'trong hai tuần'],
  },
  {
    rule: 'within_months',
    description:
      '"within N months", "trong N tháng": ends on the same day of the month N months after the issue date, or that month\'s ' +
      'last day when it has no such day (art. 148 §3: "within one month" from 31 January 2024 ends 29 February, from 31 ' +
      'January 2025 on 28 February), moved off a day off as within_days ("within one month" from 31 March 2024 ends on 30 ' +
      'April, a holiday, so on Thursday 2 May).',
    examples: ['within 3 months', 'trong vòng 3 tháng', 'within one month', 'trong ba tháng'],
  },
  {
    rule: 'within_years',
    description:
      '"within N years", "trong N năm": the same day and month N years later (29 February: 28 February), moved off a day off as within_days.',
    examples: ['within 2 years', 'trong 2 năm'],
  },
  {
    rule: 'from_receipt',
    description:
      'A period of days, working days, weeks, months or years "kể từ ngày nhận được (văn bản)" / "from receipt" counts from ' +
      'the day the unit received the document, given as receivedOn (the day its assignment started), by the rules above.',
    examples: ['trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản này', 'within 15 days of receipt'],
    receivedOn: '2024-01-17',
  },
  {
    rule: 'from_receipt_assumed_issue_date',
    description: 'As from_receipt when receivedOn is not given: counted from the issue date instead, and the rule says so.',
    examples: ['trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản này', 'trong 10 ngày kể từ ngày nhận được'],
  },
  {
    rule: 'month',
    description:
      'A month of a year is due on its last day: "in May 2024", "by December 2025", "trong tháng 5/2024", "tháng 9/2025", ' +
      '"tháng 5 năm 2024", "cuối tháng 5/2024". "before December 2024" / "trước tháng 12/2024" is read as the Government ' +
      'Office reads it in its notices: the work belongs to December, so it is due 31 December (not 30 November). ' +
      '"đầu tháng" / "giữa tháng" / "early/mid <month>" name no day and are ambiguous.',
    examples: [
      'in May 2024',
      'before December 2024',
      'by December 2025',
      'August 2025',
      'trong tháng 5/2024',
      'tháng 9/2025',
      'tháng 5 năm 2024',
      'thang 5/2024',
    ],
  },
  {
    rule: 'month_without_year',
    description:
      'A month without a year ("in May", "trong tháng 5") is the next such month whose last day is on or after the issue ' +
      'date: "in May" issued 2024-06-01 is due 2025-05-31; issued 2024-05-20 it is due 2024-05-31.',
    examples: ['in May', 'trong tháng 9'],
  },
  {
    rule: 'quarter',
    description:
      'A quarter is due on its last day (31 March, 30 June, 30 September, 31 December): "in the second quarter of 2024", ' +
      '"Q4 2025", "quý II/2024", "quý 2 năm 2024", "quy II/2024"; Roman or Arabic numbers.',
    examples: ['in the second quarter of 2024', 'Q4 2025', 'quý II/2024', 'quý 2 năm 2024', 'quy IV/2024'],
  },
  {
    rule: 'quarter_without_year',
    description: 'A quarter without a year ("quý III", "in Q3") is the next such quarter whose last day is on or after the issue date.',
    examples: ['trong quý III', 'in the third quarter'],
  },
  {
    rule: 'half_year',
    description:
      'A half year is due on 30 June (first half) or 31 December (second half): "first half of 2024", "6 tháng đầu năm 2024", ' +
      '"6 tháng cuối năm 2025", "second half of 2025", "H1 2024".',
    examples: ['first half of 2024', '6 tháng đầu năm 2024', '6 tháng cuối năm 2025', 'second half of 2025', 'H1 2024'],
  },
  {
    rule: 'half_year_without_year',
    description: 'A half year without a year ("6 tháng cuối năm") is the next such half whose last day is on or after the issue date.',
    examples: ['6 tháng cuối năm', 'in the first half of the year'],
  },
  {
    rule: 'year',
    description:
      'A year is due on 31 December: "during 2025", "in 2025", "năm 2025", "trong năm 2025", "by the end of 2025", ' +
      '"cuối năm 2025". A bare number such as "Plan 2025" is not a deadline; a range of years ("2022-2023", "giai đoạn ' +
      '2021-2025") names a period, not a deadline; "đầu năm" / "giữa năm" / "early/mid/late 2025" name no day and are ambiguous.',
    examples: ['during 2025', 'in 2025', 'năm 2025', 'trong năm 2025', 'by the end of 2025', 'cuối năm 2025'],
  },
  {
    rule: 'relative_period',
    description:
      'This/next month, quarter or year relative to the issue date: "trong tháng này", "next month", "quý tới", ' +
      '"cuối năm nay", "by the end of the year" (the issue year), "năm sau" / "next year".',
    examples: ['trong tháng này', 'next month', 'cuối năm nay', 'by the end of the year', 'next year'],
  },
  {
    rule: 'recurring',
    description:
      'A standing obligation has no single due date; the resolution gives its frequency, and the due day of each period ' +
      "when the text names one (dueDay: a day of the period's last month; without it the last working day of the period). " +
      'monthly: "monthly", "every month", "hằng tháng", "hàng tháng", "định kỳ hằng tháng"; quarterly: "quarterly", ' +
      '"every quarter", "hằng quý", "hàng quý"; half_yearly: "định kỳ 6 tháng", "hằng sáu tháng", "báo cáo 6 tháng", ' +
      '"semi-annual", "half-yearly", "twice a year"; yearly: "yearly", "annually", "every year", "hằng năm", "hàng năm"; ' +
      'continuous: "ongoing", "continuously", "regularly", "thường xuyên". Due days: "trước ngày 20 hằng tháng", "before ' +
      'the 15th of every month" (monthly); "trước ngày 20 tháng cuối quý", "by the 20th of the last month of each quarter"; ' +
      'a day and month in the period\'s last month ("định kỳ hằng năm, trước ngày 15/12"). A day in another month, a ' +
      'recurrence together with a date or period, two recurrences or two due days are ambiguous. Weekly and daily ' +
      'recurrences are not supported and are ambiguous.',
    examples: [
      'report every month',
      'monthly',
      'hằng tháng',
      'hàng tháng',
      'định kỳ hằng tháng',
      'báo cáo trước ngày 25 hằng tháng',
      'trước ngày 20 hằng tháng',
      'before the 15th of every month',
      'hằng quý, trước ngày 20 tháng cuối quý',
      'báo cáo định kỳ 6 tháng',
      'semi-annual',
      'định kỳ hằng năm, trước ngày 15/12',
      'quarterly',
      'every quarter',
      'hằng quý',
      'hàng quý',
      'yearly',
      'annually',
      'every year',
      'hằng năm',
      'hàng năm',
      'ongoing',
      'continuously',
      'regularly',
      'thường xuyên',
    ],
  },
  {
    rule: 'no_deadline',
    description: 'Nothing in the text is a deadline (including a bare range of years such as "2022-2023").',
    examples: ['urgently handle overdue tasks of 2022-2023', 'khẩn trương triển khai', 'Kế hoạch 2025'],
  },
  {
    rule: 'impossible_date',
    description: 'A written date, month or quarter that does not exist: 30 February, 31/4, tháng 13, quý 5.',
    examples: ['trước ngày 30/02/2024', '31/4/2024', 'February 30, 2024', 'tháng 13/2024'],
  },
  {
    rule: 'out_of_range',
    description:
      `A deadline outside the dates the system takes (${EARLIEST_DATE} to ${LATEST_DATE}), or a year not written with ` +
      '4 digits ("quý IV/99999"): a typo, not a plan.',
    examples: ['chậm nhất ngày 31/12/9999', 'quý IV/99999', 'in 2200'],
  },
  {
    rule: 'invalid_period',
    description: 'A period of zero or fewer days, weeks, months or years counts no day.',
    examples: ['trong 0 ngày', 'within zero days', 'trong -5 ngày làm việc'],
  },
  {
    rule: 'before_issue_date',
    description: 'The deadline resolves to a day before the issue date.',
    examples: ['before January 10, 2024', 'in 2023', 'quý IV/2023'],
  },
  {
    rule: 'ambiguous',
    description:
      'Two different deadlines of the same kind, a recurrence with a date, a vague part of a period ("đầu tháng 5", ' +
      '"mid-2025"), or a period counted from an event whose date is not known (a meeting, a report).',
    examples: [
      'trước ngày 30/6/2024 và trước ngày 15/7/2024',
      'report monthly, by 30 June 2024',
      'đầu tháng 5/2024',
      'trong 10 ngày làm việc kể từ ngày tổ chức hội nghị',
      'weekly',
      'hằng năm, trước ngày 15/6',
    ],
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Text preparation

interface Prepared {
  /** NFC, as given (for quoting). */
  raw: string;
  /** NFC, lower case; same length as `flat`. */
  lower: string;
  /** Lower case without diacritics, đ → d, whitespace → ' '; same length as `lower`. */
  flat: string;
}

/**
 * Words whose unaccented form is also another word: the accepted written forms (the unaccented form is always
 * accepted, for text typed without diacritics). Any other accented form is a different word and is masked.
 */
const KEYWORDS: Record<string, readonly string[]> = {
  thang: ['tháng'], // not thắng (win), thẳng
  nam: ['năm'], // not nằm, nắm; "Nam" is handled apart
  ngay: ['ngày'],
  quy: ['quý'], // not quỹ (fund)
  hang: ['hằng', 'hàng'], // not hạng, hãng
  moi: ['mỗi'], // not mới (new)
  tung: ['từng'],
  dau: ['đầu'],
  cuoi: ['cuối'],
  truoc: ['trước'],
  trong: [], // not trọng
  tuan: ['tuần'],
  nua: ['nửa'], // not nữa
  nay: ['này'],
  toi: ['tới'], // not tôi
  den: ['đến'], // not đền, đèn
  han: ['hạn'], // not hàn, hán
  het: ['hết'],
  sau: ['sáu'],
  lam: ['làm', 'lăm'], // lăm: five in "mười lăm"
  viec: ['việc'],
  ky: ['ký', 'kí', 'kỳ', 'kì'],
  tu: ['từ'],
  xuyen: ['xuyên'],
  thuong: ['thường'],
};
/** Words before "Nam" that make it a place name, not "năm" typed without diacritics. */
const PLACE_BEFORE_NAM = /\b(?:viet|mien|quang|ha|phuong|phia|dong|tay|huong)\s+$/;

function prepare(input: string): Prepared {
  const raw = input.normalize('NFC');
  const lower = raw.toLowerCase().normalize('NFC');
  let flat = '';
  for (const ch of lower) {
    let f = ch === 'đ' ? 'd' : ch.normalize('NFD').replace(/\p{M}/gu, '');
    if (f.length !== ch.length) f = ch.length === 1 ? (f.length === 0 ? ' ' : f.slice(0, 1)) : ch;
    flat += f;
  }
  flat = flat.replace(/\s/g, ' ');
  // Mask look-alike words.
  const sameCase = raw.length === lower.length;
  const accentedText = lower !== flat;
  flat = flat.replace(/[a-z]+/g, (word, index: number) => {
    const allowed = KEYWORDS[word];
    if (!allowed) return word;
    const written = lower.slice(index, index + word.length);
    let ok = written === word || allowed.includes(written);
    if (ok && word === 'nam' && written === 'nam') {
      const capitalised = sameCase && raw[index] === 'N';
      if ((capitalised && accentedText) || PLACE_BEFORE_NAM.test(flat.slice(Math.max(0, index - 12), index))) ok = false;
    }
    return ok ? word : '~'.repeat(word.length);
  });
  return { raw, lower, flat };
}

// ---------------------------------------------------------------------------------------------------------------
// Mentions

/** Precedence of the kinds of mention: the most precise kind present decides. */
const Level = { Date: 0, Within: 1, Month: 2, Quarter: 3, Half: 4, Year: 5 } as const;
type Level = (typeof Level)[keyof typeof Level];

interface Mention {
  start: number;
  end: number;
  level: Level;
  rule: string;
  dueOn?: IsoDate;
  error?: { code: 'impossible_date' | 'ambiguous' | 'invalid_period' | 'out_of_range'; reason: string };
  /** The due date rests on a day of a year whose calendar is the statutory forecast. */
  provisional?: boolean;
  /** A written date preceded by a deadline word. */
  cued?: boolean;
  /** A written date that identifies a document ("số 12/TB-VPCP ngày …"). */
  reference?: boolean;
  /** A written date a period is counted from ("trong 10 ngày kể từ ngày 1/2/2024"). */
  anchor?: boolean;
}

const MONTHS_EN: Record<string, number> = {
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const MON = Object.keys(MONTHS_EN)
  .sort((a, b) => b.length - a.length)
  .join('|');
const ORD = '(?:st|nd|rd|th)?';
const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };
const ORDINAL: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  last: 4,
};
const EN_UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const EN_TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const EN_DIGIT = 'one|two|three|four|five|six|seven|eight|nine';
const EN_NUM = `(?:${Object.keys(EN_TENS).join('|')})(?:[-\\s](?:${EN_DIGIT}))?|${Object.keys(EN_UNITS).join('|')}|an?`;
/**
 * Vietnamese number words (flat forms) and the written forms accepted for each: "mười lăm", "hai mươi mốt",
 * "một trăm linh năm". An unaccented "sau" is "after", so six must be written "sáu" in accented text.
 */
const VI_WORDS: Record<string, { value: number | 'ten' | 'hundred' | 'filler'; forms: readonly string[] }> = {
  mot: { value: 1, forms: ['một', 'mốt', 'mot'] },
  hai: { value: 2, forms: ['hai'] },
  ba: { value: 3, forms: ['ba'] },
  bon: { value: 4, forms: ['bốn', 'bon'] },
  nam: { value: 5, forms: ['năm', 'nam'] },
  lam: { value: 5, forms: ['lăm', 'lam'] },
  sau: { value: 6, forms: ['sáu'] },
  bay: { value: 7, forms: ['bảy', 'bẩy', 'bay'] },
  tam: { value: 8, forms: ['tám', 'tam'] },
  chin: { value: 9, forms: ['chín', 'chin'] },
  muoi: { value: 'ten', forms: ['mười', 'mươi', 'muoi'] },
  tram: { value: 'hundred', forms: ['trăm', 'tram'] },
  linh: { value: 'filler', forms: ['linh'] },
  le: { value: 'filler', forms: ['lẻ', 'le'] },
};
const VI_FIRST = 'mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi';
const VI_NUM = `(?:${VI_FIRST})(?:\\s+(?:${Object.keys(VI_WORDS).join('|')}))*`;
const NUM = `\\d{1,3}|${EN_NUM}|${VI_NUM}`;

/** The value of a count written in digits ("05") or words ("fifteen", "twenty-one", "mười lăm"); null when not a number. */
function countOf(flat: string, lower: string, accented: boolean): number | null {
  if (/^\d+$/.test(flat)) return Number(flat);
  if (flat === 'a' || flat === 'an') return 1;
  if (flat in EN_UNITS) return EN_UNITS[flat]!;
  const en = /^([a-z]+)(?:[-\s]([a-z]+))?$/.exec(flat);
  if (en && en[1]! in EN_TENS && (!en[2] || en[2] in EN_UNITS)) return EN_TENS[en[1]!]! + (en[2] ? EN_UNITS[en[2]]! : 0);
  const words = flat.split(/\s+/);
  const written = lower.split(/\s+/);
  if (written.length !== words.length) return null;
  let total = 0;
  let pending: number | null = null;
  for (let i = 0; i < words.length; i++) {
    const word = VI_WORDS[words[i]!];
    if (!word || !(word.forms.includes(written[i]!) || (!accented && words[i] === written[i]))) return null;
    if (word.value === 'filler') continue;
    if (word.value === 'ten') {
      total += (pending ?? 1) * 10;
      pending = null;
    } else if (word.value === 'hundred') {
      total = (total + (pending ?? 1)) * 100;
      pending = null;
    } else {
      if (pending !== null) return null;
      pending = word.value;
    }
  }
  return total + (pending ?? 0);
}

/**
 * A time of day in the flat text: "17h00", "17h", "16h30", "17 gio", "17 gio 30 (phut)", "16:30", "5 pm", "5:30 p.m.".
 * Its minutes never run into a date ("17 giờ 15/12" is not 17:15).
 */
const TIME_OF_DAY =
  '(?<![\\d/.:-])\\d{1,2}(?:h(?:\\d{2})?(?![a-z0-9])|\\s?gio(?:\\s*\\d{1,2}(?![\\d/.-])(?:\\s*phut)?)?(?![a-z])|:\\d{2}(?:\\s*[ap]\\.?\\s?m(?![a-z])\\.?)?|\\s*[ap]\\.?\\s?m(?![a-z])\\.?)';

/** Deadline words right before a written date. */
const CUE = new RegExp(
  '(?:\\btruoc|\\bcham\\s+nhat(?:\\s+(?:la|vao|den))?|\\bmuon\\s+nhat(?:\\s+la)?|\\bhan(?:\\s+chot)?(?:\\s+la)?|' +
    '\\bthoi\\s+han(?:\\s+la)?|\\bhoan\\s+thanh(?:\\s+(?:truoc|xong|trong|vao))?|\\bxong(?:\\s+truoc)?|\\b(?:den|toi)(?:\\s+het)?|' +
    '\\bbefore|\\bby|\\bno\\s+later\\s+than|\\bnot\\s+later\\s+than|\\buntil|\\btill|\\bdue(?:\\s+(?:date|on|by))?|' +
    '\\bdeadline(?:\\s+(?:is|of))?|\\bon\\s+or\\s+before|\\bprior\\s+to|\\bat\\s+the\\s+latest(?:\\s+on)?)' +
    `\\s*[:,]?\\s*(?:(?:${TIME_OF_DAY})\\s*,?\\s*)?(?:(?:het\\s+)?ngay|the|on)?\\s*$`,
);
/** A document number or "dated" right before a written date: the date identifies a document. */
const REFERENCE =
  /(?:\b\d+[/-][a-z0-9/-]*[a-z][a-z0-9/-]*|\bdated|\bban\s+hanh\s+ngay|\bky\s+ngay|\bissued\s+on|\bsigned\s+on)\s*,?\s*(?:ngay|dated|of|on)?\s*$/;
/** Words that make a period vague: its beginning or middle names no day. */
const VAGUE = /(?:\bdau|\bgiua|\bearly|\bmid-?|\blate|\bbeginning\s+of|\bstart\s+of|\bmiddle\s+of)\s*(?:the\s+)?$/;

interface Context {
  issuedOn: IsoDate;
  /** The day the unit received the document, for periods counted from receipt. */
  receivedOn: IsoDate | undefined;
  issueYear: number;
  issueMonth: number;
  calendar: CalendarData;
  text: Prepared;
  /** `flat` with the text of found mentions masked out. */
  work: string;
  mentions: Mention[];
  ranges: string[];
}

function before(ctx: Context, index: number, length = 48): string {
  return ctx.text.flat.slice(Math.max(0, index - length), index);
}

function quote(ctx: Context, m: { start: number; end: number }): string {
  return `"${ctx.text.raw.slice(m.start, m.end).trim()}"`;
}

/** A mention whose date is after the range is a refusal (a date before it is a past date, judged as such). */
function beyondRange<M extends Omit<Mention, 'start' | 'end'>>(found: M): M {
  if (found.dueOn === undefined || Number(found.dueOn.slice(0, -6)) <= Number(LATEST_DATE.slice(0, 4))) return found;
  const reason = `${found.dueOn} is after ${LATEST_DATE}, the last date the system takes`;
  const { dueOn: _dropped, ...rest } = found;
  return { ...rest, error: { code: 'out_of_range', reason } } as M;
}

/** Runs `re` over the unmasked text; each accepted match is recorded and masked. */
function scan(ctx: Context, re: RegExp, f: (m: RegExpExecArray, start: number, end: number) => Omit<Mention, 'start' | 'end'> | null) {
  for (const m of ctx.work.matchAll(re)) {
    const start = m.index;
    const end = start + m[0].length;
    const found = f(m, start, end);
    if (!found) continue;
    ctx.mentions.push({ ...beyondRange(found), start, end });
    ctx.work = ctx.work.slice(0, start) + '\u0000'.repeat(end - start) + ctx.work.slice(end);
  }
}

/** Why a year written in digits is not one a deadline can have (not 4 digits, after the range), or null. */
function yearRefusal(spec: string): string | null {
  if (!/^\d+$/.test(spec)) return null;
  if (spec.length !== 4)
    return `the year ${spec} is not a year written with 4 digits, from ${EARLIEST_DATE.slice(0, 4)} to ${LATEST_DATE.slice(0, 4)}`;
  return null;
}

function yearOf(spec: string, ctx: Context): number {
  if (/^\d+$/.test(spec)) return Number(spec);
  return /nay|this|current/.test(spec) ? ctx.issueYear : ctx.issueYear + 1;
}

function fullDate(ctx: Context, start: number, y: number, mo: number, d: number): Omit<Mention, 'start' | 'end'> {
  const pre = before(ctx, start);
  const base = { level: Level.Date, rule: 'explicit_date', cued: CUE.test(pre), reference: !CUE.test(pre) && REFERENCE.test(pre) };
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) {
    return { ...base, error: { code: 'impossible_date', reason: `${d}/${mo}/${y} is not a real date` } };
  }
  return { ...base, dueOn: makeDate(y, mo, d) };
}

function dayMonth(ctx: Context, start: number, mo: number, d: number): Omit<Mention, 'start' | 'end'> {
  const pre = before(ctx, start);
  const base = {
    level: Level.Date,
    rule: 'explicit_date_without_year',
    cued: CUE.test(pre),
    reference: !CUE.test(pre) && REFERENCE.test(pre),
  };
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(2024, mo)) {
    return { ...base, error: { code: 'impossible_date', reason: `${d}/${mo} is not a real date in any year` } };
  }
  for (let y = ctx.issueYear; y <= ctx.issueYear + 8; y++) {
    if (d <= daysInMonth(y, mo) && makeDate(y, mo, d) >= ctx.issuedOn) return { ...base, dueOn: makeDate(y, mo, d) };
  }
  return { ...base, error: { code: 'impossible_date', reason: `${d}/${mo} does not occur soon after the issue date` } };
}

/** The first period of the year ending in `lastMonth` whose last day is on or after the issue date. */
function nextPeriodEnd(ctx: Context, lastMonth: number): IsoDate {
  const end = lastDayOfMonth(ctx.issueYear, lastMonth);
  return end >= ctx.issuedOn ? end : lastDayOfMonth(ctx.issueYear + 1, lastMonth);
}

function period(
  ctx: Context,
  start: number,
  level: Level,
  lastMonth: number,
  yearSpec: string | undefined,
  rules: [withYear: string, withoutYear: string],
  label: string,
): Omit<Mention, 'start' | 'end'> {
  const rule = yearSpec ? rules[0] : rules[1];
  const badYear = yearSpec === undefined ? null : yearRefusal(yearSpec);
  if (badYear) return { level, rule, error: { code: 'out_of_range', reason: badYear } };
  if (VAGUE.test(before(ctx, start, 24))) {
    return { level, rule, error: { code: 'ambiguous', reason: `the beginning or middle of ${label} names no day` } };
  }
  return { level, rule, dueOn: yearSpec ? lastDayOfMonth(yearOf(yearSpec, ctx), lastMonth) : nextPeriodEnd(ctx, lastMonth) };
}

function addMonths(date: IsoDate, n: number): IsoDate {
  const { year, month, day } = parts(date);
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const mo = (index % 12) + 1;
  return makeDate(y, mo, Math.min(day, daysInMonth(y, mo)));
}

const YEAR_EN = '\\d{4,}|this\\s+year|next\\s+year|the\\s+current\\s+year|the\\s+following\\s+year';
const YEAR_VI = '\\d{4,}|nay|sau|toi';

function findMentions(ctx: Context): void {
  // 1. Written dates with a year.
  // Years are read with every digit written ("31/12/99999" is the year 99999, out of range, not no date at all).
  scan(ctx, /(?<![\d/.-])(\d{4,})([-/.])(\d{1,2})\2(\d{1,2})(?![\d/-]|\.\d)/g, (m, s) => fullDate(ctx, s, +m[1]!, +m[3]!, +m[4]!));
  scan(ctx, /(?<![\d/.-])(\d{1,2})([-/.])(\d{1,2})\2(\d{4,})(?![\d/-]|\.\d)/g, (m, s) => fullDate(ctx, s, +m[4]!, +m[3]!, +m[1]!));
  scan(ctx, /(?<![\d/])(\d{1,2})\s+thang\s+(\d{1,2})\s*,?\s*nam\s+(\d{4,})\b/g, (m, s) => fullDate(ctx, s, +m[3]!, +m[2]!, +m[1]!));
  scan(ctx, new RegExp(`\\b(${MON})\\.?\\s+(\\d{1,2})${ORD}\\s*,?\\s+(\\d{4,})\\b`, 'g'), (m, s) =>
    fullDate(ctx, s, +m[3]!, MONTHS_EN[m[1]!]!, +m[2]!),
  );
  scan(ctx, new RegExp(`\\b(?:the\\s+)?(\\d{1,2})${ORD}\\s+(?:day\\s+)?(?:of\\s+)?(${MON})\\.?\\s*,?\\s+(\\d{4,})\\b`, 'g'), (m, s) =>
    fullDate(ctx, s, +m[3]!, MONTHS_EN[m[2]!]!, +m[1]!),
  );

  // 2. Written dates without a year: after "ngày" or a deadline word ("trước 30/6"), or an English month name.
  scan(ctx, /(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})(?![\d/]|[.-]\d)/g, (m, s) => {
    const pre = before(ctx, s);
    return /\bngay\s*$/.test(pre) || CUE.test(pre) ? dayMonth(ctx, s, +m[3]!, +m[1]!) : null;
  });
  scan(ctx, /(?<![\d/])(\d{1,2})\s+thang\s+(\d{1,2})(?![\d/.-])/g, (m, s) =>
    /\bngay\s*$/.test(before(ctx, s)) ? dayMonth(ctx, s, +m[2]!, +m[1]!) : null,
  );
  // "may" is also a verb: without a year it needs a preposition or deadline word before it.
  const mayOk = (s: number) => CUE.test(before(ctx, s)) || /\b(?:in|on|of|during|from|to)\s+(?:the\s+)?$/.test(before(ctx, s));
  scan(ctx, new RegExp(`\\b(${MON})\\.?\\s+(\\d{1,2})${ORD}\\b(?!\\s*,?\\s*\\d|\\s*[:.]\\d)`, 'g'), (m, s) =>
    m[1] === 'may' && !mayOk(s) ? null : dayMonth(ctx, s, MONTHS_EN[m[1]!]!, +m[2]!),
  );
  scan(ctx, new RegExp(`\\b(?:the\\s+)?(\\d{1,2})${ORD}\\s+(?:day\\s+)?(?:of\\s+)?(${MON})\\b\\.?(?!\\s*,?\\s*\\d)`, 'g'), (m, s) =>
    m[2] === 'may' && !mayOk(s) ? null : dayMonth(ctx, s, MONTHS_EN[m[2]!]!, +m[1]!),
  );

  // 3. Ranges of years: a period referred to, never a deadline.
  const range = (m: RegExpExecArray) => {
    ctx.ranges.push(`${m[1]}–${m[2]}`);
    return { level: Level.Year, rule: 'range', reference: true };
  };
  scan(ctx, /(?<![\d/.-])(\d{4})\s*[-–—]\s*(\d{4})(?![\d/.-])/g, range);
  scan(ctx, /\b(?:from|between)\s+(\d{4})\s+(?:to|and|until|till)\s+(\d{4})\b/g, range);
  scan(ctx, /\btu\s+(?:nam\s+)?(\d{4})\s+(?:den|toi)\s+(?:het\s+)?(?:nam\s+)?(\d{4})\b/g, range);

  // 4. Half years (before periods in months: "6 tháng đầu năm" is not "within 6 months").
  const halfRules: [string, string] = ['half_year', 'half_year_without_year'];
  const halfVi = (m: RegExpExecArray, s: number) =>
    period(ctx, s, Level.Half, m[1] === 'dau' ? 6 : 12, m[2], halfRules, m[1] === 'dau' ? 'the first half year' : 'the second half year');
  scan(ctx, new RegExp(`\\b(?:6|sau)\\s+thang\\s+(dau|cuoi)\\s+nam(?:\\s*[/-]?\\s*(${YEAR_VI})\\b)?`, 'g'), halfVi);
  scan(ctx, new RegExp(`\\bnua\\s+(dau|cuoi)\\s+nam(?:\\s*[/-]?\\s*(${YEAR_VI})\\b)?`, 'g'), halfVi);
  scan(
    ctx,
    new RegExp(`\\b(first|second|1st|2nd|last)\\s+half(?:\\s+of)?(?:\\s+the\\s+year)?(?:\\s*,?\\s*(?:of\\s+)?(${YEAR_EN})\\b)?`, 'g'),
    (m, s) => period(ctx, s, Level.Half, /first|1st/.test(m[1]!) ? 6 : 12, m[2], halfRules, 'the half year'),
  );
  scan(
    ctx,
    new RegExp(`\\b(first|last)\\s+(?:six|6)\\s+months(?:\\s+of)?(?:\\s+the\\s+year)?(?:\\s*,?\\s*(?:of\\s+)?(${YEAR_EN})\\b)?`, 'g'),
    (m, s) => period(ctx, s, Level.Half, m[1] === 'first' ? 6 : 12, m[2], halfRules, 'the half year'),
  );
  scan(ctx, /\bh([12])\s*[-/]?\s*(\d{4,})\b/g, (m, s) =>
    period(ctx, s, Level.Half, m[1] === '1' ? 6 : 12, m[2], halfRules, 'the half year'),
  );
  scan(ctx, /\b(\d{4,})\s*[-/]?\s*h([12])\b/g, (m, s) =>
    period(ctx, s, Level.Half, m[2] === '1' ? 6 : 12, m[1], halfRules, 'the half year'),
  );

  // 5. Quarters.
  const quarterRules: [string, string] = ['quarter', 'quarter_without_year'];
  const quarter = (q: number, yearSpec: string | undefined, s: number) => {
    if (!(q >= 1 && q <= 4)) {
      return {
        level: Level.Quarter,
        rule: quarterRules[0],
        error: { code: 'impossible_date' as const, reason: 'a year has quarters I to IV only' },
      };
    }
    return period(ctx, s, Level.Quarter, q * 3, yearSpec, quarterRules, `quarter ${q}`);
  };
  const qNum = (x: string) => ROMAN[x] ?? Number(x);
  scan(ctx, new RegExp(`\\bquy\\s+(iv|iii|ii|i|v|\\d)\\b(?:\\s*[/.-]\\s*(\\d+)\\b|\\s*,?\\s*nam\\s+(${YEAR_VI})\\b)?`, 'g'), (m, s) =>
    quarter(qNum(m[1]!), m[2] ?? m[3], s),
  );
  scan(
    ctx,
    new RegExp(
      `\\b(first|second|third|fourth|last|1st|2nd|3rd|4th)\\s+quarter(?:\\s+of)?(?:\\s+the\\s+year)?(?:\\s*,?\\s*(?:of\\s+)?(${YEAR_EN})\\b)?`,
      'g',
    ),
    (m, s) => quarter(ORDINAL[m[1]!]!, m[2], s),
  );
  scan(ctx, /\bquarter\s+(iv|iii|ii|i|\d)\b(?:\s*,?\s*(?:of\s+)?(\d{4,})\b)?/g, (m, s) => quarter(qNum(m[1]!), m[2], s));
  scan(ctx, /\bq([1-4])\b(?:\s*[-/,]?\s*(\d{4,})\b)?/g, (m, s) => quarter(Number(m[1]), m[2], s));
  scan(ctx, /\b(\d{4,})\s*[-/]?\s*q([1-4])\b/g, (m, s) => quarter(Number(m[2]), m[1], s));
  scan(ctx, /\b(?:(this|next|the\s+current|the\s+next|the\s+following)\s+quarter|quy\s+(nay|toi|sau))\b/g, (m) => {
    const next = /next|following|toi|sau/.test(m[1] ?? m[2]!);
    const q = Math.ceil(ctx.issueMonth / 3) + (next ? 1 : 0);
    const y = ctx.issueYear + (q > 4 ? 1 : 0);
    return { level: Level.Quarter, rule: 'relative_period', dueOn: lastDayOfMonth(y, (((q - 1) % 4) + 1) * 3) };
  });

  // 6. Months.
  const monthRules: [string, string] = ['month', 'month_without_year'];
  const month = (mo: number, yearSpec: string | undefined, s: number) => {
    if (!(mo >= 1 && mo <= 12)) {
      return { level: Level.Month, rule: monthRules[0], error: { code: 'impossible_date' as const, reason: `there is no month ${mo}` } };
    }
    return period(ctx, s, Level.Month, mo, yearSpec, monthRules, `month ${mo}`);
  };
  scan(ctx, new RegExp(`\\bthang\\s+(\\d{1,2})(?:\\s*[/.-]\\s*(\\d{3,})\\b|\\s*,?\\s*nam\\s+(${YEAR_VI})\\b)`, 'g'), (m, s) =>
    month(Number(m[1]), m[2] ?? m[3], s),
  );
  scan(ctx, new RegExp(`\\b(${MON})\\.?\\s*,?\\s+(?:of\\s+)?(${YEAR_EN})\\b`, 'g'), (m, s) =>
    m[1] === 'may' && !/^\d/.test(m[2]!) && !mayOk(s) ? null : month(MONTHS_EN[m[1]!]!, m[2], s),
  );
  scan(ctx, /\bthang\s+(\d{1,2})\b(?!\s*[/.-]\s*\d)/g, (m, s) => month(Number(m[1]), undefined, s));
  scan(
    ctx,
    new RegExp(
      `\\b(?:in|by|before|during|until|till|through|throughout|within|for|end\\s+of|the\\s+end\\s+of)\\s+(?:the\\s+)?(?:month\\s+of\\s+)?(${MON})\\b\\.?(?!\\s*,?\\s*\\d)`,
      'g',
    ),
    (m, s) => month(MONTHS_EN[m[1]!]!, undefined, s),
  );
  scan(
    ctx,
    /(?<!\d\s*)\b(?:(this|next|the\s+current|the\s+next|the\s+following)\s+month|thang\s+(nay|toi|sau)|(?:the\s+)?end\s+of\s+the\s+(month))\b/g,
    (m) => {
      const next = /next|following|toi|sau/.test(m[1] ?? m[2] ?? m[3]!);
      const index = ctx.issueYear * 12 + ctx.issueMonth - 1 + (next ? 1 : 0);
      return { level: Level.Month, rule: 'relative_period', dueOn: lastDayOfMonth(Math.floor(index / 12), (index % 12) + 1) };
    },
  );

  // 7. Periods counted from the issue date (or a written date): "trong 10 ngày làm việc", "within 15 days".
  const unit = '(ngay\\s+lam\\s+viec|ngay|tuan|thang|nam|(?:working|business|work)\\s+days?|(?:calendar\\s+)?days?|weeks?|months?|years?)';
  const prefix =
    '(trong(?:\\s+(?:vong|thoi\\s+han|thoi\\s+gian))?|khong\\s+qua|toi\\s+da|cham\\s+nhat(?:\\s+la)?|sau|within|in|no\\s+later\\s+than|not\\s+later\\s+than|no\\s+more\\s+than|not\\s+more\\s+than|at\\s+most|after)';
  scan(ctx, new RegExp(`(?:\\b${prefix}\\s+)?(-\\s*)?\\b(${NUM})(?:\\s*\\([^)]{1,40}\\))?\\s+${unit}\\b`, 'dg'), (m, s, e) => {
    const [numberStart, numberEnd] = m.indices![3]!;
    const n = countOf(m[3]!, ctx.text.lower.slice(numberStart, numberEnd), ctx.text.lower !== ctx.text.flat);
    if (n === null) return null;
    const u = m[4]!;
    const after = ctx.text.flat.slice(e, e + 120);
    const from = /^\s*,?\s*(?:ke\s+tu|tinh\s+tu|from|after|following|of|since|starting)\b/.test(after);
    if (!m[1] && !from) return null;
    // "a"/"an" is a count only right after "within", "in", "trong"...: "once a month" is a recurrence.
    if (/^an?$/.test(m[3]!) && !m[1]) return null;
    const kind = /lam viec|working|business|work/.test(u)
      ? 'within_working_days'
      : /^(?:ngay|(?:calendar\s+)?days?)$/.test(u)
        ? 'within_days'
        : /tuan|week/.test(u)
          ? 'within_weeks'
          : /thang|month/.test(u)
            ? 'within_months'
            : 'within_years';
    let rule = kind;
    const base = { level: Level.Within, rule: kind };
    if (m[2] || n === 0) {
      return {
        ...base,
        error: { code: 'invalid_period' as const, reason: `a period of ${m[2] ? '-' : ''}${n} counts no day: give a period of at least 1` },
      };
    }
    let anchor: IsoDate = ctx.issuedOn;
    if (from) {
      const connector =
        /^\s*,?\s*(?:ke\s+tu|tinh\s+tu|from|after|following|of|since|starting)\b\s*(?:the\s+)?(?:ngay\b\s*|date\s+(?:of\s+)?)?/.exec(
          after,
        )?.[0] ?? '';
      const rest = after.slice(connector.length);
      const written = ctx.mentions.find((x) => x.level === Level.Date && x.start >= e && x.start <= e + connector.length + 2);
      if (written) {
        written.anchor = true;
        if (written.error) return { ...base, error: written.error };
        anchor = written.dueOn!;
      } else if (/^(?:nhan|receiv|receipt|the\s+receipt)/.test(rest)) {
        // Counted from the day the unit received the document: its start in the system, given as receivedOn.
        anchor = ctx.receivedOn ?? ctx.issuedOn;
        rule = ctx.receivedOn ? 'from_receipt' : 'from_receipt_assumed_issue_date';
      } else if (
        !/^(?:(?:van\s+ban|thong\s+bao|chi\s+thi|quyet\s+dinh|cong\s+van|ket\s+luan|nghi\s+quyet)\s+(?:nay\s+)?(?:duoc\s+)?(?:ky|ban\s+hanh)|ky|ban\s+hanh|this\s+(?:notice|document|directive|decision|letter|conclusion|dispatch)|(?:the\s+)?(?:signing|signature|issu(?:e|ance|ing))|(?:date\s+of\s+)?this|now|today|hom\s+nay|nay)\b/.test(
          rest,
        )
      ) {
        return { ...base, error: { code: 'ambiguous', reason: 'counted from an event whose date the text does not give' } };
      }
    }
    if (kind === 'within_working_days') {
      const dueOn = addWorkingDays(ctx.calendar, anchor, n);
      return { ...base, rule, dueOn, provisional: touchesProvisionalYear(ctx.calendar, addDays(anchor, 1), dueOn) };
    }
    // Civil Code 2015 art. 147 §2: counted from the day after the event; art. 148 §2–4: a period in weeks, months
    // or years ends on the corresponding day of its last week, month (or that month's last day) or year; §5: a
    // last day that is a weekend day or a holiday moves to the next working day.
    const lastDay =
      kind === 'within_days'
        ? addDays(anchor, n)
        : kind === 'within_weeks'
          ? addDays(anchor, 7 * n)
          : addMonths(anchor, kind === 'within_months' ? n : 12 * n);
    // A period ending past the range is refused (beyondRange); no calendar of such a year is looked at.
    if (!isDateInRange(lastDay)) return { ...base, rule, dueOn: lastDay };
    const dueOn = workingDayOnOrAfter(ctx.calendar, lastDay);
    return { ...base, rule, dueOn, provisional: touchesProvisionalYear(ctx.calendar, lastDay, dueOn) };
  });

  // 8. Years.
  const year = (spec: string, s: number, rule = 'year') => {
    if (VAGUE.test(before(ctx, s, 24)))
      return { level: Level.Year, rule, error: { code: 'ambiguous' as const, reason: `the beginning or middle of a year names no day` } };
    const badYear = yearRefusal(spec);
    if (badYear) return { level: Level.Year, rule, error: { code: 'out_of_range' as const, reason: badYear } };
    return { level: Level.Year, rule, dueOn: makeDate(yearOf(spec, ctx), 12, 31) };
  };
  scan(ctx, /\bnam\s+(\d{4,})\b/g, (m, s) => year(m[1]!, s));
  scan(ctx, /\b(?:in|during|by|before|until|till|through|throughout|within)\s+(?:the\s+year\s+)?(\d{4,})\b/g, (m, s) => year(m[1]!, s));
  scan(ctx, /\b(?:(?:the\s+)?end\s+of|end-|year-end|year\s+end|the\s+year)\s*(?:the\s+year\s+)?(\d{4,})\b/g, (m, s) => year(m[1]!, s));
  scan(ctx, /\b(early|mid|late)[-\s]+(\d{4})\b/g, () => ({
    level: Level.Year,
    rule: 'year',
    error: { code: 'ambiguous', reason: 'an early, middle or late part of a year names no day' },
  }));
  scan(ctx, /\bnam\s+(nay|sau|toi)\b/g, (m, s) => year(m[1]!, s, 'relative_period'));
  scan(ctx, /\b(this|next|the\s+current|the\s+following)\s+year\b/g, (m, s) => year(m[1]!, s, 'relative_period'));
  scan(ctx, /\b(?:(?:the\s+)?end\s+of\s+the\s+year|year[-\s]end|(?:cuoi|trong|het)\s+nam(?!\s*[a-z0-9~]))/g, (_m, s) =>
    year('nay', s, 'relative_period'),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Recurrence

const RECURRENCES: [DeadlineFrequency | 'unsupported', RegExp][] = [
  [
    'monthly',
    /\b(?:hang|moi|tung)\s+thang\b|\bdinh\s+ky\s+thang\b|\bmonthly\b|\b(?:every|each)\s+month\b|\bonce\s+a\s+month\b|\bper\s+month\b/,
  ],
  [
    'quarterly',
    /\b(?:hang|moi|tung)\s+quy\b|\bdinh\s+ky\s+quy\b|\bquarterly\b|\b(?:every|each)\s+quarter\b|\bonce\s+a\s+quarter\b|\bper\s+quarter\b/,
  ],
  [
    'half_yearly',
    // "6 tháng đầu năm" / "6 tháng cuối năm" name one half year, a deadline, not a recurrence.
    /\b(?:(?:hang|moi|tung|dinh\s+ky)\s+|bao\s+cao\s+(?:dinh\s+ky\s+)?)(?:6|sau)\s+thang\b(?!\s+(?:dau|cuoi)\b)|\bsemi-?annual(?:ly)?\b|\bbi-?annual(?:ly)?\b|\bhalf-?yearly\b|\btwice\s+a\s+year\b|\b(?:every|each)\s+(?:6|six)\s+months\b/,
  ],
  [
    'yearly',
    /\b(?:hang|moi|tung)\s+nam\b|\bdinh\s+ky\s+nam\b|(?<![a-z]-)\b(?:yearly|annually)\b|\b(?:every|each)\s+year\b|\bonce\s+a\s+year\b|\bper\s+year\b/,
  ],
  [
    'continuous',
    /\bthuong\s+xuyen\b|\bongoing\b|\bon-going\b|\bcontinuously\b|\bregularly\b|\bon\s+a\s+(?:regular|continuous|continuing)\s+basis\b/,
  ],
  ['unsupported', /\b(?:hang|moi|tung)\s+(?:tuan|ngay)\b|\bweekly\b|\bdaily\b|\b(?:every|each)\s+(?:week|day)\b/],
];

/** The months periods of each frequency end in: a due day is a day of the period's last month (periodDueOn). */
const LAST_MONTHS: Record<Exclude<DeadlineFrequency, 'continuous'>, readonly number[]> = {
  monthly: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  quarterly: [3, 6, 9, 12],
  half_yearly: [6, 12],
  yearly: [12],
};

/** A day of every month ("trước ngày 20 hằng tháng", "before the 15th of every month"). */
const DAY_OF_EVERY_MONTH = [
  /\bngay\s+(\d{1,2})\s+(?:cua\s+)?(?:cac\s+)?(?:hang|moi|tung)\s+thang\b/g,
  /\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:day\s+)?of\s+(?:every|each|the)\s+month\b/g,
  /\bday\s+(\d{1,2})\s+of\s+(?:every|each|the)\s+month\b/g,
];
/** A day of the period's last month ("trước ngày 20 tháng cuối quý", "by the 20th of the last month of each quarter"). */
const DAY_OF_LAST_MONTH = [
  /\bngay\s+(\d{1,2})\s+(?:cua\s+)?thang\s+cuoi\s+(?:cung\s+)?(?:cua\s+)?(?:moi\s+|hang\s+|tung\s+)?(?:quy|ky(?:\s+bao\s+cao)?|nam|(?:6|sau)\s+thang)\b/g,
  /\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:day\s+)?of\s+the\s+last\s+month\s+of\s+(?:every|each|the)\s+(?:quarter|half[-\s]year|year|period)\b/g,
];

type Recurrence = Extract<DeadlineResolution, { recurring: true }>;

/** The due day a recurring obligation names, if any; an error when it names one that does not fit. */
function recurrenceDay(
  ctx: Context,
  shown: string,
  frequency: DeadlineFrequency,
  dated: Mention[],
): { dueDay: number | undefined } | DeadlineResolution {
  const flat = ctx.text.flat;
  const found: { day: number; lastMonth: boolean; text: string }[] = [];
  for (const re of DAY_OF_EVERY_MONTH) for (const m of flat.matchAll(re)) found.push({ day: Number(m[1]), lastMonth: false, text: m[0] });
  for (const re of DAY_OF_LAST_MONTH) for (const m of flat.matchAll(re)) found.push({ day: Number(m[1]), lastMonth: true, text: m[0] });
  for (const m of dated) {
    if (m.rule !== 'explicit_date_without_year' || m.error || frequency === 'continuous') {
      return fail('ambiguous', `${shown} gives both a ${frequency} recurrence and a deadline (${quote(ctx, m)}): give the due date`);
    }
    const { month, day } = parts(m.dueOn!);
    if (!LAST_MONTHS[frequency].includes(month) || frequency === 'monthly') {
      const reason = `${quote(ctx, m)} is not a day of the last month of a ${frequency.replace('_', '-')} period: give the due date`;
      return fail('ambiguous', `${shown}: ${reason}`);
    }
    found.push({ day, lastMonth: true, text: quote(ctx, m) });
  }
  if (found.length === 0) {
    // A day the patterns above do not place ("trước ngày 20 tháng đầu quý sau") is refused, not dropped.
    const loose = /\bngay\s+(\d{1,2})\b(?!\s*[/.-]\s*\d)/.exec(ctx.work);
    if (loose && frequency !== 'continuous') {
      return fail('ambiguous', `${shown} names day ${loose[1]} of a period in a way that is not understood: give the due day`);
    }
    return { dueDay: undefined };
  }
  const days = [...new Set(found.map((f) => f.day))];
  if (days.length > 1) return fail('ambiguous', `${shown} names several due days (${days.join(', ')})`);
  const dueDay = days[0]!;
  if (dueDay < 1 || dueDay > 31) return fail('impossible_date', `${shown}: no month has a day ${dueDay}`);
  if (frequency === 'continuous')
    return fail('ambiguous', `${shown} is a standing obligation with no period, so day ${dueDay} is of no period`);
  if (found.some((f) => !f.lastMonth) && frequency !== 'monthly') {
    return fail('ambiguous', `${shown} names a day of every month for a ${frequency.replace('_', '-')} obligation: give the due day`);
  }
  if (found.some((f) => f.lastMonth) && frequency === 'monthly') {
    return fail('ambiguous', `${shown} names a day of the last month of a longer period for a monthly obligation`);
  }
  return { dueDay };
}

// ---------------------------------------------------------------------------------------------------------------

// Time of day

/** A time right before the date, with only "ngày", "on" or "the" between ("trước 17h00 ngày …", "before 5 pm on …"). */
const TIME_BEFORE_DATE = new RegExp(`(${TIME_OF_DAY})\\s*,?\\s*(?:(?:ngay|on|the)\\s*)*$`, 'd');
/** A time right after the date, with only "lúc", "vào", "trước", "at", "before", "by" between ("ngày … lúc 17h00"). */
const TIME_AFTER_DATE = new RegExp(`^\\s*,?\\s*(?:(?:luc|vao|truoc|at|before|by)\\s*)*(${TIME_OF_DAY})`, 'd');

/** The time of day written next to a date mention as "hh:mm" (24-hour), an error when it is no time, or null. */
function timeOfDayBeside(ctx: Context, m: Mention): { hhmm: string } | { error: string } | null {
  const flat = ctx.text.flat;
  const from = Math.max(0, m.start - 40);
  const before = TIME_BEFORE_DATE.exec(flat.slice(from, m.start));
  const after = before ? null : TIME_AFTER_DATE.exec(flat.slice(m.end, m.end + 40));
  const found = before ?? after;
  if (!found) return null;
  const written = found[1]!;
  const at = (before ? from : m.end) + found.indices![1]![0];
  const shown = `"${ctx.text.lower.slice(at, at + written.length).trim()}"`;
  const [hourText, minuteText] = written.match(/\d+/g)!;
  let hour = Number(hourText);
  const minute = Number(minuteText ?? 0);
  const meridiem = /([ap])\.?\s?m/.exec(written)?.[1];
  if (meridiem) {
    if (hour < 1 || hour > 12) return { error: `${shown} is not a time of day` };
    hour = (hour % 12) + (meridiem === 'p' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return { error: `${shown} is not a time of day` };
  return { hhmm: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}` };
}

// ---------------------------------------------------------------------------------------------------------------

function fail(code: DeadlineErrorCode, reason: string): DeadlineResolution {
  return { ok: false, code, reason };
}

/** Resolves a deadline phrase of a directive issued on `issuedOn`; see DEADLINE_RULES. */
export function resolveDeadline(
  text: string,
  issuedOn: IsoDate,
  calendar: CalendarData,
  options: DeadlineOptions = {},
): DeadlineResolution {
  if (!isIsoDate(issuedOn)) throw new RangeError(`not an issue date: ${issuedOn}`);
  const { receivedOn } = options;
  if (receivedOn !== undefined && !isIsoDate(receivedOn)) throw new RangeError(`not a date of receipt: ${receivedOn}`);
  const prepared = prepare(text);
  const { year: issueYear, month: issueMonth } = parts(issuedOn);
  const ctx: Context = {
    issuedOn,
    receivedOn,
    issueYear,
    issueMonth,
    calendar,
    text: prepared,
    work: prepared.flat,
    mentions: [],
    ranges: [],
  };
  findMentions(ctx);
  const shown = `"${prepared.raw.trim()}"`;

  const deadlines = ctx.mentions.filter((m) => !m.reference && !m.anchor).sort((a, b) => a.start - b.start);
  const future = (m: Mention) => m.dueOn !== undefined && m.dueOn >= issuedOn;
  const hasFuture = deadlines.some(future);
  /** Past dates with no deadline word are background ("Chiến thắng 30/4/1975") once a real deadline is there. */
  const relevant = deadlines.filter((m) => !(hasFuture && m.dueOn !== undefined && m.dueOn < issuedOn && !m.cued));

  const frequencies = RECURRENCES.filter(([, re]) => re.test(prepared.flat)).map(([f]) => f);
  if (frequencies.length > 1) return fail('ambiguous', `${shown} names several recurrences (${frequencies.join(', ')})`);
  const frequency = frequencies[0];
  if (frequency === 'unsupported') {
    return fail('ambiguous', `${shown} is a weekly or daily obligation, which has no single due date here: give the due date`);
  }
  if (frequency) {
    const dated = relevant.filter((m) => m.cued || m.error || future(m));
    const day = recurrenceDay(ctx, shown, frequency, dated);
    if ('ok' in day) return day;
    const recurrence: Recurrence = { ok: true, recurring: true, frequency, rule: 'recurring' };
    return day.dueDay === undefined ? recurrence : { ...recurrence, dueDay: day.dueDay };
  }

  const impossible = relevant.find((m) => m.error?.code === 'impossible_date');
  if (impossible) return fail('impossible_date', `${quote(ctx, impossible)}: ${impossible.error!.reason}`);
  // A written date past the range refuses the text as an impossible one does; a year or period past it only when
  // it is the most precise mention (a five-digit count after "in" is not a year that spoils a written date).
  const outOfRange = relevant.find((m) => m.error?.code === 'out_of_range' && m.level === Level.Date);
  if (outOfRange) return fail('out_of_range', `${quote(ctx, outOfRange)}: ${outOfRange.error!.reason}`);
  const invalid = relevant.find((m) => m.error?.code === 'invalid_period');
  if (invalid) return fail('invalid_period', `${quote(ctx, invalid)}: ${invalid.error!.reason}`);
  if (relevant.length === 0) {
    if (ctx.ranges.length)
      return fail('no_deadline', `${shown} names a range of years (${ctx.ranges.join(', ')}), a period, not a deadline`);
    return fail('no_deadline', `no deadline found in ${shown}`);
  }

  const top = Math.min(...relevant.map((m) => m.level));
  let group = relevant.filter((m) => m.level === top);
  if (top === Level.Date && group.some((m) => m.cued)) group = group.filter((m) => m.cued);
  const vague = group.find((m) => m.error);
  if (vague)
    return fail(vague.error!.code === 'out_of_range' ? 'out_of_range' : 'ambiguous', `${quote(ctx, vague)}: ${vague.error!.reason}`);
  const distinct = [...new Map(group.map((m) => [m.dueOn!, m])).values()];
  if (distinct.length > 1) {
    const listed = distinct.map((m) => `${m.dueOn} (${quote(ctx, m)})`).join(' and ');
    return fail('ambiguous', `${shown} gives different deadlines: ${listed}`);
  }
  const chosen = distinct[0]!;
  const dueOn = chosen.dueOn!;
  if (!isDateInRange(dueOn)) {
    return fail(
      'out_of_range',
      `${quote(ctx, chosen)} resolves to ${dueOn}, outside the dates the system takes (${EARLIEST_DATE} to ${LATEST_DATE})`,
    );
  }
  if (dueOn < issuedOn) return fail('before_issue_date', `${quote(ctx, chosen)} resolves to ${dueOn}, before the issue date ${issuedOn}`);
  const time = chosen.level === Level.Date ? timeOfDayBeside(ctx, chosen) : null;
  if (time && 'error' in time) return fail('impossible_date', time.error);
  const resolved = {
    ok: true as const,
    recurring: false as const,
    dueOn,
    ...(time ? { dueAt: atTimeVn(dueOn, time.hhmm).toISOString() } : {}),
    rule: chosen.rule,
  };
  return chosen.provisional ? { ...resolved, provisional: true } : resolved;
}
