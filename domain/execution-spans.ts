/**
 * The five-column statistic kept as it goes: an assignment's lifecycle events cut into spans of time over which
 * its facts (domain/execution-figures.ts `factsAsOf`) do not change. The span in force at a cut-off holds exactly
 * what the full fold of the events up to that cut-off gives, so a report at any cut-off reads one span per
 * assignment instead of folding the event log. A completion's column and days late do not depend on the cut-off and
 * are judged here, by the domain's `classify`; only an open assignment's "within the deadline or overdue" is left
 * to the instant asked about (`openColumnAt`, and its SQL twin in services/execution-report.ts).
 * Pure: no Temporal, HTTP or SQL.
 */
import type { IsoDate } from './dates';
import { classify, factsAsOf, type Deadlines, type DeadlineBasis, type FactsAsOf, type LifecycleEvent } from './execution-figures';
import { columnOf } from './counting';

/** The event kinds `factsAsOf` reads; the others (reminders, escalations, acknowledgements…) change no figure. */
export const FACT_EVENT_KINDS = [
  'assigned',
  'extension_approved',
  'resumed',
  'cancelled',
  'reassigned',
  'progress_reported',
  'completion_reported',
  'completion_returned',
  'completed',
] as const;

/** A completion's judgement against one deadline basis. */
export interface JudgedSpan {
  column: 'completedOnTime' | 'completedLate';
  daysLate: number;
}

export interface FactSpan {
  /** The first instant (epoch ms) these facts hold: the time of the event that made them. */
  validFrom: number;
  /** The instant the next change took effect (exclusive), or null while they still hold. */
  validTo: number | null;
  facts: FactsAsOf;
  /** The due date in force (the first, moved by extensions approved by then). */
  adjustedDueOn: IsoDate;
  /** The time of day of the adjusted deadline: the original one's, while the date is the original date. */
  adjustedDueAt: number | null;
  /** The completion judged against each basis; null while open. */
  original: JudgedSpan | null;
  adjusted: JudgedSpan | null;
}

function judged(facts: FactsAsOf, deadlines: Deadlines, at: number, basis: DeadlineBasis): JudgedSpan | null {
  if (facts.completion === null) return null;
  const c = classify(facts, deadlines, at, basis);
  if (c === null || (c.column !== 'completedOnTime' && c.column !== 'completedLate')) return null;
  return { column: c.column, daysLate: c.daysLate };
}

const sameFacts = (a: FactsAsOf, b: FactsAsOf) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The spans of one assignment, in time order: one per change of its facts, none while it is not yet assigned or once
 * it is cancelled or moved away (it is not counted then). Events may come in any order; they are read as `factsAsOf`
 * reads them.
 */
export function factSpans(events: readonly LifecycleEvent[], deadlines: Deadlines): FactSpan[] {
  const instants = [...new Set(events.map((e) => e.at))].sort((a, b) => a - b);
  const spans: FactSpan[] = [];
  let open: FactSpan | null = null;
  for (const at of instants) {
    const facts = factsAsOf(events, at);
    const counted = facts.assigned && !facts.cancelled && !facts.reassigned;
    if (open && counted && sameFacts(open.facts, facts)) continue;
    if (open) open.validTo = at;
    open = null;
    if (!counted) continue;
    const adjustedDueOn = facts.dueOn ?? deadlines.originalDueOn;
    open = {
      validFrom: at,
      validTo: null,
      facts,
      adjustedDueOn,
      adjustedDueAt: adjustedDueOn === deadlines.originalDueOn ? deadlines.originalDueAt : null,
      original: judged(facts, deadlines, at, 'original'),
      adjusted: judged(facts, deadlines, at, 'adjusted'),
    };
    spans.push(open);
  }
  return spans;
}

/** The span in force at `cutoff`, if any. */
export function spanAt(spans: readonly FactSpan[], cutoff: number): FactSpan | null {
  return spans.find((s) => s.validFrom <= cutoff && (s.validTo === null || cutoff < s.validTo)) ?? null;
}

/** An open span's column at `cutoff` against one basis: the one rule `classify` applies to open assignments. */
export function openColumnAt(span: FactSpan, deadlines: Deadlines, cutoff: number, basis: DeadlineBasis) {
  const dueOn = basis === 'original' ? deadlines.originalDueOn : span.adjustedDueOn;
  const dueAt = basis === 'original' ? deadlines.originalDueAt : span.adjustedDueAt;
  return columnOf({ dueOn, dueAt, completion: null }, cutoff);
}
