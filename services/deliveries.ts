/** The delivery log: each outbox row with its status, and every attempt with its outcome and latency. */
import { OUTBOX_CHANNEL } from '../db/outbox';
import type { Sql } from '../db/sql';
import type { Principal } from './access';
import { conflict, invalid, notFound } from './errors';
import { authorize } from './use-cases';

interface DeliveryRow {
  id: string;
  notification_id: string | null;
  kind: string;
  channel: 'email' | 'webhook' | 'edxml';
  recipient: string;
  address: string;
  status: 'pending' | 'sending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
}

const toView = (r: DeliveryRow) => ({
  id: String(r.id),
  notificationId: r.notification_id === null ? null : String(r.notification_id),
  kind: r.kind,
  channel: r.channel,
  recipient: r.recipient,
  address: r.address,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.status === 'pending' || r.status === 'sending' ? r.next_attempt_at.toISOString() : null,
  lastError: r.last_error,
  deliveredAt: r.delivered_at?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
});

const selectDeliveries = (sql: Sql) => sql`
  SELECT d.id::text, d.notification_id::text, coalesce(n.kind, 'edxml_' || (d.message->>'type')) AS kind, d.channel, d.recipient, d.address, d.status, d.attempts,
         d.next_attempt_at, d.last_error, d.delivered_at, d.created_at
  FROM deliveries d LEFT JOIN notifications n ON n.id = d.notification_id`;

export async function listDeliveries(
  sql: Sql,
  principal: Principal,
  f: { status?: string; channel?: string; recipient?: string; limit: number; before?: number },
) {
  authorize(principal, 'readDeliveryLog');
  const rows = await sql<DeliveryRow[]>`
    ${selectDeliveries(sql)}
    WHERE true
      ${f.status ? sql`AND d.status = ${f.status}` : sql``}
      ${f.channel ? sql`AND d.channel = ${f.channel}` : sql``}
      ${f.recipient ? sql`AND d.recipient = ${f.recipient}` : sql``}
      ${f.before ? sql`AND d.id < ${f.before}` : sql``}
    ORDER BY d.id DESC LIMIT ${f.limit}`;
  return rows.map(toView);
}

function deliveryId(id: string): string {
  if (!/^\d{1,18}$/.test(id)) throw invalid('id', 'must be a delivery id');
  return id;
}

export async function getDelivery(sql: Sql, principal: Principal, id: string) {
  authorize(principal, 'readDeliveryLog');
  const [row] = await sql<DeliveryRow[]>`${selectDeliveries(sql)} WHERE d.id = ${deliveryId(id)}`;
  if (!row) throw notFound(`delivery ${id}`);
  const attempts = await sql<
    { attempt: number; at: Date; ok: boolean; status_code: number | null; latency_ms: number; error: string | null }[]
  >`
    SELECT attempt, at, ok, status_code, latency_ms, error FROM delivery_attempts WHERE delivery_id = ${id} ORDER BY attempt`;
  return {
    ...toView(row),
    attemptLog: attempts.map((a) => ({
      attempt: a.attempt,
      at: a.at.toISOString(),
      ok: a.ok,
      statusCode: a.status_code,
      latencyMs: a.latency_ms,
      error: a.error,
    })),
  };
}

/** A failed delivery is queued again, as new; asking twice is harmless. */
export async function retryDelivery(sql: Sql, principal: Principal, id: string) {
  authorize(principal, 'retryDeliveries');
  const [row] = await sql<{ status: string }[]>`SELECT status FROM deliveries WHERE id = ${deliveryId(id)}`;
  if (!row) throw notFound(`delivery ${id}`);
  if (row.status === 'delivered') throw conflict(`delivery ${id} was delivered already`);
  // A fresh created_at restarts the give-up clock.
  await sql`UPDATE deliveries SET status = 'pending', next_attempt_at = now(), created_at = now() WHERE id = ${id} AND status = 'failed'`;
  await sql`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`;
  return getDelivery(sql, principal, id);
}
