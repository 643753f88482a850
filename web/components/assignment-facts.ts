/** Facts about an assignment that several pages and the exports show: days late, the evidence link, the Temporal UI link. */
import type { AssignmentView } from '../../services/assignments';
import { assignmentDaysLate } from '../../domain/lateness';
import { ON_TIME_RATE_DEFINITION, onTimeRate as rateOf, percentText } from '../../domain/counting';

/** A workflow's page in the Temporal UI (TEMPORAL_UI_URL), or null when no UI is configured. */
export const temporalUrl = (uiUrl: string | null | undefined, workflowId: string) =>
  uiUrl ? `${uiUrl.replace(/\/$/, '')}/namespaces/default/workflows/${encodeURIComponent(workflowId)}` : null;

/** Days late as of today, by the one rule in domain/lateness.ts. */
export function daysLate(a: Pick<AssignmentView, 'status' | 'dueOn' | 'completion'> & { dueAt?: string | null }, today: string): number {
  return assignmentDaysLate(a, today);
}

export function evidenceOf(a: Pick<AssignmentView, 'completion'>): string | null {
  const url = (a.completion as { evidenceUrl?: string | null } | null)?.evidenceUrl;
  return url && /^https?:\/\//i.test(url) ? url : null;
}

/** The one on-time rate (domain/counting.ts): on time ÷ (completed + open overdue), as the API and the exports give it. */
export function onTimeRate(x: { completedOnTime: number; completedLate: number; overdue: number }): string {
  return percentText(rateOf({ completedOnTime: x.completedOnTime, completedLate: x.completedLate, openOverdue: x.overdue }));
}

/** What the rate is, in the page's language, for its heading. */
export const onTimeRateDefinition = (lang: 'vi' | 'en'): string => ON_TIME_RATE_DEFINITION[lang];

/** States in which the unit still works on the assignment. */
export const OPEN_STATUSES: ReadonlySet<string> = new Set(['not_due', 'due_soon', 'overdue']);

export type UnitLookup = (code: string) => import('../../domain/units').Unit | undefined;

export const assignmentHref = (a: { taskId: string; unitCode: string }) =>
  `/web/assignments/${encodeURIComponent(a.taskId)}/${encodeURIComponent(a.unitCode)}`;
