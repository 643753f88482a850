/**
 * Assignment statuses, derived by one pure function from the facts an assignment has accumulated.
 * The workflow calls it whenever a fact changes or a timer fires, and the read model stores the result.
 */
import { endOfDayVn, type IsoDate } from './dates';

export const STATUSES = [
  'not_due',
  'due_soon',
  'overdue',
  'awaiting_confirmation',
  'completed_on_time',
  'completed_late',
  'cancelled',
  'reassigned',
] as const;
export type Status = (typeof STATUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<Status> = new Set(['completed_on_time', 'completed_late', 'cancelled', 'reassigned']);

export const OPEN_STATUSES: readonly Status[] = STATUSES.filter((s) => !TERMINAL_STATUSES.has(s));

export interface CompletionFacts {
  /** Instant the unit reported completion (epoch ms). */
  reportedAt: number;
  /** Date of the unit's outgoing document, when given: on-time is judged by it rather than by reportedAt. */
  documentDate?: IsoDate | null;
  /** False while a report waits for the coordinator's confirmation. */
  confirmed: boolean;
}

export interface StatusFacts {
  dueOn: IsoDate;
  /** A deadline within the day ("trước 17h00 ngày …"), epoch ms; null: the end of the due date. */
  dueAt?: number | null;
  /** Start of the reminder window (epoch ms), or null when the policy has no reminders. */
  dueSoonFrom: number | null;
  completion: CompletionFacts | null;
  cancelled: boolean;
  reassigned: boolean;
}

/** The instant an assignment becomes overdue: its deadline time if set, else the end of its due date in Vietnam. */
export function dueInstant(dueOn: IsoDate, dueAt: number | null = null): number {
  return dueAt ?? endOfDayVn(dueOn).getTime();
}

export function isCompletedOnTime(completion: CompletionFacts, dueOn: IsoDate, dueAt: number | null = null): boolean {
  if (completion.documentDate) return completion.documentDate <= dueOn;
  return completion.reportedAt < dueInstant(dueOn, dueAt);
}

export function deriveStatus(facts: StatusFacts, now: number): Status {
  if (facts.reassigned) return 'reassigned';
  if (facts.cancelled) return 'cancelled';
  if (facts.completion) {
    if (!facts.completion.confirmed) return 'awaiting_confirmation';
    return isCompletedOnTime(facts.completion, facts.dueOn, facts.dueAt) ? 'completed_on_time' : 'completed_late';
  }
  if (now >= dueInstant(facts.dueOn, facts.dueAt)) return 'overdue';
  if (facts.dueSoonFrom !== null && now >= facts.dueSoonFrom) return 'due_soon';
  return 'not_due';
}
