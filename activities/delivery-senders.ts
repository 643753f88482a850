/**
 * The two channels. Email over SMTP (accepted = the server's 250 to the message). Webhooks signed per the
 * Standard Webhooks convention: `webhook-id` (stable across retries, so a receiver can drop a repeat),
 * `webhook-timestamp` and `webhook-signature` (HMAC-SHA256 of id.timestamp.body); accepted = any 2xx.
 */
import { Webhook } from 'standardwebhooks';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { DeliveryConfig } from './delivery-config';
import { checkWebhookTarget } from './webhook-target';
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
  // Checked again at each attempt: what a name resolves to may have changed since the subscription was made.
  const target = await checkWebhookTarget(config.webhookAllowedHosts, row.address);
  if (!target.ok) return { ok: false, error: `refused target: ${target.reason}` };
  const id = webhookId(row.id);
  const timestamp = new Date();
  const body = JSON.stringify({ type: message.type, timestamp: timestamp.toISOString(), data: message.payload });
  const signature = new Webhook(row.secret).sign(id, timestamp, body);
  try {
    const status = await postToAddress(row.address, target, body, config.webhookTimeoutMs, {
      'content-type': 'application/json',
      'user-agent': 'dondoc-webhooks/1',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    });
    if (status >= 200 && status < 300) return { ok: true, statusCode: status };
    return { ok: false, statusCode: status, error: `HTTP ${status}` };
  } catch (err) {
    const e = err as Error;
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
    return { ok: false, error: timedOut ? `no answer within ${config.webhookTimeoutMs} ms` : e.message.slice(0, 500) };
  }
}

/**
 * POSTs to the URL with the connection pinned to the checked address (the URL's host still names the server,
 * for the Host header and TLS). Redirects are not followed; the answer's body is discarded.
 */
function postToAddress(
  url: string,
  target: { address: string; family: 4 | 6 },
  body: string,
  timeoutMs: number,
  headers: Record<string, string>,
): Promise<number> {
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all)
      (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  return new Promise((resolve, reject) => {
    const client = url.startsWith('https:') ? https : http;
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinned,
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
