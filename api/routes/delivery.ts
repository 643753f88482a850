import { jsonBody, type ApiApp } from '../env';
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../../services/deps';
import { derivedId, idempotencyScope } from '../middleware/idempotency';
import { personSchema, preferencesInput } from '../schemas-admin';
import { deliveryDetail, deliveryFilters, deliverySchema, webhookCreated, webhookInput, webhookSchema } from '../schemas-delivery';
import { numericIdParam } from '../schemas';
import { getDelivery, listDeliveries, retryDelivery } from '../../services/deliveries';
import { getPerson, updatePreferences } from '../../services/people';
import { createWebhook, disableWebhook, listWebhooks } from '../../services/webhooks';
import { errorResponses, principalOf, security } from './common';

const idParam = z.object({
  id: z
    .string()
    .max(80)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const deliveryIdParam = z.object({ id: numericIdParam });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

/** Delivery to people and systems: one's own mail settings, webhook subscriptions and the delivery log. */
export function registerDeliveryRoutes(app: ApiApp, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me',
      tags: ['people'],
      summary: 'The caller: role, unit or scope, email, language and digest settings',
      security,
      responses: { 200: json(personSchema, 'The caller'), ...errorResponses },
    }),
    async (c) => c.json(await getPerson(deps.sql, principalOf(c).id), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/me/preferences',
      tags: ['people'],
      summary: "Set one's email address, email language and (leaders) digest cadence",
      security,
      request: { body: { required: true, content: jsonBody(preferencesInput) } },
      responses: { 200: json(personSchema, 'The caller, updated'), ...errorResponses },
    }),
    async (c) => c.json(await updatePreferences(deps.sql, principalOf(c).id, c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhooks',
      tags: ['delivery'],
      summary: 'Subscribe a URL to events (signed per Standard Webhooks; the secret is shown once)',
      security,
      request: { body: { required: true, content: jsonBody(webhookInput) } },
      responses: { 201: json(webhookCreated, 'The subscription and its secret'), ...errorResponses },
    }),
    async (c) => {
      return c.json(await createWebhook(deps, c.req.valid('json'), principalOf(c), derivedId('wh', idempotencyScope(c))), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/webhooks',
      tags: ['delivery'],
      summary: 'Webhook subscriptions',
      security,
      responses: { 200: json(z.object({ items: z.array(webhookSchema) }), 'Subscriptions'), ...errorResponses },
    }),
    async (c) => {
      return c.json({ items: await listWebhooks(deps.sql, principalOf(c)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhooks/{id}/disable',
      tags: ['delivery'],
      summary: 'Stop sending new events to a subscription',
      security,
      request: { params: idParam },
      responses: { 200: json(webhookSchema, 'The subscription'), ...errorResponses },
    }),
    async (c) => {
      return c.json(await disableWebhook(deps.sql, principalOf(c), c.req.valid('param').id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/deliveries',
      tags: ['delivery'],
      summary: 'The delivery log, newest first: each email and webhook with its status',
      security,
      request: { query: deliveryFilters },
      responses: { 200: json(z.object({ items: z.array(deliverySchema) }), 'Deliveries'), ...errorResponses },
    }),
    async (c) => {
      return c.json({ items: await listDeliveries(deps.sql, principalOf(c), c.req.valid('query')) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/deliveries/{id}',
      tags: ['delivery'],
      summary: 'One delivery with every attempt, its status code and latency',
      security,
      request: { params: deliveryIdParam },
      responses: { 200: json(deliveryDetail, 'The delivery'), ...errorResponses },
    }),
    async (c) => {
      return c.json(await getDelivery(deps.sql, principalOf(c), c.req.valid('param').id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/deliveries/{id}/retry',
      tags: ['delivery'],
      summary: 'Queue a failed delivery again',
      security,
      request: { params: deliveryIdParam },
      responses: { 200: json(deliveryDetail, 'The delivery'), ...errorResponses },
    }),
    async (c) => {
      return c.json(await retryDelivery(deps.sql, principalOf(c), c.req.valid('param').id), 200);
    },
  );
}
