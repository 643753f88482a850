/**
 * Drains the delivery outbox for a while: claims due rows (a lease, so a dead dispatcher's rows are taken up
 * again), sends each by email or signed webhook, and records every attempt. A row is marked delivered the
 * moment its receiver accepts it (SMTP 250, HTTP 2xx) and is never sent again after that; a failed one waits
 * its backoff, and past the give-up age it is marked failed. Runs as a long, heartbeating activity of the
 * dispatcher workflow, so a killed worker's run is retried on another within the heartbeat timeout.
 */
import { Context } from '@temporalio/activity';
import { OUTBOX_CHANNEL } from '../db/outbox';
import type { Sql } from '../db/sql';
import { afterFailure } from '../domain/delivery-policy';
import type { DeliveryConfig } from './delivery-config';
import { ackLinkFor } from './ack-links';
import { composeEmail, composeWebhook, type ClaimedDelivery } from './delivery-message';
import { sendEmail, sendWebhook, type SendOutcome } from './delivery-senders';
import { sendEdxml } from './edxml-sender';

export interface DispatchResult {
  delivered: number;
  retrying: number;
  failed: number;
}

export function createDispatchDeliveries(sql: Sql, config: DeliveryConfig) {
  // A channel without its server configured keeps its rows in the outbox until it is.
  const channels = [...(config.mailer ? ['email'] : []), 'webhook', ...(config.edxmlOutbound ? ['edxml'] : [])];

  async function claim(): Promise<ClaimedDelivery[]> {
    return sql<ClaimedDelivery[]>`
      WITH claimed AS (
        UPDATE deliveries d
        SET status = 'sending', attempts = d.attempts + 1, lease_until = now() + ${config.leaseMs} * interval '1 millisecond'
        WHERE d.id IN (
          SELECT id FROM deliveries
          WHERE status IN ('pending', 'sending') AND next_attempt_at <= now()
            AND (lease_until IS NULL OR lease_until < now()) AND channel = ANY (${channels})
          ORDER BY next_attempt_at, id
          LIMIT ${config.batchSize}
          FOR UPDATE SKIP LOCKED)
        RETURNING d.*
      )
      SELECT c.id::text, c.channel, c.recipient, c.address, c.attempts, c.created_at, c.message,
             coalesce((SELECT min(x.at) FROM delivery_attempts x WHERE x.delivery_id = c.id), now()) AS first_attempt_at,
             n.id::text AS notification_id, n.workflow_id, n.seq, n.kind, n.title, n.body, n.created_at AS notified_at,
             n.recipient_unit, n.recipient_role, n.due_on AS notice_due_on, n.details,
             a.task_id, a.unit_code, a.due_on, a.status AS assignment_status,
             t.title AS task_title, t.title_en AS task_title_en, dr.id AS directive_id, dr.number AS directive_number,
             dr.title AS directive_title, dr.title_en AS directive_title_en,
             p.language, p.name AS person_name, s.secret
      FROM claimed c
      -- An EDXML row is about a document, not a notification (migration 0026).
      LEFT JOIN notifications n ON n.id = c.notification_id
      LEFT JOIN assignments a ON a.workflow_id = n.workflow_id
      LEFT JOIN tasks t ON t.id = a.task_id
      LEFT JOIN directives dr ON dr.id = a.directive_id
      LEFT JOIN people p ON c.channel = 'email' AND p.id = c.recipient
      LEFT JOIN webhook_subscriptions s ON c.channel = 'webhook' AND s.id = c.recipient
      ORDER BY c.id`;
  }

  async function settle(row: ClaimedDelivery, outcome: SendOutcome, startedAt: number): Promise<keyof DispatchResult> {
    const latency = Math.round(performance.now() - startedAt);
    const now = Date.now();
    await sql`
      INSERT INTO delivery_attempts (delivery_id, attempt, at, ok, status_code, latency_ms, error)
      VALUES (${row.id}, ${row.attempts}, ${new Date(now)}, ${outcome.ok}, ${outcome.statusCode ?? null}, ${latency}, ${outcome.error ?? null})
      ON CONFLICT (delivery_id, attempt) DO NOTHING`;
    // `attempts` guards against a dispatcher whose lease lapsed overwriting a newer claim's outcome.
    if (outcome.ok) {
      await sql`
        UPDATE deliveries SET status = 'delivered', delivered_at = ${new Date(now)}, lease_until = NULL, last_error = NULL
        WHERE id = ${row.id} AND attempts = ${row.attempts} AND status = 'sending'`;
      return 'delivered';
    }
    // The give-up age runs from the first attempt, so an email held over a long holiday (quiet hours) still gets its retries.
    const since = Math.max(row.created_at.getTime(), row.first_attempt_at.getTime());
    const next = afterFailure(config.retry, since, row.attempts, now);
    if (next.kind === 'give_up') {
      await sql`
        UPDATE deliveries SET status = 'failed', lease_until = NULL, last_error = ${outcome.error ?? null}
        WHERE id = ${row.id} AND attempts = ${row.attempts} AND status = 'sending'`;
      return 'failed';
    }
    await sql`
      UPDATE deliveries SET status = 'pending', next_attempt_at = ${new Date(next.at)}, lease_until = NULL, last_error = ${outcome.error ?? null}
      WHERE id = ${row.id} AND attempts = ${row.attempts} AND status = 'sending'`;
    return 'retrying';
  }

  async function deliver(row: ClaimedDelivery): Promise<keyof DispatchResult> {
    const startedAt = performance.now();
    let outcome: SendOutcome;
    try {
      outcome =
        row.channel === 'email'
          ? await sendEmail(config, row, composeEmail(row, config.publicUrl, await ackLinkFor(sql, config.publicUrl, row)))
          : row.channel === 'edxml'
            ? await sendEdxml(config, sql, row)
            : await sendWebhook(config, row, composeWebhook(row, config.publicUrl));
    } catch (err) {
      outcome = { ok: false, error: (err as Error).message.slice(0, 500) };
    }
    return settle(row, outcome, startedAt);
  }

  return async function dispatchDeliveries(input: { runForMs: number }): Promise<DispatchResult> {
    const ctx = activityContext();
    const result: DispatchResult = { delivered: 0, retrying: 0, failed: 0 };
    const until = Date.now() + input.runForMs;
    let wake: (() => void) | null = null;
    const listener = await sql.listen(OUTBOX_CHANNEL, () => wake?.()).catch(() => null);
    const beat = setInterval(() => ctx?.heartbeat(result), 1_000);
    try {
      while (Date.now() < until && !ctx?.cancellationSignal.aborted) {
        const batch = await claim();
        if (batch.length === 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, Math.min(config.pollMs, Math.max(until - Date.now(), 0)));
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = null;
          continue;
        }
        for (let i = 0; i < batch.length; i += config.concurrency) {
          const outcomes = await Promise.all(batch.slice(i, i + config.concurrency).map(deliver));
          for (const o of outcomes) result[o] += 1;
        }
      }
    } finally {
      clearInterval(beat);
      await listener?.unlisten().catch(() => {});
    }
    return result;
  };
}

/** The activity context, or null when called directly (a test or a one-off drain). */
function activityContext(): Context | null {
  try {
    return Context.current();
  } catch {
    return null;
  }
}
