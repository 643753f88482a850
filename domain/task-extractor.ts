/**
 * Draft tasks from the text of a notice, conclusion or resolution: rule-based, over the units directory and
 * the deadline resolver. Each sentence, clause or enumerated item that assigns work to units becomes a draft
 * with its units and roles, its deadline phrase and date, and the span of text it came from.
 *
 * How it reads (Vietnamese, English, and the Swedish of a seed article):
 * - lines without closing punctuation are headings and end the current subject; "Angående X :" / "Về X:" too;
 * - a sentence that opens with units ("Bộ Công an …", "Giao Bộ X chủ trì …", "Đề nghị các bộ, ngành …",
 *   "The Prime Minister requested the People's Committees of … provinces of A, B …") has them as its lead
 *   units; units after "phối hợp với" / "coordinate with" / "samordna med" are co-operating;
 * - a sentence without a subject that reads as an instruction continues the last subject; one that closes
 *   with ':' introduces a list and is no task itself; "(i) … (ii) …" items of a unit are separate tasks, and
 *   so is a clause after ';' that opens with units of its own;
 * - "To be completed in May 2024." / "Hoàn thành trong tháng 5/2024." and "In particular, …" extend the task
 *   before them.
 */
import type { CalendarData } from './calendar';
import type { IsoDate } from './dates';
import { resolveDeadline, type DeadlineFrequency } from './deadlines';
import { findRecurrence, recurrenceWords, type PeriodicFrequency, type RecurrenceFound } from './recurrence-day';
import { findUnitMentions, flatten, GROUP_LABELS, unitsCell, type UnitMention, type UnitsData } from './task-table';
import type { UnitGroup } from './units';

export interface DraftTask {
  span: { start: number; end: number };
  text: string;
  units: { lead: string[]; cooperating: string[] };
  /** Whether the lead units were written in the sentence or continue an earlier subject. */
  subject: 'own' | 'inherited';
  deadline: {
    phrase: string | null;
    dueOn: IsoDate | null;
    frequency: DeadlineFrequency | null;
    rule: string | null;
    error: string | null;
  };
  /**
   * The recurrence the task names with the day its report is due ("hằng tháng, trước ngày 20 hằng tháng": monthly,
   * day 20 of every month; "hằng quý, trước ngày 05 của tháng cuối quý": day 5 of the quarter's last month).
   */
  recurrence: { frequency: PeriodicFrequency; day: number | null; dayOf: RecurrenceFound['dayOf']; phrase: string } | null;
  /** The same row shape the import takes: edit, then commit through POST /v1/directives/{id}/imports. */
  row: {
    title: string;
    description: string;
    leadUnits: string;
    cooperatingUnits: string;
    deadline: string;
    key: boolean;
    confirmationRequired: boolean;
  };
}

export interface ExtractContext extends UnitsData {
  issuedOn: IsoDate;
  calendar: CalendarData;
}

interface Piece {
  start: number;
  end: number;
  lead: string[];
  cooperatingFrom: number;
  subject: 'own' | 'inherited';
}

/** Words that open a sentence describing, not instructing (checked without diacritics). */
const NOT_AN_INSTRUCTION =
  /^(?:the|this|these|those|there|it|its|in|of|over|according|source|copy|featured|latest|malet|det|den|detta|dessa|kalla|kommentar|se|theo|trong do|hien nay|tinh den|nguon)\b/;
const LEAD_IN =
  /^(?:the\s+prime\s+minister\s+(?:requested|requests|assigned|assigns|directed|asked)\s+(?:that\s+)?|thu\s+tuong(?:\s+chinh\s+phu)?\s+(?:yeu\s+cau|giao|de\s+nghi|chi\s+dao)\s+|premiarministern\s+(?:begarde|uppdrog\s+at)\s+|giao\s+(?:cho\s+)?|de\s+nghi\s+|yeu\s+cau\s+|assign\s+|request\s+|requested\s+)/;
const PROVINCE_LIST_CUE =
  /^(?:the\s+)?(?:(?:people's\s+committees?|chairm[ae]n\s+of\s+(?:the\s+)?people's\s+committees?)\s+of\s+(?:the\s+)?(?:\d+\s+)?(?:provinces?|cities)(?:\s+and\s+(?:cities|provinces))?(?:\s+of)?|(?:uy\s+ban\s+nhan\s+dan|ubnd)\s+(?:cac\s+)?(?:\d+\s+)?(?:tinh|thanh\s+pho)(?:\s*,?\s*(?:thanh\s+pho|tinh))?\s*:?|folkkommitteerna?\s+i\s+(?:\d+\s+)?provinser(?:na)?(?:\s+och\s+stader(?:na)?)?)\s*/;
// ';' ends a list: the clause after it is a task of its own (pushClauses).
const SEPARATOR = /^(?:\s*(?:,|\band\b|\bva\b|\boch\b|\bcung\b|\bthe\b|\bcac\b|\bcung\s+cac\b|\brelevant\b)\s*)*$/;
const COOPERATION_CUE =
  /\b(?:phoi\s+hop\s+(?:chat\s+che\s+)?(?:voi)?|(?:closely\s+)?(?:coordinate|co-operate|cooperate)s?\s+(?:closely\s+)?with|in\s+(?:close\s+)?(?:coordination|cooperation|co-operation)\s+with|samordnar?\s+(?:nara\s+)?med|i\s+samarbete\s+med)\s+/g;
const CONTINUATION =
  /^(?:to\s+be\s+completed|to\s+be\s+finished|hoan\s+thanh\s+(?:trong|truoc)|thoi\s+han\s+hoan\s+thanh|som\s+ska\s+(?:vara\s+)?(?:klar|slutf))/;
const ELABORATION = /^(?:in\s+particular|especially|dac\s+biet|i\s+synnerhet|sarskilt)\b/;
/** Bodies outside the units directory: a sentence about them ends the current subject. */
const OUTSIDE_DIRECTORY =
  /^(?:(?:cac\s+)?doanh\s+nghiep|enterprises|businesses|foretag|partiets\s+organ|the\s+party|nationalforsamlingen|the\s+national\s+assembly|quoc\s+hoi)\b/;
const STATUS_VERB = /^\s*(?:,\s*)?(?:have|has|had|was|were|issued|announced|reported|da|har|hade)\b/;
const SECTION_LABEL = /^(?:angaende|regarding|concerning|ve|on)\s+[^:]{1,80}?\s*:\s*/;
/** The number or bullet an item opens with: "1.", "2.1.", "a)", "đ)", "-", "+", "•". */
const ITEM_MARKER = /^(?:\d{1,2}(?:\.\d{1,2})*\.|[a-zđ]\)|[-–+•])[ \t]+/u;
const ROMAN_HEADING = /^[IVX]{1,5}\.\s/;
/** Where the text ends and the recipients begin. */
const RECIPIENTS = /^noi\s+nhan\s*:/;
/** The closing formula: "Văn phòng Chính phủ thông báo để các cơ quan, đơn vị liên quan biết, thực hiện./." */
const CLOSING =
  /^(?:[^.;:]{0,120}?\bthong\s+bao\s+(?:de|cho|y\s+kien|ket\s+luan)\b[\s\S]{0,200}?\b(?:biet|thuc\s+hien|trien\s+khai)\b|tran\s+trong\b)/;

/** The longest opening the anchored patterns (lead-ins, list cues, section labels, status verbs) can match. */
const OPENING_WINDOW = 240;
/** Text between two units of one list is a few separators (", ", " và các ", a line break): more ends the list. */
const MAX_SEPARATOR = 80;
/** Deadline phrases of one task resolved on their own to find the one the task's deadline came from. */
const MAX_PHRASES_RESOLVED = 16;

/** Bounds on one answer: past them the caller is told which, rather than answered a truncated draft. */
export interface DraftLimits {
  maxTasks: number;
  maxUnitsPerTask: number;
}

export type BoundedDrafts =
  | { ok: true; tasks: DraftTask[] }
  | { ok: false; limit: 'tasks' | 'units_per_task'; max: number; found: number; at?: { start: number; end: number } };

/** Drafts every task the text assigns; see the module comment for the rules. */
export function extractTasks(text: string, ctx: ExtractContext): DraftTask[] {
  const { flat, mentions, pieces } = readPieces(text, ctx);
  return pieces.map((p) => toDraft(text, flat, mentions, p, ctx));
}

/**
 * As extractTasks, within limits: the tasks are counted before any is drafted (drafting, with its deadline
 * resolution, is the costly part), and a task naming more units than allowed refuses the answer.
 */
export function extractTasksWithin(text: string, ctx: ExtractContext, limits: DraftLimits): BoundedDrafts {
  const { flat, mentions, pieces } = readPieces(text, ctx);
  if (pieces.length > limits.maxTasks) return { ok: false, limit: 'tasks', max: limits.maxTasks, found: pieces.length };
  const tasks: DraftTask[] = [];
  for (const p of pieces) {
    const draft = toDraft(text, flat, mentions, p, ctx);
    const units = draft.units.lead.length + draft.units.cooperating.length;
    if (units > limits.maxUnitsPerTask)
      return { ok: false, limit: 'units_per_task', max: limits.maxUnitsPerTask, found: units, at: draft.span };
    tasks.push(draft);
  }
  return { ok: true, tasks };
}

function readPieces(text: string, ctx: ExtractContext): { flat: string; mentions: UnitMention[]; pieces: Piece[] } {
  const flat = flatten(text);
  const mentions = findUnitMentions(text, ctx.units);
  const pieces: Piece[] = [];
  let subject: string[] = [];

  for (const para of paragraphs(text, flat)) {
    let { start } = para;
    const trimmed = text.slice(start, para.end).trimEnd();
    if (trimmed.length < 200 && !/[.;:!?]["”')\s]*$/.test(trimmed)) {
      subject = [];
      continue;
    }
    const label = SECTION_LABEL.exec(window(flat, start, para.end));
    if (label && !mentionIn(mentions, start, start + label[0].length)) {
      subject = [];
      start += label[0].length;
    }
    // "1. ", "a) ", "- ": the item's number is not its subject, nor a sentence of its own.
    const marker = ITEM_MARKER.exec(window(text, start, para.end));
    if (marker) start += marker[0].length;
    for (const sentence of sentences(text, start, para.end)) {
      if (CLOSING.test(window(flat, sentence.start, sentence.end))) {
        subject = [];
        continue;
      }
      const own = leadingUnits(flat, sentence.start, sentence.end, mentions);
      const opening = window(flat, own ? own.end : sentence.start, sentence.end).trimStart();
      const previous = pieces[pieces.length - 1];
      if (!own) {
        const head = window(flat, sentence.start, sentence.end).trimStart();
        if (previous && previous.end >= para.start - 2 && (CONTINUATION.test(head) || ELABORATION.test(head))) {
          previous.end = sentence.end;
          continue;
        }
        if (OUTSIDE_DIRECTORY.test(head)) {
          subject = [];
          continue;
        }
        if (subject.length === 0 || NOT_AN_INSTRUCTION.test(head) || endsWithColon(flat, sentence.start, sentence.end)) continue;
        pushClauses(pieces, flat, mentions, { start: sentence.start, end: sentence.end }, subject, 'inherited');
        continue;
      }
      if (STATUS_VERB.test(opening)) continue;
      subject = own.lead;
      const colon = /^\s*:\s*/.exec(window(flat, own.end, sentence.end));
      const body = colon ? own.end + colon[0].length : sentence.start;
      if (endsWithColon(flat, sentence.start, sentence.end) || body >= sentence.end) continue;
      const items = enumeratedItems(flat, own.end, sentence.end);
      if (items.length >= 2) {
        for (const item of items) pieces.push({ ...item, lead: own.lead, cooperatingFrom: item.start, subject: 'own' });
        continue;
      }
      pushClauses(pieces, flat, mentions, { start: body, end: sentence.end }, own.lead, 'own');
    }
  }
  return { flat, mentions, pieces };
}

/**
 * The opening of [start, end) that the anchored patterns read: they look at a bounded prefix, so a sentence or
 * clause costs a bounded slice, not the rest of the text (which made many short clauses quadratic).
 */
function window(flat: string, start: number, end: number): string {
  return flat.slice(start, Math.min(end, start + OPENING_WINDOW));
}

function endsWithColon(flat: string, start: number, end: number): boolean {
  return /:\s*$/.test(flat.slice(Math.max(start, end - OPENING_WINDOW), end));
}

/** Index of the first mention starting at or after `at` (mentions are sorted by start). */
function firstMentionFrom(mentions: UnitMention[], at: number): number {
  let lo = 0;
  let hi = mentions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (mentions[mid]!.start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function mentionIn(mentions: UnitMention[], start: number, end: number): boolean {
  const k = firstMentionFrom(mentions, start);
  return k < mentions.length && mentions[k]!.start < end;
}

/** A piece of text, split at "; <units …>" into tasks of their own. */
function pushClauses(
  pieces: Piece[],
  flat: string,
  mentions: UnitMention[],
  range: { start: number; end: number },
  lead: string[],
  subject: 'own' | 'inherited',
) {
  let start = range.start;
  let currentLead = lead;
  let currentSubject = subject;
  for (let i = flat.indexOf(';', start); i !== -1 && i < range.end; i = flat.indexOf(';', i + 1)) {
    const next = leadingUnits(flat, i + 1, range.end, mentions);
    if (!next || STATUS_VERB.test(window(flat, next.end, range.end))) continue;
    pieces.push({ start, end: i + 1, lead: currentLead, cooperatingFrom: start, subject: currentSubject });
    start = i + 1;
    while (start < range.end && /\s/.test(flat[start]!)) start++;
    currentLead = next.lead;
    currentSubject = 'own';
  }
  pieces.push({ start, end: range.end, lead: currentLead, cooperatingFrom: start, subject: currentSubject });
}

interface Line {
  start: number;
  end: number;
}

/**
 * Paragraphs as written, hard-wrapped lines joined again (PDF and e-office exports break lines at ~70-80
 * columns mid-sentence): a line continues the one before unless it opens an item ("1.", "a)", "-", "II."), the
 * one before closed a sentence or is a heading in capitals, or a blank line parts them; it continues when it
 * opens in lower case, or when the line before reached the margin. Nothing after "Nơi nhận:" (the recipients
 * and the signature) is read.
 */
function paragraphs(text: string, flat: string): Line[] {
  const lines: (Line | null)[] = [];
  const re = /[^\n]*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const raw = m[0];
    if (raw.trim()) {
      const start = m.index + (raw.length - raw.trimStart().length);
      if (RECIPIENTS.test(flat.slice(start, start + 20))) break;
      lines.push({ start, end: m.index + raw.trimEnd().length });
    } else lines.push(null);
    if (re.lastIndex >= text.length) break;
    re.lastIndex += 1;
  }
  const margin = marginOf(lines);
  const out: Line[] = [];
  let previous: Line | null = null;
  for (const line of lines) {
    if (line && previous && continues(text, previous, line, margin)) {
      out[out.length - 1]!.end = line.end;
    } else if (line) {
      out.push({ ...line });
    }
    previous = line;
  }
  return out;
}

/** The column text is wrapped at: the longest lines but a few (a text of long paragraphs has a wide one). */
function marginOf(lines: (Line | null)[]): number {
  const lengths = lines.flatMap((l) => (l ? [l.end - l.start] : [])).sort((a, b) => a - b);
  // Two or three lines say nothing of a margin: then only a line opening in lower case continues.
  return lengths.length > 3 ? lengths[Math.floor(lengths.length * 0.9)]! : Infinity;
}

function continues(text: string, previous: Line, line: Line, margin: number): boolean {
  const head = text.slice(line.start, line.start + 12);
  if (ITEM_MARKER.test(head) || ROMAN_HEADING.test(head)) return false;
  const tail = text.slice(Math.max(previous.start, previous.end - 6), previous.end);
  if (/[.!?:]["”')]*$/.test(tail)) return false;
  const before = text.slice(previous.start, previous.end);
  if (isCapitals(before) || isCapitals(text.slice(line.start, line.end))) return false;
  if (/^[\p{Ll}\d(]/u.test(head)) return true;
  if (/;["”')]*$/.test(tail)) return false;
  return previous.end - previous.start >= 0.8 * margin;
}

/** A line in capitals ("THÔNG BÁO", "VĂN PHÒNG CHÍNH PHỦ"): a heading or a header, never wrapped prose. */
function isCapitals(line: string): boolean {
  const letters = line.replace(/[^\p{L}]/gu, '');
  // Four letters at least: "III/2026." continues "trong quý".
  return letters.length >= 4 && letters === letters.toUpperCase();
}

/** Sentences end at '.', '!' or '?' before a capital letter or an opening "(" — not "No. 73", "TP. Hồ Chí Minh". */
function sentences(text: string, start: number, end: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const re = /[.!?…]["”]?\s+(?=[\p{Lu}(])/gu;
  // Matched within the paragraph only, so each paragraph costs its own length.
  const para = text.slice(start, end);
  let from = start;
  for (const m of para.matchAll(re)) {
    const at = start + m.index;
    const before = text.slice(Math.max(from, at - 4), at);
    if (/\b(?:No|TP|Nr|nr|St|Mr|Dr)$/.test(before)) continue;
    const stop = at + m[0].trimEnd().length;
    out.push({ start: from, end: stop });
    from = at + m[0].length;
  }
  if (from < end) out.push({ start: from, end });
  return out;
}

/** Units at the opening of a sentence (after a lead-in such as "Giao" or "The Prime Minister requested"). */
function leadingUnits(flat: string, start: number, end: number, mentions: UnitMention[]): { lead: string[]; end: number } | null {
  let at = start;
  while (at < end && /\s/.test(flat[at]!)) at++;
  const leadIn = LEAD_IN.exec(window(flat, at, end));
  if (leadIn) at += leadIn[0].length;
  let list = unitList(flat, at, end, mentions, false);
  const cue = PROVINCE_LIST_CUE.exec(window(flat, at, end));
  // "People's Committees of 07 provinces and cities of An Giang, Can Tho …": bare names listed after the cue.
  if (list.refs.length === 0 && cue && cue[0].length > 0) list = unitList(flat, at + cue[0].length, end, mentions, true);
  if (list.refs.length === 0) return null;
  return { lead: list.refs, end: list.end };
}

/** Mentions from `at` on, separated only by commas and "and": a list of units. */
function unitList(flat: string, at: number, end: number, mentions: UnitMention[], provinceList: boolean): { refs: string[]; end: number } {
  const refs: string[] = [];
  let cursor = at;
  for (let k = firstMentionFrom(mentions, at); k < mentions.length; k++) {
    const m = mentions[k]!;
    if (m.start >= end || m.start - cursor > MAX_SEPARATOR) break;
    if (!SEPARATOR.test(flat.slice(cursor, m.start)) || (m.bare && !provinceList)) break;
    refs.push(m.target.kind === 'unit' ? m.target.code : `group:${m.target.group}`);
    cursor = m.end;
  }
  return { refs: [...new Set(refs)], end: cursor };
}

/** "(i) … (ii) …" items after a unit's "urgently:" — each an item of its own. */
function enumeratedItems(flat: string, from: number, end: number): { start: number; end: number }[] {
  const re = /\((?:i|ii|iii|iv|v|vi|vii|viii|ix|x|\d{1,2}|[a-h])\)\s/g;
  const starts: number[] = [];
  for (const m of flat.slice(from, end).matchAll(re)) starts.push(from + m.index);
  return starts.map((s, i) => ({ start: s, end: i + 1 < starts.length ? s + flat.slice(s, starts[i + 1]).trimEnd().length : end }));
}

const SWEDISH_MONTHS: Record<string, string> = {
  januari: 'January',
  februari: 'February',
  mars: 'March',
  april: 'April',
  maj: 'May',
  juni: 'June',
  juli: 'July',
  augusti: 'August',
  september: 'September',
  oktober: 'October',
  november: 'November',
  december: 'December',
};
const SV_MONTH = Object.keys(SWEDISH_MONTHS).join('|');

/** Swedish deadline words rewritten in English for the resolver (lengths change; only the resolver reads it). */
function swedishDeadlines(text: string): string {
  return text
    .replace(
      new RegExp(`\\b(?:senast|före)\\s+(?:den\\s+)?(\\d{1,2})\\s+(${SV_MONTH})\\s+(\\d{4})`, 'gi'),
      (_m, d, mo, y) => `before ${SWEDISH_MONTHS[mo.toLowerCase()]} ${d}, ${y}`,
    )
    .replace(
      new RegExp(`\\b(?:i|under|senast|till|före)\\s+(${SV_MONTH})\\s+(\\d{4})`, 'gi'),
      (m, mo, y) => `${/^(senast|till|före)/i.test(m) ? 'by' : 'in'} ${SWEDISH_MONTHS[mo.toLowerCase()]} ${y}`,
    )
    .replace(
      /(?<![\p{L}])(?:under|år|senast|till|före)\s+(?:år\s+)?(\d{4})\b(?![\d:])/giu,
      (m, y) => `${/^(senast|till|före)/i.test(m) ? 'by' : 'in'} ${y}`,
    )
    .replace(/\bvarje\s+månad\b|\bmånatligen\b/gi, 'monthly')
    .replace(/\bvarje\s+kvartal\b/gi, 'quarterly')
    .replace(/\bregelbundet\b|\bkontinuerligt\b/gi, 'regularly');
}

const PHRASES = [
  // Swedish
  new RegExp(`\\b(?:i|under|senast|till|före)\\s+(?:den\\s+\\d{1,2}\\s+)?(?:${SV_MONTH})\\s+\\d{4}`, 'gi'),
  /(?<![\p{L}])(?:under|år|senast)\s+(?:år\s+)?\d{4}\b(?![\d:])/giu,
  /\bregelbundet(?:\s+och\s+kontinuerligt)?\b|\bkontinuerligt\b|\bvarje\s+månad\b/gi,
  // English
  /\bin\s+the\s+(?:first|second)\s+half\s+of\s+\d{4}(?:\s*\(before\s+[A-Z][a-z]+\s+\d{1,2},\s+\d{4}\))?/g,
  /\b(?:in|during)\s+the\s+(?:first|second|third|fourth)\s+quarter\s+of\s+\d{4}/g,
  /\b(?:before|by|no\s+later\s+than|until)\s+(?:[A-Z][a-z]+\s+\d{1,2},\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{4}|\d{4})/g,
  /\b(?:in|during)\s+(?:[A-Z][a-z]+\s+)?\d{4}\b(?![-–]\d)/g,
  /\bwithin\s+\d+\s+(?:working\s+)?(?:days|weeks|months)\b/g,
  /\b(?:monthly|quarterly|annually|every\s+(?:month|quarter|year)|regularly|continuously)\b/g,
  // Vietnamese
  /(?:hoàn\s+thành\s+)?(?:trước|chậm\s+nhất|trong|đến)\s+(?:ngày\s+)?\d{1,2}[/.-]\d{1,2}[/.-]\d{4}/giu,
  /(?:trước|chậm\s+nhất)\s+ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?/giu,
  /(?:trong\s+|trước\s+)?(?:quý\s+[IVX\d]+|tháng\s+\d{1,2}|6\s+tháng\s+(?:đầu|cuối)\s+năm)\s*(?:[/.-]|năm)\s*\d{4}/giu,
  /(?:trong\s+)?năm\s+\d{4}/giu,
  /trong\s+(?:vòng\s+)?\d+\s+ngày(?:\s+làm\s+việc)?/giu,
  /(?:định\s+kỳ\s+)?(?:hằng|hàng)\s+(?:tháng|quý|năm)|thường\s+xuyên/giu,
];

function deadlineOf(text: string, ctx: ExtractContext): DraftTask['deadline'] {
  const none = { phrase: null, dueOn: null, frequency: null, rule: null, error: null };
  const r = resolveDeadline(swedishDeadlines(text), ctx.issuedOn, ctx.calendar);
  if (!r.ok && r.code === 'no_deadline') return none;
  const found: { index: number; text: string }[] = [];
  for (const re of PHRASES) for (const m of text.matchAll(re)) found.push({ index: m.index!, text: m[0] });
  found.sort((a, b) => a.index - b.index || b.text.length - a.text.length);
  // Phrases not inside an earlier one (sorted by start, so one sweep); only the first few are resolved.
  const candidates: typeof found = [];
  let covered = -1;
  for (const f of found) {
    if (f.index < covered) continue;
    candidates.push(f);
    covered = f.index + f.text.length;
  }
  const agree = candidates.slice(0, MAX_PHRASES_RESOLVED).find((c) => {
    const own = resolveDeadline(swedishDeadlines(c.text), ctx.issuedOn, ctx.calendar);
    return r.ok && own.ok && (own.recurring ? r.recurring && own.frequency === r.frequency : !r.recurring && own.dueOn === r.dueOn);
  });
  const phrase = agree?.text ?? candidates[0]?.text ?? null;
  if (!r.ok) return { ...none, phrase, error: r.reason };
  return r.recurring
    ? { phrase, dueOn: null, frequency: r.frequency, rule: r.rule, error: null }
    : { phrase, dueOn: r.dueOn, frequency: null, rule: r.rule, error: null };
}

function toDraft(text: string, flat: string, mentions: UnitMention[], p: Piece, ctx: ExtractContext): DraftTask {
  const span = { start: p.start, end: p.end };
  const taskText = text.slice(p.start, p.end);
  const cooperating: string[] = [];
  for (const m of flat.slice(p.cooperatingFrom, p.end).matchAll(COOPERATION_CUE)) {
    const at = p.cooperatingFrom + m.index + m[0].length;
    const list = unitList(flat, at, p.end, mentions, false);
    for (const ref of list.refs) if (!p.lead.includes(ref) && !cooperating.includes(ref)) cooperating.push(ref);
  }
  const found = findRecurrence(taskText);
  let deadline = deadlineOf(taskText, ctx);
  if (deadline.error) {
    // A date and a report ("hoàn thành trước ngày 30/9; báo cáo hằng tháng"), or a date and an attribute ("ngân
    // sách hằng năm"): the date as read without the recurrence words.
    const masked = blanked(taskText, recurrenceWords(taskText));
    const dated = masked === taskText ? deadline : deadlineOf(masked, ctx);
    if (dated.dueOn) deadline = dated;
  }
  const recurrence = found
    ? { frequency: found.frequency, day: found.day, dayOf: found.dayOf, phrase: found.phrase }
    : deadline.frequency && deadline.frequency !== 'continuous'
      ? { frequency: deadline.frequency, day: null, dayOf: null, phrase: deadline.phrase ?? frequencyPhrase(deadline.frequency) }
      : null;
  const compact = taskText
    .replace(/^\(\w{1,4}\)\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
  const title = compact.length <= 200 ? compact : `${compact.slice(0, compact.lastIndexOf(' ', 197))} …`;
  const deadlineCell =
    deadline.dueOn && deadline.phrase && resolvesTo(deadline.phrase, deadline.dueOn, ctx)
      ? deadline.phrase
      : (deadline.dueOn ??
        (recurrence?.day && recursOn(recurrence.phrase, recurrence.day, ctx)
          ? recurrence.phrase
          : deadline.frequency
            ? frequencyPhrase(deadline.frequency)
            : ''));
  return {
    span,
    text: taskText,
    units: { lead: p.lead, cooperating },
    subject: p.subject,
    deadline,
    recurrence,
    row: {
      title,
      description: compact,
      leadUnits: unitsCell(p.lead, ctx.units),
      cooperatingUnits: unitsCell(cooperating, ctx.units),
      deadline: deadlineCell,
      key: false,
      confirmationRequired: false,
    },
  };
}

function resolvesTo(phrase: string, dueOn: IsoDate, ctx: ExtractContext): boolean {
  const r = resolveDeadline(phrase, ctx.issuedOn, ctx.calendar);
  return r.ok && !r.recurring && r.dueOn === dueOn;
}

/** The text with the ranges (sorted by start) blanked out, same length: one pass. */
function blanked(text: string, ranges: { start: number; end: number }[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const r of ranges) {
    if (r.end <= at) continue;
    const from = Math.max(at, r.start);
    parts.push(text.slice(at, from), ' '.repeat(r.end - from));
    at = r.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** Whether the import reads the phrase as the same recurrence with its day (then the cell keeps the day). */
function recursOn(phrase: string, day: number, ctx: ExtractContext): boolean {
  const r = resolveDeadline(phrase, ctx.issuedOn, ctx.calendar);
  return r.ok && r.recurring && r.dueDay === day;
}

function frequencyPhrase(f: DeadlineFrequency): string {
  return f === 'monthly' ? 'hằng tháng' : f === 'quarterly' ? 'hằng quý' : f === 'yearly' ? 'hằng năm' : 'thường xuyên';
}

export { GROUP_LABELS, type UnitGroup };
