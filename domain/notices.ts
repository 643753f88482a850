/**
 * Who hears of what: the in-app notifications (and, through the outbox, emails and webhooks) an assignment
 * event produces. Recipients are a unit plus a role within it, so a unit's officers, its head and its
 * supervising leader each get their own inbox.
 */
import type { AssignmentState } from './assignment-state';
import type { PlannedStep } from './policy';

export type RecipientRole = 'unit_officer' | 'unit_head' | 'supervising_leader' | 'coordinator';

export interface Notice {
  recipientUnit: string;
  recipientRole: RecipientRole;
  kind: string;
  title: string;
  body: string;
}

function what(state: AssignmentState): string {
  return `task ${state.taskId} assigned to ${state.unitCode} (due ${state.dueOn})`;
}

export function noticesForStep(step: PlannedStep, state: AssignmentState, coordinatorUnit: string): Notice[] {
  if (step.kind === 'reminder') {
    return [
      {
        recipientUnit: state.unitCode,
        recipientRole: 'unit_officer',
        kind: 'reminder',
        title: `Reminder: due ${state.dueOn}`,
        body: `Reminder (${step.label} before due): ${what(state)}.`,
      },
    ];
  }
  if (step.kind === 'overdue') {
    return [
      {
        recipientUnit: state.unitCode,
        recipientRole: 'unit_officer',
        kind: 'overdue',
        title: `Overdue since ${state.dueOn}`,
        body: `Overdue: ${what(state)} was not completed by the end of its due date.`,
      },
    ];
  }
  if (step.kind === 'confirmation_reminder') {
    return [
      {
        recipientUnit: coordinatorUnit,
        recipientRole: 'coordinator',
        kind: 'confirmation_reminder',
        title: `Please confirm: ${state.unitCode} reported completion`,
        body: `A completion report for ${what(state)} has waited ${step.label} for confirmation.`,
      },
    ];
  }
  const rung = step.rung ?? 'unit_head';
  const recipientUnit = rung === 'coordinator' ? coordinatorUnit : state.unitCode;
  return [
    {
      recipientUnit,
      recipientRole: rung,
      kind: 'escalation',
      title: `Escalation level ${step.level}: ${state.unitCode} overdue`,
      body: `Escalated to ${rung.replace('_', ' ')} (${step.label} after due): ${what(state)} is overdue.`,
    },
  ];
}

/** Notices for messages: the coordinator hears of requests and reports; the unit hears of decisions. */
export function noticesForEvent(kind: string, state: AssignmentState, coordinatorUnit: string): Notice[] {
  const toCoordinator = (title: string, body: string): Notice => ({
    recipientUnit: coordinatorUnit,
    recipientRole: 'coordinator',
    kind,
    title,
    body,
  });
  const toUnit = (unitCode: string, title: string, body: string): Notice => ({
    recipientUnit: unitCode,
    recipientRole: 'unit_officer',
    kind,
    title,
    body,
  });
  switch (kind) {
    case 'assigned':
      return [toUnit(state.unitCode, `New assignment due ${state.dueOn}`, `New: ${what(state)}.`)];
    case 'extension_requested':
      return [toCoordinator(`Extension requested by ${state.unitCode}`, `${state.unitCode} asks to move ${what(state)} to ${state.pendingExtension?.newDueOn}.`)];
    case 'extension_approved':
      return [toUnit(state.unitCode, `Extension approved: now due ${state.dueOn}`, `Extension approved: ${what(state)}.`)];
    case 'extension_rejected':
      return [toUnit(state.unitCode, 'Extension rejected', `Extension rejected: ${what(state)} keeps its due date.`)];
    case 'completion_reported':
      return [toCoordinator(`Completion reported by ${state.unitCode}`, `${state.unitCode} reports ${what(state)} complete; please confirm or return it.`)];
    case 'completed':
      return [toCoordinator(`Completed by ${state.unitCode}`, `Completed (${state.status.replaceAll('_', ' ')}): ${what(state)}.`)];
    case 'completion_returned':
      return [toUnit(state.unitCode, 'Completion returned', `Your completion report for ${what(state)} was returned; please redo it.`)];
    case 'cancelled':
      return [toUnit(state.unitCode, 'Assignment cancelled', `Cancelled: ${what(state)}.`)];
    case 'declined':
      return [toCoordinator(`${state.unitCode} declines the assignment`, `${state.unitCode} declines ${what(state)} as outside its remit: ${state.refusal?.reason}. Reassign it or insist.`)];
    case 'refusal_rejected':
      return [toUnit(state.unitCode, 'The coordinator insists', `The coordinator keeps ${what(state)} with your unit.`)];
    case 'reassigned':
      return [toUnit(state.unitCode, `Reassigned to ${state.reassignedTo?.unitCode}`, `Reassigned: ${what(state)} now lies with ${state.reassignedTo?.unitCode}.`)];
    default:
      return [];
  }
}

/** Every kind of notification an assignment produces, plus the leaders' digest: what webhooks subscribe to. */
export const NOTIFICATION_KINDS = [
  'assigned',
  'reminder',
  'overdue',
  'escalation',
  'extension_requested',
  'extension_approved',
  'extension_rejected',
  'completion_reported',
  'completed',
  'completion_returned',
  'confirmation_reminder',
  'cancelled',
  'reassigned',
  'declined',
  'refusal_rejected',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
