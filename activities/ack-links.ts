/**
 * The signed one-click link of an escalation email whose rung must be acknowledged: made for the person the row is
 * sent to, for that assignment and level, valid until a week after the window closes (domain/ack-link.ts).
 */
import { ACK_LINK_GRACE_MS, ACK_LINK_KEY, signAckLink } from '../domain/ack-link';
import { signingKey } from '../db/signing-keys';
import type { Sql } from '../db/sql';
import type { ClaimedDelivery, EmailAck } from './delivery-message';

export async function ackLinkFor(sql: Sql, publicUrl: string, row: ClaimedDelivery): Promise<EmailAck> {
  const by = row.details.ackBy;
  if (row.kind !== 'escalation' || typeof by !== 'number' || !row.task_id || !row.unit_code) return null;
  const token = signAckLink(await signingKey(sql, ACK_LINK_KEY), {
    id: `delivery-${row.id}`,
    person: row.recipient,
    workflowId: row.workflow_id,
    taskId: row.task_id,
    unitCode: row.unit_code,
    level: typeof row.details.level === 'number' ? row.details.level : 0,
    exp: by + ACK_LINK_GRACE_MS,
  });
  return { link: `${publicUrl}/web/ack/${token}`, by };
}
