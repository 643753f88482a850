/** How deliveries are sent: the SMTP transport, links, retries, timeouts and which webhook hosts are allowed. */
import nodemailer, { type Transporter } from 'nodemailer';
import type { EdxmlOutbound } from '../config/edxml-outbound';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../domain/delivery-policy';

export interface DeliveryConfig {
  /** Null: no SMTP configured; email rows wait in the outbox until one is. */
  mailer: Transporter | null;
  mailFrom: string;
  /** Base of links in messages, e.g. https://dondoc.example.gov.vn */
  publicUrl: string;
  retry: RetryPolicy;
  webhookTimeoutMs: number;
  /** Hosts webhooks may be sent to; null allows any. Tests keep deliveries on loopback with it. */
  webhookAllowedHosts: string[] | null;
  /** How long a claimed row is held before another dispatcher may take it (longer than any one send). */
  leaseMs: number;
  /** An idle dispatcher looks for due rows this often (it is also woken when rows are written). */
  pollMs: number;
  batchSize: number;
  concurrency: number;
  /** Hold assignment emails written outside working hours to the next working period (domain/quiet-hours.ts). */
  quietHours: boolean;
  /** Where dondoc's EDXML packages go (config/edxml-outbound.ts); null: none are enqueued, none sent. */
  edxmlOutbound: EdxmlOutbound | null;
}

export interface DeliverySettings {
  smtpUrl?: string;
  mailFrom?: string;
  publicUrl?: string;
  retry?: Partial<RetryPolicy>;
  webhookTimeoutMs?: number;
  webhookAllowedHosts?: string[] | null;
  leaseMs?: number;
  pollMs?: number;
  /** Default false here (tests, one-off drains); the environment's QUIET_HOURS defaults to true. */
  quietHours?: boolean;
  edxmlOutbound?: EdxmlOutbound | null;
}

export function createDeliveryConfig(settings: DeliverySettings = {}): DeliveryConfig {
  const webhookTimeoutMs = settings.webhookTimeoutMs ?? 10_000;
  return {
    mailer: settings.smtpUrl
      ? // nodemailer's types take a URL string or options without `url`; it accepts both together (its docs).
        nodemailer.createTransport({
          url: settings.smtpUrl,
          connectionTimeout: webhookTimeoutMs,
          greetingTimeout: webhookTimeoutMs,
          socketTimeout: webhookTimeoutMs,
        } as never)
      : null,
    mailFrom: settings.mailFrom ?? 'dondoc <no-reply@dondoc.local>',
    publicUrl: (settings.publicUrl ?? 'http://127.0.0.1:3000').replace(/\/+$/, ''),
    retry: { ...DEFAULT_RETRY_POLICY, ...settings.retry },
    webhookTimeoutMs,
    webhookAllowedHosts: settings.webhookAllowedHosts ?? null,
    leaseMs: settings.leaseMs ?? Math.max(60_000, webhookTimeoutMs * 4),
    pollMs: settings.pollMs ?? 1_000,
    batchSize: 50,
    concurrency: 10,
    quietHours: settings.quietHours ?? false,
    edxmlOutbound: settings.edxmlOutbound ?? null,
  };
}

export function webhookHostAllowed(config: Pick<DeliveryConfig, 'webhookAllowedHosts'>, url: string): boolean {
  if (!config.webhookAllowedHosts) return true;
  try {
    return config.webhookAllowedHosts.includes(new URL(url).hostname);
  } catch {
    return false;
  }
}
