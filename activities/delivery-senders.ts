/**
 * The two channels. Email over SMTP (accepted = the server's 250 to the message). Webhooks signed per the
 * Standard Webhooks convention: `webhook-id` (stable across retries, so a receiver can drop a repeat),
 * `webhook-timestamp` and `webhook-signature` (HMAC-SHA256 of id.timestamp.body); accepted = any 2xx.
 */
import { Webhook } from 'standardwebhooks';
import { webhookHostAllowed, type DeliveryConfig } from './delivery-config';
import type { EmailContent } from '../domain/email-content';
import type { ClaimedDelivery, WebhookMessage } from './delivery-message';

export interface SendOutcome {
  ok: boolean;
  statusCode?: number;
  error?: string;
}

export async function sendEmail(config: DeliveryConfig, row: ClaimedDelivery, email: EmailContent): Promise<SendOutcome> {
  if (!config.mailer) return { ok: false, error: 'no SMTP server is configured' };
  try {
    const info = await config.mailer.sendMail({
      from: config.mailFrom,
      to: row.person_name ? { name: row.person_name, address: row.address } : row.address,
      subject: email.subject,
      text: email.text,
      html: email.html,
      // The same id on every attempt: a mailbox that received it already can tell.
      messageId: `<delivery-${row.id}@dondoc>`,
      headers: { 'X-Dondoc-Delivery': row.id, 'X-Dondoc-Kind': row.kind },
    });
    const code = Number(/^(\d{3})/.exec(info.response ?? '')?.[1] ?? 250);
    const rejected = info.rejected ?? [];
    return { ok: rejected.length === 0, statusCode: code, error: rejected.length ? `rejected: ${rejected.join(', ')}` : undefined };
  } catch (err) {
    const e = err as Error & { responseCode?: number };
    return { ok: false, statusCode: e.responseCode, error: e.message.slice(0, 500) };
  }
}

export function webhookId(deliveryId: string): string {
  return `msg_dondoc_${deliveryId}`;
}

export async function sendWebhook(config: DeliveryConfig, row: ClaimedDelivery, message: WebhookMessage): Promise<SendOutcome> {
  if (!row.secret) return { ok: false, error: 'the subscription is gone' };
  if (!webhookHostAllowed(config, row.address)) return { ok: false, error: `host of ${row.address} is not allowed` };
  const id = webhookId(row.id);
  const timestamp = new Date();
  const body = JSON.stringify({ type: message.type, timestamp: timestamp.toISOString(), data: message.payload });
  const signature = new Webhook(row.secret).sign(id, timestamp, body);
  try {
    const res = await fetch(row.address, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'dondoc-webhooks/1',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(config.webhookTimeoutMs),
    });
    await res.body?.cancel().catch(() => {});
    if (res.status >= 200 && res.status < 300) return { ok: true, statusCode: res.status };
    return { ok: false, statusCode: res.status, error: `HTTP ${res.status}` };
  } catch (err) {
    const e = err as Error;
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
    return { ok: false, error: timedOut ? `no answer within ${config.webhookTimeoutMs} ms` : `${e.message}${(e as { cause?: Error }).cause ? `: ${(e as { cause?: Error }).cause!.message}` : ''}`.slice(0, 500) };
  }
}
