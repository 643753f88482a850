/**
 * The one table of what can be done to an assignment: each action's name, the workflow update it sends, the
 * input it takes and who may send it. The API's routes, the web's forms and the rule check all come from here.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import type { Action, AssignmentState } from '../domain/assignment-state';
import * as messages from '../workflows/contract';
import type { Principal, Role } from './access';
import { cascadeCancel } from './cancel-cascade';
import type { AppDeps } from './deps';
import { httpUrl, isoDate, isoDateTime, requiredText, text, unitCode } from './input-pieces';

interface ActionSpec<I extends z.ZodType, P, N extends Action = Action> {
  /** The API path segment under /v1/tasks/{taskId}/assignments/{unitCode}/. */
  path: string;
  /** The workflow update it sends, whose name is the domain rule's (domain/assignment-state.ts Action): one vocabulary. */
  update: UpdateDefinition<AssignmentState, [P], N>;
  input: I;
  roles: readonly Role[];
  summary: string;
}

/** The envelope (message id, actor) and the decider are added by the service, never taken from the caller. */
type Payload<T> = Omit<T, 'messageId' | 'actor' | 'decidedBy'>;

function action<I extends z.ZodType, P, N extends Action>(
  spec: ActionSpec<I, P, N> & { input: I & z.ZodType<Payload<P>, unknown> },
): ActionSpec<I, P, N> {
  return spec;
}

const UNIT_SIDE = ['admin', 'coordinator', 'unit'] as const;
const ASSIGNER_SIDE = ['admin', 'coordinator', 'leader'] as const;
const COORDINATORS = ['admin', 'coordinator'] as const;
/** Whoever a rung reaches: the unit's head, its supervising leader, or the coordinator. */
const RUNG_READERS = ['admin', 'coordinator', 'unit', 'leader'] as const;

export const ACTIONS = {
  acknowledge: action({
    path: 'acknowledge',
    update: messages.acknowledgeUpdate,
    input: z.object({}).strict(),
    roles: UNIT_SIDE,
    summary: 'The unit acknowledges the assignment',
  }),
  progress: action({
    path: 'progress',
    update: messages.reportProgressUpdate,
    input: z.object({ percent: z.number().int().min(0).max(100), note: text(2000).default('') }).strict(),
    roles: UNIT_SIDE,
    summary: 'The unit reports progress',
  }),
  complete: action({
    path: 'complete',
    update: messages.completeUpdate,
    input: z
      .object({
        note: text(5000).default(''),
        evidenceUrl: httpUrl.nullable().optional(),
        documentNumber: text(100).nullable().optional(),
        documentDate: isoDate.nullable().optional(),
        documentSigner: z
          .object({ fullName: requiredText(200), position: text(200).nullable().optional() })
          .strict()
          .nullable()
          .optional(),
        documentSha256: z
          .string()
          .regex(/^[0-9a-f]{64}$/, 'must be the SHA-256 (64 lowercase hexadecimal digits) of a file uploaded to the assignment')
          .nullable()
          .optional(),
      })
      .strict(),
    roles: UNIT_SIDE,
    summary: 'The unit reports completion with evidence',
  }),
  requestExtension: action({
    path: 'extension-requests',
    update: messages.requestExtensionUpdate,
    input: z.object({ newDueOn: isoDate, newDueAt: isoDateTime.optional(), reason: requiredText(2000) }).strict(),
    roles: UNIT_SIDE,
    summary: 'The unit asks for a later due date',
  }),
  decideExtension: action({
    path: 'extension-decision',
    update: messages.decideExtensionUpdate,
    input: z.object({ approve: z.boolean(), note: text(2000).default('') }).strict(),
    roles: ASSIGNER_SIDE,
    summary: 'Approve or reject the pending extension request',
  }),
  reassign: action({
    path: 'reassign',
    update: messages.reassignUpdate,
    input: z.object({ toUnit: unitCode, reason: text(2000).default('') }).strict(),
    roles: COORDINATORS,
    summary: 'Move the assignment to another unit',
  }),
  cancel: action({
    path: 'cancel',
    update: messages.cancelUpdate,
    input: z.object({ reason: requiredText(2000) }).strict(),
    roles: COORDINATORS,
    summary: 'Cancel the assignment',
  }),
  confirm: action({
    path: 'confirm',
    update: messages.confirmCompletionUpdate,
    input: z.object({ note: text(2000).nullable().optional() }).strict(),
    roles: ASSIGNER_SIDE,
    summary: 'Confirm a reported completion',
  }),
  return: action({
    path: 'return',
    update: messages.returnCompletionUpdate,
    input: z.object({ reason: requiredText(2000) }).strict(),
    roles: ASSIGNER_SIDE,
    summary: 'Return a reported completion to be redone',
  }),
  decline: action({
    path: 'decline',
    update: messages.declineUpdate,
    input: z.object({ reason: requiredText(2000) }).strict(),
    roles: UNIT_SIDE,
    summary: 'The unit declines the assignment as outside its remit',
  }),
  insist: action({
    path: 'insist',
    update: messages.insistUpdate,
    input: z.object({ note: text(2000).default('') }).strict(),
    roles: COORDINATORS,
    summary: 'The coordinator keeps a declined assignment with the unit',
  }),
  pause: action({
    path: 'pause',
    update: messages.pauseUpdate,
    input: z.object({ reason: requiredText(2000) }).strict(),
    roles: COORDINATORS,
    summary: "Pause the deadline (waiting for another agency's opinion, a legal review): the ladder stops",
  }),
  resume: action({
    path: 'resume',
    update: messages.resumeUpdate,
    input: z.object({ note: text(2000).default('') }).strict(),
    roles: COORDINATORS,
    summary: 'Resume a paused deadline: the due date moves by the working days paused',
  }),
  acknowledgeEscalation: action({
    path: 'escalation-acknowledgement',
    update: messages.acknowledgeEscalationUpdate,
    input: z.object({}).strict(),
    roles: RUNG_READERS,
    summary: 'The reader of an escalation takes it up within its acknowledgement window, so it goes no further',
  }),
};

export type ActionName = keyof typeof ACTIONS;
export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];
/** What the caller sends for each action, after validation. */
export type ActionInput<A extends ActionName> = z.output<(typeof ACTIONS)[A]['input']>;
/** A typed command: an action with its validated input. */
export type ActionCommand = { [A in ActionName]: { action: A; input: ActionInput<A> } }[ActionName];

export function isActionName(name: string): name is ActionName {
  return Object.hasOwn(ACTIONS, name);
}

/** May this role send this action at all (the object check comes on top)? */
export function mayAct(role: Role, name: ActionName): boolean {
  return ACTIONS[name].roles.includes(role);
}

/** The decisions a unit takes on the assignments that answer to it: its sub-assignments and the contributions to it. */
const DECISIONS: ReadonlySet<ActionName> = new Set(['confirm', 'return', 'decideExtension']);

/**
 * Why this principal may not send this action on this assignment, or null when it may: the role rule, and the
 * levels' object rule (a unit's people act on their own unit's assignment, and decide on those that answer to it).
 */
export function actionRefusal(
  principal: Pick<Principal, 'role' | 'unitCode'>,
  name: ActionName,
  a: { unitCode: string; answersTo: string | null },
): string | null {
  if (principal.role === 'unit' && principal.unitCode !== a.unitCode) {
    if (DECISIONS.has(name) && a.answersTo !== null && principal.unitCode === a.answersTo) return null;
    return `a unit officer may not ${name} another unit's assignment`;
  }
  return mayAct(principal.role, name) ? null : `${principal.role} may not ${name} an assignment`;
}

/** What runs once an action's update was accepted, by action: a cancel takes along what answers to the assignment. */
type AfterAction = (deps: AppDeps, principal: Principal, workflowId: string, messageId: string, input: unknown) => Promise<void>;
const AFTER_ACTION: Partial<Record<ActionName, AfterAction>> = { cancel: cascadeCancel };

/** Runs the action's after-action hook, if it has one. */
export async function afterAction(
  deps: AppDeps,
  principal: Principal,
  workflowId: string,
  action: ActionName,
  messageId: string,
  input: unknown,
): Promise<void> {
  await AFTER_ACTION[action]?.(deps, principal, workflowId, messageId, input);
}
