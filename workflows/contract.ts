/**
 * The workflows' contract, declared once: their inputs, their ids, the messages (updates and queries) an
 * assignment accepts and the workflow types by name. Workflows, activities and services all import this
 * module and never a workflow implementation, so no import cycle runs through the workflow code.
 *
 * Lifecycle actions are updates, because callers need the new state or a validation error (completing a
 * cancelled assignment must fail). Each carries a `messageId` the API assigns (or takes from the caller's
 * Idempotency-Key); it doubles as the Temporal update id and the workflow keeps the ids it has applied, so a
 * message delivered twice is applied once.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AssignmentState } from '../domain/assignment-state';
import type { CalendarData } from '../domain/calendar';
import type { CalendarYearDays } from '../domain/calendar-change';
import type { IsoDate } from '../domain/dates';
import type { Notice } from '../domain/notices';
import type { EscalationPolicy } from '../domain/policy';

// ---- ids -------------------------------------------------------------------------------------------------

/** Workflow ids derived from domain ids, so a retried start can never create a second workflow. */
export function assignmentWorkflowId(taskId: string, unitCode: string): string {
  return `assignment/${taskId}/${unitCode}`;
}

export function fanoutWorkflowId(taskId: string): string {
  return `fanout/${taskId}`;
}

/**
 * The task queues, named from the configured base (TEMPORAL_TASK_QUEUE), so batches and delivery never queue in
 * front of an assignment's own steps: assignments on `<q>`, fan-outs on `<q>-fanout`, the delivery dispatcher on
 * `<q>-delivery`, the batch jobs (reorganisation apply, calendar re-plan) on `<q>-batch`. Every queue's worker
 * registers every workflow and activity.
 */
export function taskQueuesOf(base: string): { assignments: string; fanout: string; delivery: string; batch: string } {
  return { assignments: base, fanout: `${base}-fanout`, delivery: `${base}-delivery`, batch: `${base}-batch` };
}

export function deliveryDispatcherId(taskQueue: string): string {
  return `delivery-dispatcher/${taskQueue}`;
}

/** One assignment event as the workflow hands it to the recordEvent activity (keyed by workflow id and seq). */
export interface RecordedEvent {
  workflowId: string;
  seq: number;
  at: number;
  kind: string;
  data: Record<string, unknown>;
  actor: Actor;
  messageId: string | null;
  state: AssignmentState;
  notices: Notice[];
}

/** The failure type of `recordEvent` for an event Postgres can never accept (not retried). */
export const UNRECORDABLE_EVENT = 'UnrecordableEvent';

// ---- actors and messages ---------------------------------------------------------------------------------

export type ActorKind = 'admin' | 'coordinator' | 'unit' | 'leader' | 'system';
export interface Actor {
  kind: ActorKind;
  /** Token or person id; `system` for timers and reorganisations. */
  id: string;
  unitCode?: string | null;
  /** The absent person an acting officer acted for (services/acting.ts); absent when acting in one's own right. */
  onBehalfOf?: string;
}

interface Envelope {
  messageId: string;
  actor: Actor;
}

export type AcknowledgeInput = Envelope;
export interface ReportProgressInput extends Envelope {
  percent: number;
  note: string;
}
export interface CompleteInput extends Envelope {
  note: string;
  evidenceUrl?: string | null;
  /** The unit's outgoing document, e.g. "1234/QĐ-UBND"; its date decides on-time when given. */
  documentNumber?: string | null;
  documentDate?: IsoDate | null;
  /** Who signed the outgoing document (the EDXML report's SignerInfo). */
  documentSigner?: DocumentSigner | null;
  /** The outgoing document's file, uploaded to the assignment before the report (services/assignment-documents.ts). */
  documentSha256?: string | null;
}
export interface DocumentSigner {
  fullName: string;
  position?: string | null;
}
export interface RequestExtensionInput extends Envelope {
  newDueOn: IsoDate;
  /** A new deadline time on `newDueOn` (ISO-8601 date-time with offset); without it the current time of day carries over. */
  newDueAt?: string | null;
  reason: string;
}
export interface DecideExtensionInput extends Envelope {
  approve: boolean;
  decidedBy: string;
  note: string;
}
export interface ReassignInput extends Envelope {
  toUnit: string;
  reason: string;
}
export interface CancelInput extends Envelope {
  reason: string;
}
export interface ConfirmCompletionInput extends Envelope {
  note?: string | null;
}
export interface ReturnCompletionInput extends Envelope {
  reason: string;
}
export interface DeclineInput extends Envelope {
  reason: string;
}
export interface InsistInput extends Envelope {
  note: string;
}
/** A coordinator pauses the deadline (waiting for another agency's opinion, a legal review): the ladder stops. */
export interface PauseInput extends Envelope {
  reason: string;
}
/** The deadline runs again; the due date moves by the working days paused (domain/pause.ts). */
export interface ResumeInput extends Envelope {
  note: string;
}

// Each lifecycle update's name is a literal type: services/actions.ts checks it against the domain's Action names.
export const acknowledgeUpdate = defineUpdate<AssignmentState, [AcknowledgeInput], 'acknowledge'>('acknowledge');
export const reportProgressUpdate = defineUpdate<AssignmentState, [ReportProgressInput], 'reportProgress'>('reportProgress');
export const completeUpdate = defineUpdate<AssignmentState, [CompleteInput], 'complete'>('complete');
export const requestExtensionUpdate = defineUpdate<AssignmentState, [RequestExtensionInput], 'requestExtension'>('requestExtension');
export const decideExtensionUpdate = defineUpdate<AssignmentState, [DecideExtensionInput], 'decideExtension'>('decideExtension');
export const reassignUpdate = defineUpdate<AssignmentState, [ReassignInput], 'reassign'>('reassign');
export const cancelUpdate = defineUpdate<AssignmentState, [CancelInput], 'cancel'>('cancel');
export const confirmCompletionUpdate = defineUpdate<AssignmentState, [ConfirmCompletionInput], 'confirmCompletion'>('confirmCompletion');
export const returnCompletionUpdate = defineUpdate<AssignmentState, [ReturnCompletionInput], 'returnCompletion'>('returnCompletion');
export const declineUpdate = defineUpdate<AssignmentState, [DeclineInput], 'decline'>('decline');
export const insistUpdate = defineUpdate<AssignmentState, [InsistInput], 'insist'>('insist');
/** The reader of an escalation (the rung it reached) takes it up, within its acknowledgement window. */
export type AcknowledgeEscalationInput = Envelope;
export const acknowledgeEscalationUpdate = defineUpdate<AssignmentState, [AcknowledgeEscalationInput], 'acknowledgeEscalation'>(
  'acknowledgeEscalation',
);
export const pauseUpdate = defineUpdate<AssignmentState, [PauseInput], 'pause'>('pause');
export const resumeUpdate = defineUpdate<AssignmentState, [ResumeInput], 'resume'>('resume');

/** Another unit's open work merged into this assignment (a reassignment or reorganisation onto a unit holding the task). */
export interface MergeInput extends Envelope {
  predecessor: AssignmentPredecessor & { unitCode: string };
}
export const mergeUpdate = defineUpdate<AssignmentState, [MergeInput]>('merge');

export const stateQuery = defineQuery<AssignmentState>('state');

// ---- workflow inputs ---------------------------------------------------------------------------------------

export interface AssignmentPredecessor {
  workflowId: string;
  originalUnit: string;
  originalDueOn: IsoDate;
  acknowledgedAt: number | null;
  progress: AssignmentState['progress'];
  dueDateChanges: AssignmentState['dueDateChanges'];
}

export interface AssignmentInput {
  taskId: string;
  directiveId: string;
  unitCode: string;
  dueOn: IsoDate;
  /** A deadline time within the due date (epoch ms), when the directive gives one. */
  dueAt?: number | null;
  policy: EscalationPolicy;
  calendar: CalendarData;
  /** The unit whose coordinators receive top-rung escalations and requests (the Government Office). */
  coordinatorUnit: string;
  confirmationRequired: boolean;
  /** Continue-as-new history threshold; tests lower it. */
  maxHistoryEvents?: number;
  /** Set when this assignment takes over from another unit's (reassignment or reorganisation). */
  predecessor?: AssignmentPredecessor;
  /** Set by continue-as-new, and when a closed assignment reopens to take merged open work. */
  continued?: ContinuedRun;
  /** Set when this run reopens a closed assignment because open work merged into it. */
  reopenedFor?: MergeInput;
}

/** What an assignment carries over continue-as-new. */
export interface ContinuedRun {
  state: AssignmentState;
  handledMessageIds: string[];
  topRungAt: number | null;
  repeats: number;
  confirmationReminders?: { reportedAt: number; sent: number } | null;
  /** The calendar version applied per year (calendar re-plans); an older or repeated version changes nothing. */
  calendarVersions?: Record<string, number>;
}

/** What every assignment of the task shares, and the units to assign it to. */
export type FanoutInput = Pick<
  AssignmentInput,
  'taskId' | 'directiveId' | 'dueOn' | 'dueAt' | 'policy' | 'calendar' | 'coordinatorUnit' | 'confirmationRequired'
> & {
  unitCodes: string[];
  /**
   * Each unit's own inputs, when the units differ (a lead and its co-operating units, sub-assignments): recorded with
   * the assignment rows (services/assignment-starts.ts). Absent in fan-outs started before it: every unit of
   * `unitCodes` then takes the shared inputs.
   */
  units?: FanoutUnit[];
  batchSize?: number;
};

/**
 * One unit's start input within a fan-out, as far as it differs from the shared one (a lead's is its unit code
 * alone): its due date, who it answers to, whether its report is confirmed, its policy.
 */
export type FanoutUnit = Pick<AssignmentInput, 'unitCode'> &
  Partial<Pick<AssignmentInput, 'dueOn' | 'dueAt' | 'coordinatorUnit' | 'confirmationRequired' | 'policy'>>;

export interface FanoutResult {
  started: number;
  existing: number;
}

export interface RecurringPeriodInput {
  taskId: string;
}
export interface RecurringPeriodResult {
  periodTaskId: string;
  created: boolean;
}

export interface DeliveryDispatcherInput {
  /** How long one activity run drains before it returns (default one minute). */
  runForMs?: number;
  /** Default 15 s: a dead worker's run moves to another worker within this. */
  heartbeatTimeoutMs?: number;
}

export interface LeaderDigestsInput {
  /** The instant the digests are for (epoch ms); default the scheduled time. */
  at?: number;
}
export interface LeaderDigestsResult {
  day: string;
  sent: number;
  leaders: number;
}

// ---- workflow types, for typed starts by name (`client.workflow.start<AssignmentWorkflow>('assignmentWorkflow', …)`) --

export type AssignmentWorkflow = (input: AssignmentInput) => Promise<AssignmentState>;
export type FanoutWorkflow = (input: FanoutInput) => Promise<FanoutResult>;
export type RecurringPeriodWorkflow = (input: RecurringPeriodInput) => Promise<RecurringPeriodResult>;
export type DeliveryDispatcherWorkflow = (input?: DeliveryDispatcherInput) => Promise<void>;
export type LeaderDigestsWorkflow = (input?: LeaderDigestsInput) => Promise<LeaderDigestsResult>;

/** The registered names, checked against the implementations in workflows/index.ts. */
export const WORKFLOW_TYPES = {
  assignment: 'assignmentWorkflow',
  fanout: 'fanoutWorkflow',
  recurringPeriod: 'recurringPeriodWorkflow',
  deliveryDispatcher: 'deliveryDispatcherWorkflow',
  leaderDigests: 'leaderDigestsWorkflow',
  reorganisationApply: 'reorganisationApplyWorkflow',
  calendarReplan: 'calendarReplanWorkflow',
  cascade: 'cascadeWorkflow',
} as const;

// ---- reorganisation apply (a batch workflow) -----------------------------------------------------------------

/** One application per reorganisation: applying again finds the same workflow. */
export function reorganisationApplyWorkflowId(reorganisationId: string): string {
  return `reorganisation-apply/${reorganisationId}`;
}

/** The message id (and update id) of one move, so a retried batch reassigns nothing twice. */
export function reorganisationMoveMessageId(reorganisationId: string, assignmentWorkflowId: string): string {
  return `reorganisation/${reorganisationId}/${assignmentWorkflowId}`;
}

export interface ReorganisationApplyInput {
  reorganisationId: string;
  actorId: string;
  batchSize?: number;
}

export interface ReorganisationMove {
  workflowId: string;
  toUnit: string;
}

export interface ReorganisationMoveFailure extends ReorganisationMove {
  reason: string;
}

export interface ReorganisationProgress {
  /** Open assignments of the dissolved units when the application started. */
  total: number;
  done: number;
  merged: number;
  failures: ReorganisationMoveFailure[];
  finished: boolean;
}

export const reorganisationProgressQuery = defineQuery<ReorganisationProgress>('reorganisationProgress');
export type ReorganisationApplyWorkflow = (input: ReorganisationApplyInput) => Promise<ReorganisationProgress>;

// ---- calendar re-plan (a batch workflow) ---------------------------------------------------------------------

/** One re-plan per loaded version of a year: loading the same version again finds the same workflow. */
export function calendarReplanWorkflowId(year: number, version: number): string {
  return `calendar-replan/${year}/${version}`;
}

/** The message id of one assignment's calendar change, so a retried page changes nothing twice. */
export function calendarChangeMessageId(year: number, version: number, assignmentWorkflowId: string): string {
  return `calendar/${year}/${version}/${assignmentWorkflowId}`;
}

/** A year's calendar as loaded (version: when it was loaded, epoch ms, so a later load has a higher one). */
export interface CalendarChange {
  year: number;
  version: number;
  days: CalendarYearDays;
  /** An official schedule (an admin's load); false would put the year back to the statutory forecast. */
  official: boolean;
}

export type CalendarChangeInput = Envelope & CalendarChange;

/** A signal, not an update: the batch need not wait for each of 100,000 assignments to re-plan and record it. */
export const calendarChangedSignal = defineSignal<[CalendarChangeInput]>('calendarChanged');

export interface CalendarReplanInput extends CalendarChange {
  actorId: string;
  batchSize?: number;
  /** Set by continue-as-new: where the paging stands and what was done so far. */
  resume?: { after: string; progress: CalendarReplanProgress };
}

export interface CalendarReplanProgress {
  /** Open assignments the change may reach, counted when the re-plan started. */
  total: number;
  /** Assignments sent the change. */
  sent: number;
  /** Assignments that closed before their message reached them. */
  closed: number;
  finished: boolean;
}

export const calendarReplanProgressQuery = defineQuery<CalendarReplanProgress>('calendarReplanProgress');
export type CalendarReplanWorkflow = (input: CalendarReplanInput) => Promise<CalendarReplanProgress>;

// ---- following the parent: the cancel cascade and the due-date moves of sub-assignments (a batch workflow) --------

/** One cascade per parent cancel, one move per parent due date: asking again finds the same workflow. */
export function cascadeWorkflowId(kind: CascadeInput['kind'], parentWorkflowId: string, key = ''): string {
  return `cascade/${kind}/${parentWorkflowId}${key ? `/${key}` : ''}`;
}

export type CascadeInput = { parentWorkflowId: string; actor: Actor; batchSize?: number } & (
  | { kind: 'cancel'; messageId: string; reason: string }
  | { kind: 'move'; parentUnit: string; parentDueOn: IsoDate; dueOn: IsoDate | null; shiftDays: number }
);

/** One child's part, planned once (recorded in history) so a resumed cascade never recomputes it from moved data. */
export interface CascadeStep {
  workflowId: string;
  unitCode: string;
  from: IsoDate;
  to: IsoDate;
  /** A co-operating contribution that ends with the cancelled lead: the lead's unit (its timeline says so). */
  contributionTo?: string;
}

export interface CascadeResult {
  /** Cancelled, or moved (from → to). */
  done: CascadeStep[];
  /** Children left as they were: closed, not later, or refusing by their own rules. */
  unchanged: string[];
}

export type CascadeWorkflow = (input: CascadeInput) => Promise<CascadeResult>;
