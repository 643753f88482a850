/**
 * What one claimed delivery says: the email in the reader's language, or the webhook's JSON payload. Built
 * from the notification as it was written (its due date then) and the assignment, task and directive.
 */
import { unitByCode } from '../data/units';
import { unitName } from '../domain/units';
import {
  renderDigestEmail,
  renderNotificationEmail,
  renderSignInEmail,
  type DigestFacts,
  type EmailContent,
  type Language,
} from '../domain/email-content';
import { apiAssignmentLink, assignmentLink } from '../domain/links';
import { inLanguage } from '../domain/titles';

export interface ClaimedDelivery {
  id: string;
  channel: 'email' | 'webhook' | 'edxml';
  recipient: string;
  address: string;
  attempts: number;
  created_at: Date;
  /** When the row was first tried (this claim's instant on its first attempt): a row held by quiet hours counts from then. */
  first_attempt_at: Date;
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
  task_title_en: string | null;
  directive_id: string | null;
  directive_number: string | null;
  directive_title: string | null;
  directive_title_en: string | null;
  language: Language | null;
  person_name: string | null;
  secret: string | null;
  /** An EDXML row's facts (db/edxml-outbox.ts); its notification fields are then null. */
  message: Record<string, unknown> | null;
}

export interface WebhookMessage {
  type: string;
  payload: Record<string, unknown>;
}

/** What an assignment notification says, as the email and the webhook both need it. */
function assignmentFacts(row: ClaimedDelivery, publicUrl: string) {
  const taskId = row.task_id ?? '';
  const unitCode = row.unit_code ?? row.recipient_unit;
  return {
    taskId,
    unitCode,
    dueOn: row.notice_due_on ?? row.due_on ?? '1970-01-01',
    level: typeof row.details.level === 'number' ? row.details.level : null,
    page: assignmentLink(publicUrl, taskId, unitCode),
  };
}

/** The one-click acknowledgement link an escalation's email carries (activities/ack-links.ts), if it asks for one. */
export type EmailAck = { link: string; by: number } | null;

export function composeEmail(row: ClaimedDelivery, publicUrl: string, ack: EmailAck = null): EmailContent {
  const language: Language = row.language ?? 'vi';
  if (row.kind === 'signin_link') return renderSignInEmail(String(row.details.link ?? ''), language);
  if (row.kind === 'digest') return renderDigestEmail(row.details as unknown as DigestFacts, language);
  const f = assignmentFacts(row, publicUrl);
  return renderNotificationEmail(
    {
      kind: row.kind,
      at: row.notified_at.getTime(),
      directiveNumber: row.directive_number ?? '',
      // The reader's language, the Vietnamese original as fallback.
      directiveTitle: inLanguage(language, row.directive_title ?? '', row.directive_title_en),
      taskTitle: row.task_title ? inLanguage(language, row.task_title, row.task_title_en) : f.taskId,
      unitName: unitName(language, unitByCode(f.unitCode), f.unitCode),
      dueOn: f.dueOn,
      escalationLevel: f.level,
      rung: typeof row.details.rung === 'string' ? row.details.rung : null,
      recipientName: unitName(language, unitByCode(row.recipient_unit), row.recipient_unit),
      title: row.title,
      body: row.body,
      link: f.page,
      ack,
    },
    language,
  );
}

/** Webhooks carry assignment notifications only (deliveries for one person's notices are email). */
export function composeWebhook(row: ClaimedDelivery, publicUrl: string): WebhookMessage {
  const f = assignmentFacts(row, publicUrl);
  return {
    type: `assignment.${row.kind}`,
    payload: {
      notificationId: row.notification_id,
      kind: row.kind,
      at: row.notified_at.toISOString(),
      title: row.title,
      body: row.body,
      recipient: { unitCode: row.recipient_unit, role: row.recipient_role },
      assignment: {
        workflowId: row.workflow_id,
        taskId: f.taskId,
        unitCode: f.unitCode,
        directiveId: row.directive_id,
        directiveNumber: row.directive_number,
        directiveTitle: row.directive_title,
        directiveTitleEn: row.directive_title_en,
        taskTitle: row.task_title,
        taskTitleEn: row.task_title_en,
        dueOn: f.dueOn,
        status: row.assignment_status,
        escalationLevel: f.level,
        rung: row.details.rung ?? null,
        url: apiAssignmentLink(publicUrl, f.taskId, f.unitCode),
        page: f.page,
      },
    },
  };
}
