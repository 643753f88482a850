/**
 * The task table as coordinators hold it (XLSX or CSV): the template's columns, unit references in cells
 * resolved over the units directory (with how each matched), and a row turned into a validated task draft
 * with every error on its cell. Pure: reading files and writing tasks are the import service's business.
 */
import type { CalendarData } from './calendar';
import { isIsoDate, type IsoDate } from './dates';
import { resolveDeadline, type DeadlineFrequency } from './deadlines';
import { isValidOn, successorOn, UNIT_GROUPS, type Reorganisation, type Unit, type UnitGroup } from './units';

// ---------------------------------------------------------------------------------------------------------------
// Columns

export const TASK_COLUMNS = [
  { key: 'id', vi: 'Mã nhiệm vụ', en: 'Task id', width: 16 },
  { key: 'title', vi: 'Tên nhiệm vụ', en: 'Task title', width: 40 },
  { key: 'description', vi: 'Mô tả', en: 'Description', width: 50 },
  { key: 'leadUnits', vi: 'Đơn vị chủ trì', en: 'Lead unit(s)', width: 30 },
  { key: 'cooperatingUnits', vi: 'Đơn vị phối hợp', en: 'Co-operating units', width: 30 },
  { key: 'deadline', vi: 'Thời hạn', en: 'Deadline', width: 22 },
  { key: 'key', vi: 'Nhiệm vụ trọng tâm', en: 'Key task', width: 12 },
  { key: 'confirmationRequired', vi: 'Yêu cầu xác nhận hoàn thành', en: 'Confirmation required', width: 14 },
] as const;
export type ColumnKey = (typeof TASK_COLUMNS)[number]['key'];
export const REQUIRED_COLUMNS: readonly ColumnKey[] = ['title', 'leadUnits', 'deadline'];

export function columnHeader(column: (typeof TASK_COLUMNS)[number]): string {
  return `${column.vi} / ${column.en}`;
}

/** Spreadsheet column letter of a 0-based index (0 → A, 26 → AA). */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Which template column a header cell names: the Vietnamese, the English or both, with or without diacritics. */
export function columnOfHeader(header: string): ColumnKey | undefined {
  const h = flatten(header).replace(/\s+/g, ' ').trim();
  if (!h) return undefined;
  for (const c of TASK_COLUMNS) {
    const vi = flatten(c.vi);
    const en = flatten(c.en);
    if (h === vi || h === en || h === flatten(columnHeader(c)) || h === c.key.toLowerCase()) return c.key;
    const [a, b] = h.split(/\s*[/|]\s*/);
    if (a === vi && (b === undefined || b === en)) return c.key;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Text without diacritics, the same length as the input (so spans map back)

/** Lower case without diacritics, đ → d, curly quotes straight; index i of the result is index i of the input. */
export function flatten(input: string): string {
  let out = '';
  for (const ch of input.normalize('NFC')) {
    const lower = ch.toLowerCase();
    let f = lower === 'đ' ? 'd' : lower.normalize('NFD').replace(/\p{M}/gu, '');
    if (/[\u2018\u2019]/.test(f)) f = "'";
    if (f.length !== ch.length) f = lower.length === ch.length ? lower : ch;
    out += f;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The units directory as data, and the names a unit or a group goes by

export interface UnitsData {
  units: Unit[];
  reorganisations: Reorganisation[];
}

export type UnitMatch = 'code' | 'name' | 'name_without_diacritics' | 'alias' | 'reorganised' | 'group';

/** Other names the seed documents use (English variants, the Swedish article of 214/NQ-CP). */
const UNIT_ALIASES: Record<string, string[]> = {
  'bo-ca': ['Ministry of Public Security', 'MPS', 'Ministeriet för offentlig säkerhet'],
  'bo-qp': ['Ministry of National Defense', 'Ministry of Defence', 'Ministry of Defense'],
  'bo-tttt': ['Ministry of Information and Communication', 'MIC', 'Bộ TT&TT'],
  'bo-khcn': ['Ministeriet för vetenskap och teknik', 'MOST'],
  'bo-noi-vu': ['Inrikesministeriet', 'MOHA'],
  'bo-tc': ['Finansministeriet'],
  vpcp: ['Regeringskontoret', 'VPCP'],
  'ban-co-yeu': ['Regeringens krypteringskommitté', 'Government Cipher Committee'],
  hue: ['Thua Thien Hue', 'Thừa Thiên Huế', 'Tỉnh Thừa Thiên Huế'],
  'ho-chi-minh': ['TP. Hồ Chí Minh', 'TP HCM', 'HCMC'],
  'ha-noi': ['TP. Hà Nội', 'Ha Noi'],
};

/** Group targets as the documents write them, in Vietnamese, English and Swedish. */
const GROUP_PHRASES: Record<UnitGroup, string[]> = {
  all_ministries_agencies_localities: [
    'các bộ, ngành, địa phương',
    'bộ, ngành, địa phương',
    'các bộ, ngành và địa phương',
    'các bộ, cơ quan, địa phương',
    'các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ và Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương',
    'các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương',
    'ministries, agencies and localities',
    'ministries, agencies, and localities',
    'ministries, branches and localities',
    'ministries, branches, and localities',
    'ministries, sectors and localities',
    'ministries, agencies, localities',
    'each ministry, sector and locality',
    'ministerier, filialer och orter',
    'ministerier, filialer och kommuner',
    'varje ministerium, sektor och lokalitet',
  ],
  ministries_and_agencies: [
    'các bộ, ngành',
    'bộ, ngành',
    'các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ',
    'ministries and agencies',
    'ministries and branches',
    'ministries, ministerial-level agencies and government agencies',
    'ministrar, chefer för myndigheter på ministernivå och statliga myndigheter',
    'ministerier och filialer',
  ],
  provinces: [
    'các tỉnh, thành phố',
    'các tỉnh, thành phố trực thuộc trung ương',
    'Ủy ban nhân dân các tỉnh, thành phố',
    'Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương',
    'UBND các tỉnh, thành phố',
    'các địa phương',
    'localities',
    'provinces and cities',
    'provinces and centrally-run cities',
    "People's Committees of provinces and centrally-run cities",
    "People's Committees of provinces and cities",
    'lokala myndigheter',
    'folkkommittéer i provinser och centralt styrda städer',
    'ordförandena för folkkommittéerna i provinser och centralt styrda städer',
  ],
  ministries: ['các bộ', 'ministries', 'ministerier'],
};

/** The Vietnamese phrase a group is written with in a cell (export, drafts). */
export const GROUP_LABELS: Record<UnitGroup, string> = {
  all_ministries_agencies_localities: 'các bộ, ngành, địa phương',
  ministries_and_agencies: 'các bộ, ngành',
  provinces: 'các tỉnh, thành phố',
  ministries: 'các bộ',
};

export type UnitTarget = { kind: 'unit'; code: string } | { kind: 'group'; group: UnitGroup };

export interface UnitMention {
  start: number;
  end: number;
  text: string;
  target: UnitTarget;
  match: Exclude<UnitMatch, 'reorganised'>;
  /** A province's name without "Tỉnh" / "Province": a place unless a list of provinces is being read. */
  bare: boolean;
}

interface Entry {
  flat: string;
  written: string;
  target: UnitTarget;
  match: 'code' | 'name' | 'alias' | 'group';
  bare: boolean;
}

const entryCache = new WeakMap<Unit[], Entry[]>();

function entriesOf(units: Unit[]): Entry[] {
  const cached = entryCache.get(units);
  if (cached) return cached;
  const entries: Entry[] = [];
  const add = (written: string, target: UnitTarget, match: Entry['match'], bare = false) => {
    const flat = flatten(written).replace(/\s+/g, ' ').trim();
    if (flat.length >= 2) entries.push({ flat, written: written.trim(), target, match, bare });
  };
  for (const u of units) {
    const target = { kind: 'unit' as const, code: u.code };
    add(u.code, target, 'code');
    add(u.nameVi, target, 'name');
    add(u.nameEn, target, 'name');
    if (u.kind === 'province') {
      const vi = u.nameVi.replace(/^(Tỉnh|Thành phố)\s+/u, '');
      const en = u.nameEn.replace(/\s+(Province|City)$/, '');
      add(vi, target, 'name', true);
      if (en !== u.nameEn) add(en, target, 'name', true);
      add(`Ủy ban nhân dân ${u.nameVi.toLowerCase()}`, target, 'name');
      add(`UBND ${u.nameVi.toLowerCase()}`, target, 'name');
    }
    for (const alias of UNIT_ALIASES[u.code] ?? []) add(alias, target, 'alias', u.kind === 'province' && !/^(Tỉnh|TP)/u.test(alias));
  }
  for (const group of UNIT_GROUPS) {
    add(group, { kind: 'group', group }, 'code');
    for (const phrase of GROUP_PHRASES[group]) add(phrase, { kind: 'group', group }, 'group');
  }
  // Longest first: "các bộ, ngành, địa phương" before "các bộ, ngành" before "các bộ".
  entries.sort((a, b) => b.flat.length - a.flat.length);
  entryCache.set(units, entries);
  return entries;
}

const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);

/**
 * Every mention of a unit or a group in `text`, longest first, not overlapping. Whitespace runs in the text
 * match a single space of a name; names match at word boundaries only.
 */
export function findUnitMentions(text: string, units: Unit[]): UnitMention[] {
  const flat = flatten(text);
  const entries = entriesOf(units);
  const found: UnitMention[] = [];
  let i = 0;
  while (i < flat.length) {
    if (isWordChar(flat[i - 1]) || !isWordChar(flat[i])) {
      i++;
      continue;
    }
    let hit: { entry: Entry; end: number } | undefined;
    for (const entry of entries) {
      const end = matchAt(flat, i, entry.flat);
      if (end !== -1 && !isWordChar(flat[end])) {
        hit = { entry, end };
        break;
      }
    }
    if (!hit) {
      i++;
      continue;
    }
    const written = text.slice(i, hit.end);
    const e = hit.entry;
    // "Can Tho" is the English name exactly and the Vietnamese one without diacritics: exact wins.
    const sameFlat = entries.filter((x) => x.flat === e.flat && sameTarget(x.target, e.target) && x.match === e.match);
    const exactName = e.match === 'name' || e.match === 'alias' ? sameFlat.some((x) => sameWritten(written, x.written)) : true;
    const match = e.match === 'group' ? 'group' : e.match === 'name' && !exactName ? 'name_without_diacritics' : e.match;
    if (e.match === 'code' && written !== e.written) {
      // A code is only a code when written as one (lower case, no spaces): "MIC" is an alias, "mic" a code.
      if (written.toLowerCase() !== e.written) {
        i++;
        continue;
      }
    }
    found.push({ start: i, end: hit.end, text: written, target: e.target, match, bare: e.bare });
    i = hit.end;
  }
  return found;
}

function sameTarget(a: UnitTarget, b: UnitTarget): boolean {
  return a.kind === 'unit' ? b.kind === 'unit' && a.code === b.code : b.kind === 'group' && a.group === b.group;
}

function matchAt(flat: string, at: number, needle: string): number {
  let i = at;
  for (let j = 0; j < needle.length; j++) {
    if (needle[j] === ' ') {
      if (!/\s/.test(flat[i] ?? '')) return -1;
      while (/\s/.test(flat[i] ?? '')) i++;
      continue;
    }
    if (flat[i] !== needle[j]) return -1;
    i++;
  }
  return i;
}

function sameWritten(a: string, b: string): boolean {
  return (
    a
      .normalize('NFC')
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .replace(/[\u2018\u2019]/g, "'") === b.normalize('NFC').toLowerCase()
  );
}

// ---------------------------------------------------------------------------------------------------------------
// A cell of unit references

export interface ResolvedUnit {
  /** The text as written in the cell. */
  input: string;
  match: UnitMatch;
  /** The unit that holds the work on the directive's date, or the group. */
  code?: string;
  group?: UnitGroup;
  /** The unit as written, when the 2025 reorganisation moved it. */
  from?: string;
}

export interface UnitCellResolution {
  resolved: ResolvedUnit[];
  errors: string[];
}

/**
 * The units a cell names ("Bộ Công an; Bộ Quốc phòng", "bo-ca, bo-qp", "các tỉnh, thành phố"), as they are on
 * `onDate`: a unit dissolved by then is replaced by its successor (match `reorganised`); a unit that did not
 * exist yet, or anything not recognised, is an error naming the text.
 */
export function resolveUnitCell(cell: string, data: UnitsData, onDate: IsoDate): UnitCellResolution {
  const resolved: ResolvedUnit[] = [];
  const errors: string[] = [];
  const mentions = findUnitMentions(cell, data.units);
  let last = 0;
  const leftover = (from: number, to: number) => {
    const rest = cell
      .slice(from, to)
      .replace(/[,;/\n\r\t+&]|\b(?:và|and|och|with)\b/giu, ' ')
      .trim();
    if (rest) errors.push(`"${rest}" is not a unit, a unit code or a group in the directory`);
  };
  for (const m of mentions) {
    leftover(last, m.start);
    last = m.end;
    if (m.target.kind === 'group') {
      resolved.push({ input: m.text, match: 'group', group: m.target.group });
      continue;
    }
    const code = m.target.code;
    const unit = data.units.find((u) => u.code === code)!;
    if (isValidOn(unit, onDate)) {
      resolved.push({ input: m.text, match: m.match, code });
      continue;
    }
    const successor = successorOn(data.reorganisations, code, onDate);
    const next = data.units.find((u) => u.code === successor);
    if (successor !== code && next && isValidOn(next, onDate)) {
      resolved.push({ input: m.text, match: 'reorganised', code: successor, from: code });
    } else if (unit.validFrom > onDate) {
      errors.push(`"${m.text}" (${code}) did not exist yet on ${onDate}`);
    } else {
      errors.push(`"${m.text}" (${code}) no longer existed on ${onDate} and has no successor`);
    }
  }
  leftover(last, cell.length);
  const seen = new Set<string>();
  return {
    resolved: resolved.filter((r) => {
      const key = r.code ?? `group:${r.group}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
    errors,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// A row

/** A cell as read from a file: text, a number, a boolean, a date (XLSX), or empty. */
export type CellValue = string | number | boolean | Date | null | undefined;
export type TableRow = Partial<Record<ColumnKey, CellValue>>;

export interface CellError {
  column: ColumnKey;
  /** The spreadsheet column letter, when the row came from a file. */
  letter?: string;
  header: string;
  reason: string;
}

export interface TaskDraft {
  id?: string;
  title: string;
  description: string;
  /** Lead and co-operating units as resolved: codes, and `group:<name>` for a group. */
  units: { lead: string[]; cooperating: string[] };
  assignees: { units: string[]; groups: UnitGroup[] };
  leadUnits: string[];
  coordinatingUnits: string[];
  deadlineText: string;
  dueOn: IsoDate | null;
  frequency: DeadlineFrequency | null;
  key: boolean;
  confirmationRequired: boolean | null;
}

export interface RowPreview {
  draft: TaskDraft | null;
  units: { lead: ResolvedUnit[]; cooperating: ResolvedUnit[] };
  deadline: { text: string; dueOn?: IsoDate; frequency?: DeadlineFrequency; rule?: string } | null;
  errors: CellError[];
}

export interface RowContext extends UnitsData {
  issuedOn: IsoDate;
  calendar: CalendarData;
  /** Column key → letter, for a row read from a file. */
  letters?: Partial<Record<ColumnKey, string>>;
  expandGroup: (group: UnitGroup, onDate: IsoDate) => string[];
}

export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  return String(value).replace(/\r\n?/g, '\n').trim();
}

const TRUE_WORDS = new Set(['x', 'co', 'yes', 'y', 'true', '1', 'ja', 'trong tam', 'dung']);
const FALSE_WORDS = new Set(['', 'khong', 'no', 'n', 'false', '0', 'nej', 'sai']);

export function parseFlag(value: CellValue): boolean | 'invalid' {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : 'invalid';
  const f = flatten(cellText(value)).trim();
  if (TRUE_WORDS.has(f)) return true;
  if (FALSE_WORDS.has(f)) return false;
  return 'invalid';
}

/** A row of the table → a validated draft, or the errors of its cells. */
export function rowToDraft(row: TableRow, ctx: RowContext): RowPreview {
  const errors: CellError[] = [];
  const fail = (column: ColumnKey, reason: string) => {
    const c = TASK_COLUMNS.find((x) => x.key === column)!;
    errors.push({ column, ...(ctx.letters?.[column] ? { letter: ctx.letters[column] } : {}), header: columnHeader(c), reason });
  };
  const id = cellText(row.id);
  if (id && !/^[a-z0-9][a-z0-9_-]{0,79}$/i.test(id)) fail('id', 'a task id is letters, digits, "-" and "_" (at most 80)');
  const title = cellText(row.title);
  if (!title) fail('title', 'required');
  else if (title.length > 500) fail('title', `at most 500 characters (has ${title.length})`);
  const description = cellText(row.description);
  if (description.length > 10000) fail('description', 'at most 10,000 characters');

  const leadCell = cellText(row.leadUnits);
  const lead = leadCell ? resolveUnitCell(leadCell, ctx, ctx.issuedOn) : { resolved: [], errors: [] };
  if (!leadCell) fail('leadUnits', 'required: a unit code, a unit name or a group');
  lead.errors.forEach((e) => fail('leadUnits', e));
  const coopCell = cellText(row.cooperatingUnits);
  const coop = coopCell ? resolveUnitCell(coopCell, ctx, ctx.issuedOn) : { resolved: [], errors: [] };
  coop.errors.forEach((e) => fail('cooperatingUnits', e));

  let deadline: RowPreview['deadline'] = null;
  const deadlineText = cellText(row.deadline);
  if (!deadlineText) fail('deadline', 'required: a date (30/6/2024, 2024-06-30) or a phrase ("trong quý II/2024")');
  else {
    const r = resolveDeadline(deadlineText, ctx.issuedOn, ctx.calendar);
    if (!r.ok) fail('deadline', r.reason);
    else if (r.recurring) {
      deadline = { text: deadlineText, frequency: r.frequency, rule: r.rule };
      if (r.frequency === 'continuous')
        fail('deadline', `"${deadlineText}" is a standing obligation with no period: give a date or a monthly, quarterly or yearly period`);
    } else deadline = { text: deadlineText, dueOn: r.dueOn, rule: r.rule };
  }

  const key = parseFlag(row.key);
  if (key === 'invalid') fail('key', 'write x, có / yes, or leave empty');
  const confirmation = parseFlag(row.confirmationRequired);
  if (confirmation === 'invalid') fail('confirmationRequired', 'write x, có / yes, or leave empty');

  const units = { lead: lead.resolved, cooperating: coop.resolved };
  if (errors.length) return { draft: null, units, deadline, errors };

  const refOf = (r: ResolvedUnit) => r.code ?? `group:${r.group}`;
  const leadRefs = lead.resolved.map(refOf);
  const coopRefs = coop.resolved.map(refOf).filter((r) => !leadRefs.includes(r));
  // A group as lead: each of its units leads its own assignment. Co-operating groups are listed unit by unit.
  const coordinating = [...new Set(coop.resolved.flatMap((r) => (r.code ? [r.code] : ctx.expandGroup(r.group!, ctx.issuedOn))))].filter(
    (c) => !leadRefs.includes(c),
  );
  const draft: TaskDraft = {
    ...(id ? { id } : {}),
    title,
    description,
    units: { lead: leadRefs, cooperating: coopRefs },
    assignees: {
      units: lead.resolved.flatMap((r) => (r.code ? [r.code] : [])),
      groups: lead.resolved.flatMap((r) => (r.group ? [r.group] : [])),
    },
    leadUnits: lead.resolved.flatMap((r) => (r.code ? [r.code] : [])),
    coordinatingUnits: coordinating.slice(0, 200),
    deadlineText,
    dueOn: deadline?.dueOn ?? null,
    frequency: deadline?.frequency ?? null,
    key: key === true,
    confirmationRequired: confirmationRequiredOf(row.confirmationRequired, confirmation),
  };
  return { draft, units, deadline, errors };
}

function confirmationRequiredOf(value: CellValue, parsed: boolean | 'invalid'): boolean | null {
  return cellText(value) === '' && typeof value !== 'boolean' ? null : parsed === true;
}

/** The fields of a row that decide the task, in a fixed order: equal rows give equal strings (for a hash). */
export function canonicalRow(row: TableRow): string {
  return JSON.stringify(TASK_COLUMNS.filter((c) => c.key !== 'id').map((c) => cellText(row[c.key]).replace(/\s+/g, ' ')));
}

/** A cell listing units for export and drafts: Vietnamese names, a group by its phrase. */
export function unitsCell(refs: string[], units: Unit[]): string {
  return refs
    .map((ref) => {
      if (ref.startsWith('group:')) return GROUP_LABELS[ref.slice(6) as UnitGroup] ?? ref;
      return units.find((u) => u.code === ref)?.nameVi ?? ref;
    })
    .join('; ');
}

export function isIsoDateText(text: string): text is IsoDate {
  return isIsoDate(text);
}
