/**
 * The one counting rule behind every "k of N", roll-up, five-column report, board, export and email:
 * which assignments count, what is done, on time against which due instant and on what evidence, within the
 * deadline or overdue as of an instant, how many days late, which group a unit is counted in, and the on-time rate.
 * Pure: no Temporal, HTTP or SQL. The SQL aggregations in services/ are twins of these functions, held to them by tests.
 */
import { daysBetween, endOfDayVn, toVnDate, type IsoDate } from './dates';
import type { Status } from './statuses';
import type { UnitKind } from './units';

// ---- which assignments count -------------------------------------------------------------------------------

/** Cancelled ones are not counted; reassigned-away ones are counted under their successor (a merged unit once). */
export function isCounted(status: Status): boolean {
  return status !== 'reassigned' && status !== 'cancelled';
}

export function isDone(status: Status): boolean {
  return status === 'completed_on_time' || status === 'completed_late';
}

/** Still the unit's to finish (a report awaiting confirmation included: it is not done until confirmed). */
export function isOpen(status: Status): boolean {
  return isCounted(status) && !isDone(status);
}

export interface LevelFacts {
  role: 'lead' | 'cooperating';
  /** The holder units above a sub-assignment (and a co-operating assignment's lead unit). */
  ancestorUnits: readonly string[];
}

/**
 * Does an assignment count toward the k of N of the level a reader sees? The lead assignments of that level:
 * not co-operating contributions (they answer to a lead), and not sub-assignments of a unit the reader also sees
 * (those are the lower level's k of N, counted when that level is asked for).
 */
export function countsAtLevel(a: LevelFacts, readerSees: (unitCode: string) => boolean): boolean {
  return a.role !== 'cooperating' && !a.ancestorUnits.some(readerSees);
}

// ---- groups of units -----------------------------------------------------------------------------------------

/** "58/63 localities and 20/22 ministries": local governments, ministries and agencies, and the rest. */
export const UNIT_GROUP_LABELS = ['localities', 'ministries', 'others'] as const;
export type UnitGroupLabel = (typeof UNIT_GROUP_LABELS)[number];

const GROUP_OF_KIND: Record<UnitKind, UnitGroupLabel> = {
  province: 'localities',
  commune: 'localities',
  ward: 'localities',
  special_zone: 'localities',
  ministry: 'ministries',
  ministry_agency: 'ministries',
  government_agency: 'ministries',
  // The Government Office and central bodies outside the lists (Ban Cơ yếu) are counted with "bộ, cơ quan".
  government_office: 'ministries',
  other: 'ministries',
  // A Sở, Cục or division belongs to a ministry or a province but is neither "bộ, cơ quan" nor "địa phương".
  department: 'others',
  division: 'others',
};

export function groupOf(kind: UnitKind): UnitGroupLabel {
  return GROUP_OF_KIND[kind] ?? 'others';
}

export interface Counts {
  done: number;
  total: number;
}

export type GroupCounts = Record<'localities' | 'ministries', Counts> & { others?: Counts };

// ---- deadlines, completions, lateness ---------------------------------------------------------------------

/** The instant an assignment becomes overdue: its deadline time (dueAt) if set, else the end of its due date in Vietnam. */
export function dueInstant(dueOn: IsoDate, dueAt: number | null = null): number {
  return dueAt ?? endOfDayVn(dueOn).getTime();
}

/** Is an open assignment past its deadline at `at` (epoch ms)? One rule for every level. */
export function isOverdueAt(dueOn: IsoDate, dueAt: number | null, at: number): boolean {
  return at >= dueInstant(dueOn, dueAt);
}

/**
 * What a completion was judged on: the recorded time of the report, or the outgoing document's date, which is the
 * unit's own declaration and counts only once the assigner confirmed the completion.
 */
export const COMPLETION_BASES = ['recorded', 'confirmed-document-date'] as const;
export type CompletionBasis = (typeof COMPLETION_BASES)[number];

export interface JudgedCompletion {
  /** Instant the unit reported completion (epoch ms). */
  reportedAt: number;
  /** The unit's own document date, when given. */
  documentDate?: IsoDate | null;
  /** The assigner (coordinator) confirmed this completion; a completion recorded without confirmation is not. */
  confirmedByAssigner: boolean;
}

export interface CompletionJudgement {
  onTime: boolean;
  basis: CompletionBasis;
  /** The Vietnam day the completion counts from (for days late). */
  completedOn: IsoDate;
}

/**
 * On time or late, and on what: the recorded time, unless the assigner confirmed the completion and the deadline is
 * a whole day (no dueAt), in which case a document date D is on time when D ≤ dueOn. A date alone never beats a
 * time-of-day deadline, and a self-declared date never beats the recorded time.
 */
export function judgeCompletion(c: JudgedCompletion, dueOn: IsoDate, dueAt: number | null = null): CompletionJudgement {
  if (c.confirmedByAssigner && c.documentDate && dueAt === null) {
    return { onTime: c.documentDate <= dueOn, basis: 'confirmed-document-date', completedOn: c.documentDate };
  }
  return { onTime: c.reportedAt < dueInstant(dueOn, dueAt), basis: 'recorded', completedOn: toVnDate(new Date(c.reportedAt)) };
}

/** Whole days from the due date to `on` (a Vietnam calendar day); 0 when `on` is not after it. */
export function daysLateOn(dueOn: IsoDate, on: IsoDate): number {
  return Math.max(0, daysBetween(dueOn, on));
}

// ---- the five columns --------------------------------------------------------------------------------------

export const COLUMNS = ['completedOnTime', 'completedLate', 'openWithinDeadline', 'openOverdue'] as const;
export type Column = (typeof COLUMNS)[number];

export interface ColumnFacts {
  dueOn: IsoDate;
  dueAt: number | null;
  /** A completion confirmed (or recorded without confirmation) by the instant asked about; null while open. */
  completion: JudgedCompletion | null;
}

export interface ColumnOf {
  column: Column;
  /** Days past the deadline: to the completion day, or to the day of `at` for an open overdue one (else 0). */
  daysLate: number;
  /** For completions: what on time was judged on. */
  basis: CompletionBasis | null;
}

/** The column of one counted assignment as of the instant `at`. */
export function columnOf(f: ColumnFacts, at: number): ColumnOf {
  if (f.completion) {
    const j = judgeCompletion(f.completion, f.dueOn, f.dueAt);
    return j.onTime
      ? { column: 'completedOnTime', daysLate: 0, basis: j.basis }
      : { column: 'completedLate', daysLate: daysLateOn(f.dueOn, j.completedOn), basis: j.basis };
  }
  if (!isOverdueAt(f.dueOn, f.dueAt, at)) return { column: 'openWithinDeadline', daysLate: 0, basis: null };
  return { column: 'openOverdue', daysLate: daysLateOn(f.dueOn, toVnDate(new Date(at))), basis: null };
}

// ---- tallies -------------------------------------------------------------------------------------------------

export interface TallyFact {
  status: Status;
  unitKind: UnitKind;
}

export interface Tally {
  total: number;
  completed: number;
  completedOnTime: number;
  completedLate: number;
  awaitingConfirmation: number;
  notDue: number;
  overdue: number;
  cancelled: number;
  byGroup: GroupCounts;
}

/** k of N over assignments already chosen for a level (countsAtLevel): counted, done, by status and by group. */
export function tally(facts: readonly TallyFact[]): Tally {
  const t: Tally = {
    total: 0,
    completed: 0,
    completedOnTime: 0,
    completedLate: 0,
    awaitingConfirmation: 0,
    notDue: 0,
    overdue: 0,
    cancelled: 0,
    byGroup: { localities: { done: 0, total: 0 }, ministries: { done: 0, total: 0 } },
  };
  for (const f of facts) {
    if (f.status === 'cancelled') t.cancelled += 1;
    if (!isCounted(f.status)) continue;
    const label = groupOf(f.unitKind);
    const group = (t.byGroup[label] ??= { done: 0, total: 0 });
    t.total += 1;
    group.total += 1;
    if (isDone(f.status)) {
      t.completed += 1;
      group.done += 1;
    }
    if (f.status === 'completed_on_time') t.completedOnTime += 1;
    if (f.status === 'completed_late') t.completedLate += 1;
    if (f.status === 'awaiting_confirmation') t.awaitingConfirmation += 1;
    if (f.status === 'not_due' || f.status === 'due_soon') t.notDue += 1;
    if (f.status === 'overdue') t.overdue += 1;
  }
  return t;
}

export function sumTallies(parts: readonly Tally[]): Tally {
  const total = tally([]);
  for (const p of parts) {
    for (const k of [
      'total',
      'completed',
      'completedOnTime',
      'completedLate',
      'awaitingConfirmation',
      'notDue',
      'overdue',
      'cancelled',
    ] as const) {
      total[k] += p[k];
    }
    for (const label of UNIT_GROUP_LABELS) {
      const g = p.byGroup[label];
      if (!g) continue;
      const into = (total.byGroup[label] ??= { done: 0, total: 0 });
      into.done += g.done;
      into.total += g.total;
    }
  }
  return total;
}

// ---- the on-time rate ----------------------------------------------------------------------------------------

/**
 * The one on-time rate: completed on time ÷ (completed + open overdue). An open overdue assignment is already a
 * miss, so it is judged with the completions; open ones within their deadline are not judged yet. Null when none is.
 */
export function onTimeRate(f: { completedOnTime: number; completedLate: number; openOverdue: number }): number | null {
  const judged = f.completedOnTime + f.completedLate + f.openOverdue;
  return judged ? f.completedOnTime / judged : null;
}

/** The rate's definition as pages and exports name it. */
export const ON_TIME_RATE_DEFINITION = {
  vi: 'Tỷ lệ đúng hạn = hoàn thành đúng hạn ÷ (đã hoàn thành + quá hạn chưa hoàn thành)',
  en: 'On-time rate = completed on time ÷ (completed + open overdue)',
} as const;

/** A rate as a whole percentage ("67%"), or a dash when nothing is judged yet. */
export function percentText(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(100 * rate)}%`;
}

// ---- headlines -----------------------------------------------------------------------------------------------

const GROUP_WORDS = {
  en: {
    localities: 'localities',
    ministries: 'ministries and agencies',
    others: 'other units',
    join: ' and ',
    done: 'completed',
    none: 'no assignments',
  },
  vi: {
    localities: 'địa phương',
    ministries: 'bộ, cơ quan',
    others: 'đơn vị khác',
    join: ' và ',
    done: 'hoàn thành',
    none: 'không có nhiệm vụ',
  },
} as const;

/** "62/63 localities and 22/28 ministries and agencies completed", or its Vietnamese "62/63 địa phương và … hoàn thành". */
export function headlineOf(byGroup: GroupCounts, language: 'vi' | 'en'): string {
  const w = GROUP_WORDS[language];
  const parts = UNIT_GROUP_LABELS.flatMap((label) => {
    const g = byGroup[label];
    return g && g.total ? [`${g.done}/${g.total} ${w[label]}`] : [];
  });
  return parts.length ? `${parts.join(w.join)} ${w.done}` : w.none;
}
