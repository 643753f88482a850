/**
 * The shapes the use cases take and give, declared by the core. The API's zod schemas are checked against
 * these at compile time (api/schema-contract.ts), so the adapter cannot drift from the core.
 */
import type { IsoDate } from '../domain/dates';
import type { Frequency } from '../domain/periods';
import type { EscalationPolicy } from '../domain/policy';
import type { Status } from '../domain/status';
import type { NotificationKind } from '../domain/notices';
import type { Urgency } from '../domain/urgency';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DIGEST_FREQUENCIES = ['daily', 'weekly', 'off'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];
export const POSITIONS = ['officer', 'head'] as const;
export type Position = (typeof POSITIONS)[number];
export const UNIT_GROUPS = ['ministries', 'ministries_and_agencies', 'provinces', 'all_ministries_agencies_localities'] as const;
export type UnitGroup = (typeof UNIT_GROUPS)[number];

export interface DirectiveInput {
  id?: string | undefined;
  number: string;
  kind: string;
  issuer: string;
  issuedOn: string;
  title: string;
  titleEn?: string | undefined;
  url?: string | null | undefined;
  summary: string;
  summaryEn?: string | undefined;
  confirmationRequired: boolean;
}

export interface DirectiveView {
  id: string;
  number: string;
  kind: string;
  issuer: string;
  issuedOn: string;
  title: string;
  titleEn: string | null;
  summaryEn: string | null;
  url: string | null;
  summary: string;
  confirmationRequired: boolean;
  createdAt: string;
  taskCount: number;
  assignmentCount: number;
}

export interface TaskInput {
  id?: string | undefined;
  title: string;
  titleEn?: string | undefined;
  description: string;
  dueOn?: string | undefined;
  dueAt?: string | undefined;
  deadlineText?: string | undefined;
  assignees: { units: string[]; groups: UnitGroup[] };
  leadUnits: string[];
  coordinatingUnits: string[];
  policy?: EscalationPolicy | undefined;
  /** Selects the default policy when none is given (domain/urgency.ts). */
  urgency?: Urgency | undefined;
  key: boolean;
  recurrenceDueDay?: number | undefined;
  /** Working days before the lead's due date that co-operating units deliver their contributions (default 3). */
  contributionLeadDays?: number | undefined;
}

export type RecurrenceChange =
  { action: 'pause' | 'resume' | 'end' } | { action: 'change'; frequency?: Frequency | undefined; dueDay?: number | null | undefined };

export interface RecurrenceState {
  taskId: string;
  state: 'active' | 'paused' | 'ended';
  frequency?: Frequency | undefined;
  dueDay?: number | null | undefined;
}

export interface AssignmentView {
  workflowId: string;
  taskId: string;
  taskTitle: string;
  /** The task's English title, when it has one (readers of English see it, others the Vietnamese). */
  taskTitleEn: string | null;
  directiveId: string;
  unitCode: string;
  originalUnit: string;
  status: Status;
  dueOn: string;
  dueAt: string | null;
  originalDueOn: string;
  acknowledged: boolean;
  acknowledgedAt: string | null;
  progressPercent: number | null;
  progressNote: string | null;
  completion: Record<string, unknown> | null;
  /**
   * What a completed assignment's on time was judged on: the recorded time, or the document date the assigner
   * confirmed (domain/counting.ts); 'document-date' for completions judged before that rule. Null while open.
   */
  completionBasis: 'recorded' | 'confirmed-document-date' | 'document-date' | null;
  pendingExtension: Record<string, unknown> | null;
  dueDateChanges: Record<string, unknown>[];
  reassignedTo: string | null;
  refusal: Record<string, unknown> | null;
  /** The pause in force ({at, reason, by}), or null while the deadline runs. */
  paused: Record<string, unknown> | null;
  /** The escalation waiting for its reader's acknowledgement ({level, rung, deadline, backup, …}), or null. */
  awaitingAck: Record<string, unknown> | null;
  key: boolean;
  escalationLevel: number;
  escalationRung: string | null;
  updatedAt: string;
  /** The due date rests on a day of a year with no official calendar yet (the statutory forecast). */
  provisional: boolean;
  /** Lead (chủ trì) or co-operating (phối hợp). */
  role: 'lead' | 'cooperating';
  /** The unit that confirms this assignment's report: the holder above a sub-assignment, the lead unit above a contribution. */
  answersTo: string | null;
  /** The assignment this one was passed on from, if any. */
  parentWorkflowId: string | null;
}

export interface AssignmentEventView {
  /** 1..n over the assignment's whole timeline (predecessors included), ordered by time, workflow, seq. */
  position: number;
  /** The event belongs to a predecessor's workflow (a reassignment or reorganisation), not this one. */
  fromPredecessor: boolean;
  seq: number;
  workflowId: string;
  kind: string;
  at: string;
  actor: Record<string, unknown>;
  status: string;
  data: Record<string, unknown>;
}

export interface AssignmentFilters {
  unit?: string | undefined;
  status?: Status | undefined;
  directive?: string | undefined;
  task?: string | undefined;
  key?: 'true' | 'false' | undefined;
  dueBefore?: IsoDate | undefined;
  dueAfter?: IsoDate | undefined;
  /** Only the assignments given by the assigner (`top`), or only those passed on below them (`below`). */
  level?: 'top' | 'below' | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface PersonInput {
  id?: string | undefined;
  name: string;
  role: 'admin' | 'coordinator' | 'unit' | 'leader';
  unitCode?: string | undefined;
  scope?: string[] | undefined;
  email?: string | undefined;
  language: Language;
  position: Position;
  digest: DigestFrequency;
}

export interface PreferencesInput {
  email?: string | null | undefined;
  language?: Language | undefined;
  digest?: DigestFrequency | undefined;
  /** The IANA time zone quiet hours keep to (domain/quiet-hours.ts). */
  timeZone?: string | undefined;
}

export interface WebhookInput {
  url: string;
  eventTypes: NotificationKind[];
  units?: string[] | undefined;
  description: string;
}
