/**
 * Deadline phrases of Vietnamese directives, in Vietnamese or English, resolved against the issue date.
 * Rules in precedence order (see DEADLINE_RULES): an explicit date; a relative period in (working) days;
 * a month, quarter, half year or year (its last day); a recurring obligation. Never a guess: text with no
 * deadline, two different deadlines, or an impossible date is an error with a reason.
 */
import { addWorkingDays, type CalendarData } from './calendar';
import { addDays, daysInMonth, lastDayOfMonth, makeDate, parts, type IsoDate } from './dates';

export type Frequency = 'monthly' | 'quarterly' | 'yearly' | 'continuous';
export type DeadlineResolution =
  | { ok: true; recurring: false; dueOn: IsoDate; rule: string }
  | { ok: true; recurring: true; frequency: Frequency; rule: string }
  | { ok: false; code: 'no_deadline' | 'impossible_date' | 'before_issue_date' | 'ambiguous'; reason: string };

export const DEADLINE_RULES: readonly { rule: string; description: string; examples: string[] }[] = [
  { rule: 'explicit_date', description: 'A written date is the deadline itself (administrative practice: "trước ngày 10/5" means by 10 May).', examples: ['before May 10, 2024', 'trước ngày 30/6/2024', 'chậm nhất ngày 15 tháng 6 năm 2024', '2024-06-15', 'the 15th of June 2024'] },
  { rule: 'within_working_days', description: 'The N-th working day after the issue date on the official calendar (weekends and days off skipped, swapped Saturdays counted).', examples: ['within 10 working days', 'trong 10 ngày làm việc'] },
  { rule: 'within_days', description: 'N calendar days after the issue date.', examples: ['within 15 days', 'trong vòng 15 ngày'] },
  { rule: 'month', description: 'The last day of the month; without a year, the next such month on or after the issue date. "Before December 2024" in a directive means within December.', examples: ['in May 2024', 'by December 2025', 'trong tháng 5/2024', 'tháng 9/2025'] },
  { rule: 'quarter', description: 'The last day of the quarter; without a year, the next such quarter on or after the issue date.', examples: ['in the second quarter of 2024', 'Q4 2025', 'quý II/2024'] },
  { rule: 'half_year', description: '30 June for the first half, 31 December for the second.', examples: ['first half of 2024', '6 tháng đầu năm 2025', '6 tháng cuối năm 2025'] },
  { rule: 'year', description: '31 December of the year.', examples: ['during 2025', 'in 2025', 'trong năm 2025', 'by the end of 2025'] },
  { rule: 'recurring', description: 'A standing obligation: monthly, quarterly, yearly or continuous.', examples: ['report every month', 'hằng tháng', 'hằng quý', 'hằng năm', 'thường xuyên'] },
];

const MONTHS_EN: Record<string, number> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const MONTH_NAMES = Object.keys(MONTHS_EN).sort((a, b) => b.length - a.length).join('|');
const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, '1': 1, '2': 2, '3': 3, '4': 4 };
const ORDINAL: Record<string, number> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4 };

/** Lower case, no diacritics (đ → d), single spaces: "Quý II/2024" and "quy ii/2024" read the same. */
function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

interface Candidate {
  rule: string;
  dueOn: IsoDate | null;
  error?: string;
}

function checkedDate(y: number, m: number, d: number): Candidate {
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return { rule: 'explicit_date', dueOn: null, error: `${d}/${m}/${y} is not a real date` };
  return { rule: 'explicit_date', dueOn: makeDate(y, m, d) };
}

function explicitDates(t: string): Candidate[] {
  const found: Candidate[] = [];
  const take = (re: RegExp, f: (m: RegExpExecArray) => Candidate) => {
    for (const m of t.matchAll(re)) found.push(f(m as RegExpExecArray));
  };
  take(/\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g, (m) => checkedDate(+m[1]!, +m[2]!, +m[3]!));
  take(/\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b/g, (m) => checkedDate(+m[3]!, +m[2]!, +m[1]!));
  take(/\bngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})\b/g, (m) => checkedDate(+m[3]!, +m[2]!, +m[1]!));
  take(new RegExp(`\\b(${MONTH_NAMES})\\.? (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4})\\b`, 'g'), (m) => checkedDate(+m[3]!, MONTHS_EN[m[1]!]!, +m[2]!));
  take(new RegExp(`\\b(?:the )?(\\d{1,2})(?:st|nd|rd|th)?(?: of)? (${MONTH_NAMES}),? (\\d{4})\\b`, 'g'), (m) => checkedDate(+m[3]!, MONTHS_EN[m[2]!]!, +m[1]!));
  return found;
}

function nextYearFor(issued: IsoDate, lastMonth: number): number {
  const { year, month } = parts(issued);
  return lastMonth >= month ? year : year + 1;
}

function periods(t: string, issuedOn: IsoDate): Candidate[] {
  const found: Candidate[] = [];
  // Quarters: "quy II/2024", "quy 2 nam 2024", "Q4 2025", "second quarter of 2024", "quarter 3".
  for (const m of t.matchAll(/\bquy (iv|iii|ii|i|[1-4])\b(?:(?: ?\/ ?| nam | )(\d{4}))?/g)) found.push(quarter(+(ROMAN[m[1]!] ?? 0), m[2], issuedOn));
  for (const m of t.matchAll(/\bq([1-4])\b(?:[ /-]?(\d{4}))?/g)) found.push(quarter(+m[1]!, m[2], issuedOn));
  for (const m of t.matchAll(/\b(first|second|third|fourth|1st|2nd|3rd|4th) quarter\b(?:(?: of)? (\d{4}))?/g)) found.push(quarter(ORDINAL[m[1]!]!, m[2], issuedOn));
  // Half years.
  for (const m of t.matchAll(/\b6 thang (dau|cuoi) nam (\d{4})\b/g)) found.push(half(m[1] === 'dau' ? 1 : 2, +m[2]!));
  for (const m of t.matchAll(/\b(first|second) half(?: of(?: the year)?)? (\d{4})\b/g)) found.push(half(m[1] === 'first' ? 1 : 2, +m[2]!));
  // Months: "thang 5/2024", "thang 5 nam 2024", "in May 2024", "May".
  for (const m of t.matchAll(/\bthang (\d{1,2})(?:(?: ?\/ ?| nam )(\d{4}))?\b/g)) {
    if (/^\s*(?:lam viec|\d)/.test(t.slice(m.index! + m[0].length))) continue;
    found.push(month(+m[1]!, m[2], issuedOn));
  }
  for (const m of t.matchAll(new RegExp(`\\b(${MONTH_NAMES})\\b(?:,? (\\d{4}))?`, 'g'))) {
    if (m[1] === 'may' && !m[2] && !/\b(in|by|before|until|end of|during) may$/.test(t.slice(0, m.index! + 3))) continue; // the verb "may"
    found.push(month(MONTHS_EN[m[1]!]!, m[2], issuedOn));
  }
  // The most specific period wins: "6 tháng đầu năm 2024" is a half year, not the year 2024.
  if (found.length) return found;
  // Years: "trong nam 2025", "nam 2025", "during 2025", "in 2025", "by (the end of) 2025", "cuoi nam 2025".
  for (const m of t.matchAll(/\b(?:(?:trong |cuoi |den het |truoc het )?nam|during|in|by(?: the end of)?|end of|within|before the end of) (\d{4})\b/g)) {
    found.push({ rule: 'year', dueOn: makeDate(+m[1]!, 12, 31) });
  }
  return found;
}

function quarter(q: number, year: string | undefined, issuedOn: IsoDate): Candidate {
  const lastMonth = q * 3;
  const y = year ? +year : nextYearFor(issuedOn, lastMonth);
  return { rule: 'quarter', dueOn: lastDayOfMonth(y, lastMonth) };
}
function half(h: number, year: number): Candidate {
  return { rule: 'half_year', dueOn: h === 1 ? makeDate(year, 6, 30) : makeDate(year, 12, 31) };
}
function month(m: number, year: string | undefined, issuedOn: IsoDate): Candidate {
  if (m < 1 || m > 12) return { rule: 'month', dueOn: null, error: `month ${m} does not exist` };
  const y = year ? +year : nextYearFor(issuedOn, m);
  return { rule: 'month', dueOn: lastDayOfMonth(y, m) };
}

const RECURRING: [RegExp, Frequency][] = [
  [/\b(monthly|every month|each month|hang thang|dinh ky thang)\b/, 'monthly'],
  [/\b(quarterly|every quarter|each quarter|hang quy|dinh ky quy)\b/, 'quarterly'],
  [/\b(yearly|annually|every year|each year|hang nam|dinh ky nam)\b/, 'yearly'],
  [/\b(ongoing|continuously|continuous|regularly|thuong xuyen|lien tuc)\b/, 'continuous'],
];

export function resolveDeadline(text: string, issuedOn: IsoDate, calendar: CalendarData): DeadlineResolution {
  const t = normalise(text);
  const recurring = RECURRING.filter(([re]) => re.test(t)).map(([, f]) => f);

  const relative: Candidate[] = [];
  for (const m of t.matchAll(/\b(?:within|in) (\d{1,3}) working days?\b|\btrong (?:vong |thoi han )?(\d{1,3}) ngay lam viec\b/g)) {
    relative.push({ rule: 'within_working_days', dueOn: addWorkingDays(calendar, issuedOn, +(m[1] ?? m[2])!) });
  }
  if (relative.length === 0) {
    for (const m of t.matchAll(/\b(?:within|in) (\d{1,3}) (?:calendar )?days?\b|\btrong (?:vong |thoi han )?(\d{1,3}) ngay\b/g)) {
      relative.push({ rule: 'within_days', dueOn: addDays(issuedOn, +(m[1] ?? m[2])!) });
    }
  }
  const explicit = explicitDates(t);
  // A written date wins over a period it contains ("before May 10, 2024" also mentions May 2024).
  let candidates = explicit.length ? explicit : relative.length ? relative : periods(t, issuedOn);
  // "2022-2023" style ranges of years are a period referred to, not a deadline.
  if (!explicit.length && /\b\d{4} ?- ?\d{4}\b/.test(t)) candidates = candidates.filter((c) => c.rule !== 'year');

  const broken = candidates.find((c) => c.error);
  if (broken) return { ok: false, code: 'impossible_date', reason: broken.error! };
  const dates = [...new Set(candidates.map((c) => c.dueOn!))];
  if (recurring.length && dates.length) {
    return { ok: false, code: 'ambiguous', reason: `"${text}" gives both a recurrence (${recurring[0]}) and a date (${dates[0]})` };
  }
  if (recurring.length) {
    if (new Set(recurring).size > 1) return { ok: false, code: 'ambiguous', reason: `"${text}" names several recurrences: ${[...new Set(recurring)].join(', ')}` };
    return { ok: true, recurring: true, frequency: recurring[0]!, rule: 'recurring' };
  }
  if (dates.length === 0) return { ok: false, code: 'no_deadline', reason: `no deadline found in "${text}"` };
  if (dates.length > 1) return { ok: false, code: 'ambiguous', reason: `"${text}" gives several deadlines: ${dates.join(', ')}` };
  const dueOn = dates[0]!;
  if (dueOn < issuedOn) return { ok: false, code: 'before_issue_date', reason: `${dueOn} is before the issue date ${issuedOn}` };
  return { ok: true, recurring: false, dueOn, rule: candidates[0]!.rule };
}
