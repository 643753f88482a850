/**
 * The EDXML channel: builds the package from the facts its outbox row holds (services/edxml-write.ts, the file from
 * attachment_blobs) and POSTs it as application/xml to EDXML_OUTBOUND_URL, signed as webhooks are (Standard Webhooks:
 * `webhook-id` stable across retries, `webhook-timestamp`, `webhook-signature` over id.timestamp.body). The facts are
 * fixed when the row is written, so every retry sends the same bytes. Accepted = any 2xx.
 */
import { Webhook } from 'standardwebhooks';
import type { Sql } from '../db/sql';
import { buildEdxmlReport, buildEdxmlStatus, type OutgoingReport, type StatusMessage } from '../services/edxml-write';
import type { DeliveryConfig } from './delivery-config';
import type { ClaimedDelivery } from './delivery-message';
import { webhookId, type SendOutcome } from './delivery-senders';

type ReportFacts = Omit<OutgoingReport, 'attachment'> & {
  type: 'report';
  attachment: { contentId: string; sha256: string; name: string; contentType: string } | null;
};
type StatusFacts = StatusMessage & { type: 'status' };

/** The package a row stands for, as bytes. */
export async function composeEdxml(sql: Sql, message: Record<string, unknown>): Promise<string> {
  if (message.type === 'status') return buildEdxmlStatus(message as unknown as StatusFacts);
  const report = message as unknown as ReportFacts;
  let attachment: OutgoingReport['attachment'] = null;
  if (report.attachment) {
    const [blob] = await sql<{ bytes: Buffer }[]>`SELECT bytes FROM attachment_blobs WHERE sha256 = ${report.attachment.sha256}`;
    if (!blob) throw new Error(`the report's file ${report.attachment.sha256} is not stored`);
    const { contentId, name, contentType } = report.attachment;
    attachment = { contentId, name, contentType, bytes: new Uint8Array(blob.bytes) };
  }
  return buildEdxmlReport({ ...report, attachment });
}

export async function sendEdxml(config: DeliveryConfig, sql: Sql, row: ClaimedDelivery): Promise<SendOutcome> {
  if (!config.edxmlOutbound) return { ok: false, error: 'EDXML_OUTBOUND_URL is not configured' };
  if (!row.message) return { ok: false, error: 'the row holds no EDXML facts' };
  const body = await composeEdxml(sql, row.message);
  const id = webhookId(row.id);
  const timestamp = new Date();
  try {
    const res = await fetch(row.address, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(config.webhookTimeoutMs),
      headers: {
        'content-type': 'application/xml',
        'user-agent': 'dondoc-edxml/1',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': new Webhook(config.edxmlOutbound.secret).sign(id, timestamp, body),
      },
    });
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, statusCode: res.status };
    return { ok: false, statusCode: res.status, error: `HTTP ${res.status}` };
  } catch (err) {
    const e = err as Error;
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
    return { ok: false, error: timedOut ? `no answer within ${config.webhookTimeoutMs} ms` : e.message.slice(0, 500) };
  }
}
