/** Schemas of the delivery routes: webhook subscriptions, deliveries and their attempts. */
import { z } from '@hono/zod-openapi';
import { NOTIFICATION_KINDS } from '../domain/notices';
import { unitCode } from './schemas';

export const webhookInput = z
  .object({
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .openapi({ description: 'Receives a POST per event, signed per Standard Webhooks.', example: 'https://hooks.example.gov.vn/dondoc' }),
    eventTypes: z
      .array(z.enum(NOTIFICATION_KINDS))
      .max(NOTIFICATION_KINDS.length)
      .default([])
      .openapi({ description: 'Notification kinds to send; empty means all.' }),
    units: z.array(unitCode).max(2000).optional().openapi({ description: 'Only events of these units; omitted means all.' }),
    description: z.string().trim().max(500).default(''),
  })
  .strict()
  .openapi('WebhookInput');

export const webhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    eventTypes: z.array(z.string()),
    units: z.union([z.literal('all'), z.array(z.string())]),
    description: z.string(),
    disabledAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('WebhookSubscription');

export const webhookCreated = webhookSchema
  .extend({
    secret: z.string().optional().openapi({ description: 'The signing secret (whsec_…), shown only now; absent on an idempotent replay.' }),
  })
  .openapi('WebhookCreated');

export const deliveryAttemptSchema = z
  .object({
    attempt: z.number().int(),
    at: z.string(),
    ok: z.boolean(),
    statusCode: z.number().int().nullable(),
    latencyMs: z.number().int(),
    error: z.string().nullable(),
  })
  .openapi('DeliveryAttempt');

export const deliverySchema = z
  .object({
    id: z.string(),
    notificationId: z.string().nullable().openapi({ description: 'null for an EDXML package (it is about a document, not a notice)' }),
    kind: z.string(),
    channel: z.enum(['email', 'webhook', 'edxml']),
    recipient: z.string(),
    address: z.string(),
    status: z.enum(['pending', 'sending', 'delivered', 'failed']),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Delivery');

export const deliveryDetail = deliverySchema.extend({ attemptLog: z.array(deliveryAttemptSchema) }).openapi('DeliveryDetail');

export const deliveryFilters = z.object({
  status: z.enum(['pending', 'sending', 'delivered', 'failed']).optional(),
  channel: z.enum(['email', 'webhook', 'edxml']).optional(),
  recipient: z.string().max(100).optional().openapi({ description: 'A person id (email) or a subscription id (webhook).' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().min(1).optional().openapi({ description: 'Deliveries with a smaller id (paging).' }),
});
