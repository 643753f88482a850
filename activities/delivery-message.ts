/**
 * What one claimed delivery says: the email in the reader's language, or the webhook's JSON payload. Built
 * from the notification as it was written (its due date then) and the assignment, task and directive.
 */
import { UNITS } from '../data/units';
import { renderDigestEmail, renderNotificationEmail, renderSignInEmail, type DigestFacts, type EmailContent, type Language } from '../domain/email-content';
import { apiAssignmentLink, assignmentLink } from '../domain/links';

export interface ClaimedDelivery {
  id: string;
  channel: 'email' | 'webhook';
  recipient: string;
  address: string;
  attempts: number;
  created_at: Date;
  notification_id: string;
  workflow_id: string;
  seq: number;
  kind: string;
  title: string;
  body: string;
  notified_at: Date;
  recipient_unit: string;
  recipient_role: string;
  notice_due_on: string | null;
  details: Record<string, unknown>;
  task_id: string | null;
  unit_code: string | null;
  due_on: string | null;
  assignment_status: string | null;
  task_title: string | null;
  directive_id: string | null;
  directive_number: string | null;
  directive_title: string | null;
  language: Language | null;
  person_name: string | null;
  secret: string | null;
}

export interface ComposedMessage {
  email: EmailContent;
  webhook: { type: string; payload: Record<string, unknown> };
}

const unitNames = new Map(UNITS.map((u) => [u.code, u]));

function unitName(code: string, language: Language): string {
  const unit = unitNames.get(code);
  if (!unit) return code;
  return language === 'vi' ? unit.nameVi : unit.nameEn;
}

export function composeMessage(row: ClaimedDelivery, publicUrl: string): ComposedMessage {
  const language: Language = row.language ?? 'vi';
  if (row.kind === 'signin_link') {
    const link = String(row.details.link ?? '');
    return { email: renderSignInEmail(link, language), webhook: { type: 'signin_link', payload: {} } };
  }
  if (row.kind === 'digest') {
    const digest = row.details as unknown as DigestFacts;
    return { email: renderDigestEmail(digest, language), webhook: { type: 'digest', payload: { digest } } };
  }
  const dueOn = row.notice_due_on ?? row.due_on ?? '1970-01-01';
  const taskId = row.task_id ?? '';
  const unitCode = row.unit_code ?? row.recipient_unit;
  const level = typeof row.details.level === 'number' ? row.details.level : null;
  const email = renderNotificationEmail(
    {
      kind: row.kind,
      at: row.notified_at.getTime(),
      directiveNumber: row.directive_number ?? '',
      directiveTitle: row.directive_title ?? '',
      taskTitle: row.task_title ?? taskId,
      unitName: unitName(unitCode, language),
      dueOn,
      escalationLevel: level,
      rung: typeof row.details.rung === 'string' ? row.details.rung : null,
      title: row.title,
      body: row.body,
      link: assignmentLink(publicUrl, taskId, unitCode),
    },
    language,
  );
  const payload = {
    notificationId: row.notification_id,
    kind: row.kind,
    at: row.notified_at.toISOString(),
    title: row.title,
    body: row.body,
    recipient: { unitCode: row.recipient_unit, role: row.recipient_role },
    assignment: {
      workflowId: row.workflow_id,
      taskId,
      unitCode,
      directiveId: row.directive_id,
      directiveNumber: row.directive_number,
      taskTitle: row.task_title,
      dueOn,
      status: row.assignment_status,
      escalationLevel: level,
      rung: row.details.rung ?? null,
      url: apiAssignmentLink(publicUrl, taskId, unitCode),
      page: assignmentLink(publicUrl, taskId, unitCode),
    },
  };
  return { email, webhook: { type: `assignment.${row.kind}`, payload } };
}
