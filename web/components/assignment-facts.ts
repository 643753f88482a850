/** Facts about an assignment that several pages and the exports show: days late, the evidence link, the Temporal UI link. */
import type { AssignmentView } from '../../services/assignments';
import { daysBetween, toVnDate } from '../../domain/dates';

/** A workflow's page in the Temporal UI (TEMPORAL_UI_URL), or null when no UI is configured. */
export const temporalUrl = (uiUrl: string | null | undefined, workflowId: string) =>
  uiUrl ? `${uiUrl.replace(/\/$/, '')}/namespaces/default/workflows/${encodeURIComponent(workflowId)}` : null;

export function daysLate(a: Pick<AssignmentView, 'status' | 'dueOn' | 'completion'>, today: string): number {
  if (a.status === 'overdue') return Math.max(0, daysBetween(a.dueOn, today));
  if (a.status === 'completed_late' && a.completion) {
    const c = a.completion as { documentDate?: string | null; reportedAt?: number };
    const on = c.documentDate ?? (c.reportedAt ? toVnDate(new Date(c.reportedAt)) : null);
    return on ? Math.max(0, daysBetween(a.dueOn, on)) : 0;
  }
  return 0;
}

export function evidenceOf(a: Pick<AssignmentView, 'completion'>): string | null {
  const url = (a.completion as { evidenceUrl?: string | null } | null)?.evidenceUrl;
  return url && /^https?:\/\//i.test(url) ? url : null;
}

export function onTimeRate(x: { completed: number; completedOnTime: number }): string {
  return x.completed ? `${Math.round((100 * x.completedOnTime) / x.completed)}%` : '—';
}

/** States in which the unit still works on the assignment. */
export const OPEN_STATUSES: ReadonlySet<string> = new Set(['not_due', 'due_soon', 'overdue']);

export type UnitLookup = (code: string) => import('../../domain/units').Unit | undefined;

export const assignmentHref = (a: { taskId: string; unitCode: string }) =>
  `/web/assignments/${encodeURIComponent(a.taskId)}/${encodeURIComponent(a.unitCode)}`;
