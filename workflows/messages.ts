/**
 * Every message an assignment workflow accepts, declared once: the workflow implements them and the API
 * sends them. Lifecycle actions are updates, because callers need the new state or a validation error
 * (completing a cancelled assignment must fail). Each carries a `messageId` the API assigns (or takes from
 * the caller's Idempotency-Key); it doubles as the Temporal update id and the workflow keeps the ids it has
 * applied, so a message delivered twice is applied once.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { IsoDate } from '../domain/dates';
import type { AssignmentState } from '../domain/assignment-state';

export type ActorKind = 'admin' | 'coordinator' | 'unit' | 'leader' | 'system';
export interface Actor {
  kind: ActorKind;
  /** Token or person id; `system` for timers and reorganisations. */
  id: string;
  unitCode?: string | null;
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
}
export interface RequestExtensionInput extends Envelope {
  newDueOn: IsoDate;
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

export const acknowledgeUpdate = defineUpdate<AssignmentState, [AcknowledgeInput]>('acknowledge');
export const reportProgressUpdate = defineUpdate<AssignmentState, [ReportProgressInput]>('reportProgress');
export const completeUpdate = defineUpdate<AssignmentState, [CompleteInput]>('complete');
export const requestExtensionUpdate = defineUpdate<AssignmentState, [RequestExtensionInput]>('requestExtension');
export const decideExtensionUpdate = defineUpdate<AssignmentState, [DecideExtensionInput]>('decideExtension');
export const reassignUpdate = defineUpdate<AssignmentState, [ReassignInput]>('reassign');
export const cancelUpdate = defineUpdate<AssignmentState, [CancelInput]>('cancel');
export const confirmCompletionUpdate = defineUpdate<AssignmentState, [ConfirmCompletionInput]>('confirmCompletion');
export const returnCompletionUpdate = defineUpdate<AssignmentState, [ReturnCompletionInput]>('returnCompletion');

export const declineUpdate = defineUpdate<AssignmentState, [DeclineInput]>('decline');
export const insistUpdate = defineUpdate<AssignmentState, [InsistInput]>('insist');

export const stateQuery = defineQuery<AssignmentState>('state');
