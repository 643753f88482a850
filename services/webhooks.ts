/**
 * Webhook subscriptions: where events are POSTed, which kinds and units, and the signing secret (shown to the
 * caller once; kept in clear because signing needs it).
 */
import { randomBytes } from 'node:crypto';
import { checkWebhookTarget } from '../activities/webhook-target';
import type { Sql } from '../db/sql';
import type { Principal } from './access';
import type { AppDeps } from './deps';
import { invalid, notFound } from './errors';
import type { WebhookInput } from './types';
import { authorize } from './use-cases';

interface WebhookRow {
  id: string;
  url: string;
  secret: string;
  event_types: string[];
  units: string[] | null;
  description: string;
  disabled_at: Date | null;
  created_at: Date;
}

const toView = (r: WebhookRow) => ({
  id: r.id,
  url: r.url,
  eventTypes: r.event_types,
  units: r.units ?? ('all' as const),
  description: r.description,
  disabledAt: r.disabled_at?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
});

export async function createWebhook(deps: AppDeps, input: WebhookInput, principal: Principal, stableId?: string) {
  authorize(principal, 'manageWebhooks');
  // Refused at subscription time: a target that is private, loopback, link-local or metadata (unless allowed).
  const target = await checkWebhookTarget(deps.webhookAllowedHosts ?? null, input.url);
  if (!target.ok) throw invalid('url', target.reason);
  const badUnit = (input.units ?? []).findIndex((code) => !deps.units.get(code));
  if (badUnit >= 0) throw invalid(`units.${badUnit}`, `unknown unit ${input.units![badUnit]}`);
  const id = stableId ?? `wh_${randomBytes(8).toString('hex')}`;
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const [row] = await deps.sql<WebhookRow[]>`
    INSERT INTO webhook_subscriptions (id, url, secret, event_types, units, description, created_by)
    VALUES (${id}, ${input.url}, ${secret}, ${input.eventTypes}, ${input.units ?? null}, ${input.description}, ${principal.id})
    ON CONFLICT (id) DO UPDATE SET url = webhook_subscriptions.url
    RETURNING *`;
  return { ...toView(row!), secret: row!.secret };
}

export async function listWebhooks(sql: Sql, principal: Principal) {
  authorize(principal, 'listWebhooks');
  return (await sql<WebhookRow[]>`SELECT * FROM webhook_subscriptions ORDER BY created_at, id`).map(toView);
}

/** A disabled subscription gets no new deliveries; ones already queued are still sent. */
export async function disableWebhook(sql: Sql, principal: Principal, id: string) {
  authorize(principal, 'manageWebhooks');
  const [row] = await sql<WebhookRow[]>`
    UPDATE webhook_subscriptions SET disabled_at = coalesce(disabled_at, now()) WHERE id = ${id} RETURNING *`;
  if (!row) throw notFound(`webhook subscription ${id}`);
  return toView(row);
}
