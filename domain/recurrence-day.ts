/**
 * The recurrence a task's text names and the day its report is due: "báo cáo định kỳ hằng tháng, trước ngày
 * 20 hằng tháng" (monthly, day 20 of every month), "hằng quý, trước ngày 05 của tháng cuối quý" (quarterly,
 * day 5 of the quarter's last month), "định kỳ 6 tháng, trước ngày 20 của tháng cuối kỳ báo cáo". Pure; read
 * without diacritics, so "hang thang" is read too. Weekly and daily obligations are not recurrences here.
 */
import type { DeadlineFrequency } from './deadlines';
import { flatten } from './task-table';

export type PeriodicFrequency = Exclude<DeadlineFrequency, 'continuous'>;

export interface RecurrenceFound {
  frequency: PeriodicFrequency;
  /** The due day, or null when the text names none (then the period's last working day). */
  day: number | null;
  /** Whether the day is of every month or of the period's last month. */
  dayOf: 'every_month' | 'last_month_of_period' | null;
  /** The words it was read from, as written, and where they are in the text. */
  phrase: string;
  start: number;
  end: number;
}

const UNIT_OF_PERIOD: Record<string, PeriodicFrequency> = { thang: 'monthly', quy: 'quarterly', nam: 'yearly' };

/** "hằng tháng", "định kỳ hằng quý", "mỗi năm", "định kỳ 6 tháng" (not "6 tháng đầu năm", one half year). */
const FREQUENCY =
  /\b(?:dinh\s+ky\s+)?(?:hang|moi|tung)\s+(thang|quy|nam)\b|\bdinh\s+ky\s+(thang|quy|nam)\b|\b(?:(?:hang|moi|tung|dinh\s+ky)\s+)(?:6|sau)\s+thang\b(?!\s+(?:dau|cuoi)\b)|\b(monthly|quarterly|annually|yearly|half-yearly|semi-annually)\b/g;
const DAY_OF_EVERY_MONTH = /\bngay\s+(\d{1,2})\s+(?:cua\s+)?(?:cac\s+)?(?:hang|moi|tung)\s+thang\b/g;
const DAY_OF_LAST_MONTH =
  /\bngay\s+(\d{1,2})\s+(?:cua\s+)?thang\s+cuoi\s+(?:cung\s+)?(?:cua\s+)?(?:moi\s+|hang\s+|tung\s+)?(quy|ky(?:\s+bao\s+cao)?|nam|(?:6|sau)\s+thang)\b/g;
const WEEKLY_OR_DAILY = /\b(?:hang|moi|tung)\s+(?:tuan|ngay)\b|\bweekly\b|\bdaily\b/;
/** "ngân sách hằng năm", "kế hoạch hằng năm": the budget or plan of each year, not a report that recurs. */
const ATTRIBUTIVE = /\b(?:ngan\s+sach|ke\s+hoach|du\s+toan|chi|thu)\s+$/;
/** A day phrase belongs to the recurrence when this close to its frequency words. */
const NEAR = 80;

const ENGLISH: Record<string, PeriodicFrequency> = {
  monthly: 'monthly',
  quarterly: 'quarterly',
  annually: 'yearly',
  yearly: 'yearly',
  'half-yearly': 'half_yearly',
  'semi-annually': 'half_yearly',
};

function lastMonthFrequency(period: string): PeriodicFrequency | null {
  if (period === 'quy') return 'quarterly';
  if (period === 'nam') return 'yearly';
  if (/^(?:6|sau)\s+thang$/.test(period)) return 'half_yearly';
  return null; // "kỳ báo cáo": the period the frequency words name
}

/** A task names one recurrence: the first few phrases of a kind are read, so a hostile text costs its length. */
const MAX_PHRASES = 16;

function firstOf(matches: IterableIterator<RegExpExecArray>): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  for (const m of matches) {
    out.push(m);
    if (out.length >= MAX_PHRASES) break;
  }
  return out;
}

/** The first recurrence the text names with its due day, or null. */
export function findRecurrence(text: string): RecurrenceFound | null {
  const flat = flatten(text);
  const frequencies = firstOf(flat.matchAll(FREQUENCY))
    .filter((m) => !ATTRIBUTIVE.test(flat.slice(Math.max(0, m.index - 16), m.index)))
    .map((m) => ({
      frequency: m[1] || m[2] ? UNIT_OF_PERIOD[(m[1] ?? m[2])!]! : m[3] ? ENGLISH[m[3]]! : ('half_yearly' as const),
      start: m.index,
      end: m.index + m[0].length,
    }));
  const days = [
    ...firstOf(flat.matchAll(DAY_OF_EVERY_MONTH)).map((m) => ({
      day: Number(m[1]),
      dayOf: 'every_month' as const,
      frequency: 'monthly' as PeriodicFrequency | null,
      start: m.index,
      end: m.index + m[0].length,
    })),
    ...firstOf(flat.matchAll(DAY_OF_LAST_MONTH)).map((m) => ({
      day: Number(m[1]),
      dayOf: 'last_month_of_period' as const,
      frequency: lastMonthFrequency(m[2]!.replace(/\s+/g, ' ')),
      start: m.index,
      end: m.index + m[0].length,
    })),
  ].sort((a, b) => a.start - b.start);
  // "ngày 20 hằng tháng" holds "hằng tháng": the day phrase is the recurrence, not a second one.
  const own = frequencies.filter((f) => !days.some((d) => d.start <= f.start && f.end <= d.end));
  const first = own[0];
  if (!first && days.length === 0) return null;
  if (!first && WEEKLY_OR_DAILY.test(flat)) return null;
  const day = first ? days.find((d) => Math.abs(d.start - first.end) <= NEAR || Math.abs(first.start - d.end) <= NEAR) : days[0];
  const frequency = first?.frequency ?? day?.frequency ?? 'monthly';
  if (day && day.dayOf === 'every_month' && frequency !== 'monthly') return spanOf(text, { frequency, day: null, dayOf: null }, first!);
  if (day && day.day >= 1 && day.day <= 31) {
    const start = Math.min(first?.start ?? day.start, day.start);
    const end = Math.max(first?.end ?? day.end, day.end);
    return spanOf(text, { frequency, day: day.day, dayOf: day.dayOf }, { start, end });
  }
  return first ? spanOf(text, { frequency, day: null, dayOf: null }, first) : null;
}

/**
 * Where the text names a period's recurrence at all, recurrences and attributes ("ngân sách hằng năm") alike:
 * read without them, a task's text gives its due date to the deadline resolver, which refuses a text naming both.
 */
export function recurrenceWords(text: string): { start: number; end: number }[] {
  const flat = flatten(text);
  return [...flat.matchAll(FREQUENCY), ...flat.matchAll(DAY_OF_EVERY_MONTH), ...flat.matchAll(DAY_OF_LAST_MONTH)]
    .map((m) => ({ start: m.index!, end: m.index! + m[0].length }))
    .sort((a, b) => a.start - b.start);
}

function spanOf(
  text: string,
  found: Pick<RecurrenceFound, 'frequency' | 'day' | 'dayOf'>,
  at: { start: number; end: number },
): RecurrenceFound {
  return { ...found, phrase: text.slice(at.start, at.end), start: at.start, end: at.end };
}
