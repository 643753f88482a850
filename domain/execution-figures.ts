/**
 * The Government Office's five-column statistic, as it stood at a cut-off instant, from an assignment's event
 * log: total assigned; completed on time; completed late; not completed, still within the deadline; not
 * completed, overdue. Judged against the original or the adjusted deadline (extensions approved by the
 * cut-off). Cancelled assignments are not counted, nor reassigned-away ones: their successor is, so a merged
 * unit counts once. The same events and cut-off always give the same figures.
 */
import { columnOf, onTimeRate, type CompletionBasis, type Column } from './counting';
import { addDays, daysBetween, type IsoDate } from './dates';

export { COLUMNS, type Column } from './counting';

export interface LifecycleEvent {
  seq: number;
  kind: string;
  /** Epoch ms. */
  at: number;
  data: Record<string, unknown>;
}

/** What was known of one assignment at the cut-off, reduced from its events. */
export interface FactsAsOf {
  /** The assignment existed (its `assigned` event is at or before the cut-off). */
  assigned: boolean;
  cancelled: boolean;
  reassigned: boolean;
  /** The due date in force at the cut-off (the first, moved by extensions approved and pauses resumed by then). */
  dueOn: IsoDate | null;
  /**
   * A completion by the cut-off: when it was reported, the outgoing document's date if given, and whether the
   * assigner confirmed it ('completed' names confirmedBy) rather than the unit recording it without confirmation.
   */
  completion: { reportedAt: number; documentDate: IsoDate | null; confirmedByAssigner: boolean } | null;
  /** A completion reported and not yet confirmed at the cut-off (still "not completed" in the columns). */
  awaitingConfirmation: boolean;
  lastProgressAt: number | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Reduces ordered events to the assignment's facts at `cutoff`; events after it are ignored. */
export function factsAsOf(events: readonly LifecycleEvent[], cutoff: number): FactsAsOf {
  const facts: FactsAsOf = {
    assigned: false,
    cancelled: false,
    reassigned: false,
    dueOn: null,
    completion: null,
    awaitingConfirmation: false,
    lastProgressAt: null,
  };
  let report: { at: number; documentDate: IsoDate | null } | null = null;
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
    if (e.at > cutoff) break;
    switch (e.kind) {
      case 'assigned':
        facts.assigned = true;
        facts.dueOn ??= str(e.data.dueOn);
        break;
      // A paused deadline resumed moves it too: by the working days the pause lasted (domain/pause.ts).
      case 'extension_approved':
      case 'resumed':
        facts.dueOn = str(e.data.to) ?? facts.dueOn;
        break;
      case 'cancelled':
        facts.cancelled = true;
        break;
      case 'reassigned':
        facts.reassigned = true;
        break;
      case 'progress_reported':
        facts.lastProgressAt = e.at;
        break;
      case 'completion_reported':
        report = { at: e.at, documentDate: str(e.data.documentDate) };
        facts.lastProgressAt = e.at;
        break;
      case 'completion_returned':
        report = null;
        break;
      case 'completed':
        // Without confirmation the completion is reported and recorded at once; with it, the report counts.
        // Confirmed by the assigner: a report confirmed, or a completion the assigner's side recorded (both name confirmedBy).
        facts.completion = report
          ? {
              reportedAt: report.at,
              documentDate: report.documentDate ?? str(e.data.documentDate),
              confirmedByAssigner: str(e.data.confirmedBy) !== null,
            }
          : { reportedAt: e.at, documentDate: str(e.data.documentDate), confirmedByAssigner: str(e.data.confirmedBy) !== null };
        report = null;
        break;
    }
  }
  facts.awaitingConfirmation = facts.completion === null && report !== null;
  return facts;
}

export type DeadlineBasis = 'original' | 'adjusted';

export interface Deadlines {
  /** The first due date (kept across reassignments). */
  originalDueOn: IsoDate;
  /** The time within the original due date ("before 17:00 on …"), epoch ms; null for the end of the day. */
  originalDueAt: number | null;
}

export interface Classified {
  column: Column;
  /** Days past the deadline: to the completion date, or to the cut-off for an open overdue one (else 0). */
  daysLate: number;
  dueOn: IsoDate;
  /** For completions: the recorded time or the confirmed document date (domain/counting.ts judgeCompletion). */
  basis: CompletionBasis | null;
}

/** The column one assignment falls in at `cutoff`, or null when it is not counted (not yet assigned, cancelled, moved away). */
export function classify(facts: FactsAsOf, deadlines: Deadlines, cutoff: number, basis: DeadlineBasis): Classified | null {
  if (!facts.assigned || facts.cancelled || facts.reassigned) return null;
  const dueOn = basis === 'original' || facts.dueOn === null ? deadlines.originalDueOn : facts.dueOn;
  // An extension grants whole days: the time of day applies only to the original due date.
  const dueAt = dueOn === deadlines.originalDueOn ? deadlines.originalDueAt : null;
  return { ...columnOf({ dueOn, dueAt, completion: facts.completion }, cutoff), dueOn };
}

export interface FiveColumns {
  total: number;
  completedOnTime: number;
  completedLate: number;
  openWithinDeadline: number;
  openOverdue: number;
}

export interface Figures extends FiveColumns {
  /** Of the open ones, reported done and waiting for the coordinator. */
  awaitingConfirmation: number;
  /** Days late summed over the late completions and the open overdue ones. */
  daysLateTotal: number;
  /** Open at the cut-off and updated (progress or a report) within the update window before it. */
  openUpdated: number;
}

export function emptyFigures(): Figures {
  return {
    total: 0,
    completedOnTime: 0,
    completedLate: 0,
    openWithinDeadline: 0,
    openOverdue: 0,
    awaitingConfirmation: 0,
    daysLateTotal: 0,
    openUpdated: 0,
  };
}

export const DEFAULT_UPDATE_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

/** Adds one classified assignment to `figures` (mutates: reports add 100,000 rows). */
export function addTo(
  figures: Figures,
  classified: Classified,
  facts: Pick<FactsAsOf, 'awaitingConfirmation' | 'lastProgressAt'>,
  cutoff: number,
  updateWindowDays = DEFAULT_UPDATE_WINDOW_DAYS,
): Figures {
  figures.total += 1;
  figures[classified.column] += 1;
  figures.daysLateTotal += classified.daysLate;
  const open = classified.column === 'openWithinDeadline' || classified.column === 'openOverdue';
  if (open && facts.awaitingConfirmation) figures.awaitingConfirmation += 1;
  if (open && facts.lastProgressAt !== null && cutoff - facts.lastProgressAt <= updateWindowDays * DAY_MS) figures.openUpdated += 1;
  return figures;
}

export function sumFigures(parts: readonly Figures[]): Figures {
  const total = emptyFigures();
  for (const p of parts) for (const k of Object.keys(total) as (keyof Figures)[]) total[k] += p[k];
  return total;
}

export interface Rates {
  /** domain/counting.ts onTimeRate: on time ÷ (completed + open overdue). Null when none is judged. */
  onTimeRate: number | null;
  /** Average days late over the late completions and open overdue ones; 0 when none is late. */
  averageDaysLate: number;
  /** Open assignments updated within the window, over the open ones; null when none is open. */
  updateRate: number | null;
}

export function ratesOf(f: Figures): Rates {
  const late = f.completedLate + f.openOverdue;
  const open = f.openWithinDeadline + f.openOverdue;
  return {
    onTimeRate: onTimeRate(f),
    averageDaysLate: late ? f.daysLateTotal / late : 0,
    updateRate: open ? f.openUpdated / open : null,
  };
}

export interface RankingEntry<T> {
  subject: T;
  figures: Figures;
}

export interface Ranked<T> extends RankingEntry<T>, Rates {
  /** 1 is best; units with nothing judged yet (no on-time rate) come last, unranked. */
  rank: number | null;
}

/**
 * Best first: higher on-time rate, then fewer open overdue, then fewer average days late, then `tieBreak`.
 * Units with nothing judged yet follow, unranked.
 */
export function rank<T>(entries: readonly RankingEntry<T>[], tieBreak: (a: T, b: T) => number): Ranked<T>[] {
  const rated = entries.map((e) => ({ ...e, ...ratesOf(e.figures), rank: null as number | null }));
  rated.sort(
    (a, b) =>
      (a.onTimeRate === null ? 1 : 0) - (b.onTimeRate === null ? 1 : 0) ||
      (b.onTimeRate ?? 0) - (a.onTimeRate ?? 0) ||
      a.figures.openOverdue - b.figures.openOverdue ||
      a.averageDaysLate - b.averageDaysLate ||
      tieBreak(a.subject, b.subject),
  );
  let previous: (typeof rated)[number] | null = null;
  rated.forEach((r, i) => {
    if (r.onTimeRate === null) return;
    const tied =
      previous !== null &&
      previous.onTimeRate === r.onTimeRate &&
      previous.figures.openOverdue === r.figures.openOverdue &&
      previous.averageDaysLate === r.averageDaysLate;
    r.rank = tied ? previous!.rank : i + 1;
    previous = r;
  });
  return rated;
}

/** The period of equal length just before [from, to] (whole days, inclusive). */
export function previousPeriod(from: IsoDate, to: IsoDate): { from: IsoDate; to: IsoDate; lengthDays: number } {
  const lengthDays = daysBetween(from, to) + 1;
  return { from: addDays(from, -lengthDays), to: addDays(from, -1), lengthDays };
}

export interface RankChange {
  /** Places moved up since the previous period (negative: down); null when either period left it unranked. */
  rankChange: number | null;
  /** On-time rate now minus then, in percentage points; null when either is unknown. */
  onTimeRateChange: number | null;
  previousRank: number | null;
  previousOnTimeRate: number | null;
}

export function changeFrom<T>(current: Ranked<T>, previous: Ranked<T> | undefined): RankChange {
  const previousRank = previous?.rank ?? null;
  const previousOnTimeRate = previous?.onTimeRate ?? null;
  return {
    previousRank,
    previousOnTimeRate,
    rankChange: current.rank !== null && previousRank !== null ? previousRank - current.rank : null,
    onTimeRateChange:
      current.onTimeRate !== null && previousOnTimeRate !== null
        ? Math.round((current.onTimeRate - previousOnTimeRate) * 10_000) / 100
        : null,
  };
}
