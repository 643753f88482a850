/** The statuses an assignment can have (derived by domain/status.ts), and which of them are final. */
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
