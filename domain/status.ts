/**
 * Assignment statuses, derived by one pure function from the facts an assignment has accumulated.
 * The workflow calls it whenever a fact changes or a timer fires, and the read model stores the result.
 */
import { dueInstant, judgeCompletion, type CompletionBasis } from './counting';
import type { IsoDate } from './dates';
import type { Status } from './statuses';

export { dueInstant } from './counting';
export { OPEN_STATUSES, STATUSES, TERMINAL_STATUSES, type Status } from './statuses';

export interface CompletionFacts {
  /** Instant the unit reported completion (epoch ms). */
  reportedAt: number;
  /** Date of the unit's outgoing document, when given: on-time is judged by it rather than by reportedAt. */
  documentDate?: IsoDate | null;
  /** False while a report waits for the coordinator's confirmation. */
  confirmed: boolean;
  /** Who confirmed it: set when the assigner confirmed, null when it was recorded without confirmation. */
  confirmedBy?: string | null;
}

/**
 * How completions are judged. 'recorded-unless-confirmed' (domain/counting.ts judgeCompletion): the recorded time,
 * a document date only once the assigner confirmed and only against a whole-day deadline. Absent: the rule of
 * workflows started before it (a given document date always decided), kept so their histories replay.
 */
export type CompletionRule = 'recorded-unless-confirmed';

export interface StatusFacts {
  dueOn: IsoDate;
  /** A deadline within the day ("trước 17h00 ngày …"), epoch ms; null: the end of the due date. */
  dueAt?: number | null;
  /** Start of the reminder window (epoch ms), or null when the policy has no reminders. */
  dueSoonFrom: number | null;
  completion: CompletionFacts | null;
  cancelled: boolean;
  reassigned: boolean;
  completionRule?: CompletionRule | undefined;
}

/** What a confirmed completion was judged on under `rule` (legacy: the document date whenever one was given). */
export function completionBasisOf(
  completion: CompletionFacts,
  dueOn: IsoDate,
  dueAt: number | null = null,
  rule?: CompletionRule,
): { onTime: boolean; basis: CompletionBasis | 'document-date' } {
  if (!rule) {
    if (completion.documentDate) return { onTime: completion.documentDate <= dueOn, basis: 'document-date' };
    return { onTime: completion.reportedAt < dueInstant(dueOn, dueAt), basis: 'recorded' };
  }
  const j = judgeCompletion(
    {
      reportedAt: completion.reportedAt,
      documentDate: completion.documentDate ?? null,
      confirmedByAssigner: completion.confirmedBy != null,
    },
    dueOn,
    dueAt,
  );
  return { onTime: j.onTime, basis: j.basis };
}

export function isCompletedOnTime(
  completion: CompletionFacts,
  dueOn: IsoDate,
  dueAt: number | null = null,
  rule?: CompletionRule,
): boolean {
  return completionBasisOf(completion, dueOn, dueAt, rule).onTime;
}

export function deriveStatus(facts: StatusFacts, now: number): Status {
  if (facts.reassigned) return 'reassigned';
  if (facts.cancelled) return 'cancelled';
  if (facts.completion) {
    if (!facts.completion.confirmed) return 'awaiting_confirmation';
    return isCompletedOnTime(facts.completion, facts.dueOn, facts.dueAt, facts.completionRule) ? 'completed_on_time' : 'completed_late';
  }
  if (now >= dueInstant(facts.dueOn, facts.dueAt)) return 'overdue';
  if (facts.dueSoonFrom !== null && now >= facts.dueSoonFrom) return 'due_soon';
  return 'not_due';
}
