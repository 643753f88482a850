import { jsonContent, jsonBody, type ApiApp } from '../env';
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../../services/deps';
import { auditEntry, personInput, personSchema, tokenCreated, tokenInput } from '../schemas-admin';
import { listAudit } from '../../services/audit';
import { createPerson, issueToken, listPeople, revokeToken } from '../../services/people';
import { errorResponses, principalOf, security } from './common';

const idParam = (name: string) =>
  z.object({
    [name]: z
      .string()
      .max(80)
      .openapi({ param: { name, in: 'path' } }),
  });

export function registerAdminRoutes(app: ApiApp, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/admin/people',
      tags: ['admin'],
      summary: 'Register a person or API client with a role',
      security,
      request: { body: { required: true, content: jsonBody(personInput) } },
      responses: { 201: jsonContent(personSchema, 'Created'), ...errorResponses },
    }),
    async (c) => c.json(await createPerson(deps.sql, deps.units, c.req.valid('json'), principalOf(c)), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/admin/people',
      tags: ['admin'],
      summary: 'People and API clients',
      security,
      responses: {
        200: { description: 'People', content: { 'application/json': { schema: z.object({ items: z.array(personSchema) }) } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      return c.json({ items: await listPeople(deps.sql, principalOf(c)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/admin/people/{personId}/tokens',
      tags: ['admin'],
      summary: 'Issue a bearer token (shown once)',
      security,
      request: { params: idParam('personId'), body: { required: true, content: jsonBody(tokenInput) } },
      responses: { 201: jsonContent(tokenCreated, 'The token, shown only in this answer'), ...errorResponses },
    }),
    async (c) => {
      const { name, expiresInDays } = c.req.valid('json');
      return c.json(await issueToken(deps.sql, principalOf(c), c.req.valid('param').personId!, name, expiresInDays), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/admin/tokens/{tokenId}/revoke',
      tags: ['admin'],
      summary: 'Revoke a token (idempotent)',
      security,
      request: { params: idParam('tokenId') },
      responses: {
        200: { description: 'Revoked', content: { 'application/json': { schema: z.object({ id: z.string(), revokedAt: z.string() }) } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      return c.json(await revokeToken(deps.sql, principalOf(c), c.req.valid('param').tokenId!), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/audit',
      tags: ['admin'],
      summary: 'The audit log of writes, newest first',
      security,
      request: {
        query: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(100),
          before: z.coerce.number().int().min(1).optional().openapi({ description: 'Cursor: entries with a smaller id.' }),
          principal: z.string().max(80).optional(),
        }),
      },
      responses: {
        200: {
          description: 'Entries',
          content: { 'application/json': { schema: z.object({ items: z.array(auditEntry), nextBefore: z.number().int().nullable() }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      return c.json(await listAudit(deps.sql, principalOf(c), c.req.valid('query')), 200);
    },
  );
}
