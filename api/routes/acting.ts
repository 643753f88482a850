import { createRoute, z } from '@hono/zod-openapi';
import { jsonBody, jsonContent, type ApiApp } from '../env';
import type { AppDeps } from '../../services/deps';
import { actingOn, createActingGrant, listActingGrants, revokeActingGrant, vnToday } from '../../services/acting';
import { derivedId, idempotencyScope } from '../middleware/idempotency';
import { actingGrantInput, actingGrantSchema, actingQuery, actingTodaySchema } from '../schemas-acting';
import { errorResponses, principalOf, security } from './common';

const pathId = (name: string) =>
  z
    .string()
    .min(1)
    .max(80)
    .openapi({ param: { name, in: 'path' } });

/** Acting officers ("ủy quyền"): a person, or an admin for them, names who acts for them from one date to another. */
export function registerActingRoutes(app: ApiApp, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/people/{personId}/acting-grants',
      tags: ['people'],
      summary: 'Name who acts for a person from one date to another (the person themselves or an admin)',
      description:
        'The same grant again (same acting person and dates) answers 200 with the grant already made. A grant overlapping ' +
        'another for the same person is 409 naming fromOn; an acting person who does not hold the role is 422 naming actingPersonId.',
      security,
      request: { params: z.object({ personId: pathId('personId') }), body: { required: true, content: jsonBody(actingGrantInput) } },
      responses: {
        201: jsonContent(actingGrantSchema, 'Created'),
        200: jsonContent(actingGrantSchema, 'The same grant, made before'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const stableId = derivedId('ag', idempotencyScope(c));
      const { grant, created } = await createActingGrant(
        deps.sql,
        principalOf(c),
        c.req.valid('param').personId,
        c.req.valid('json'),
        stableId,
      );
      return c.json(grant, created ? 201 : 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/people/{personId}/acting-grants',
      tags: ['people'],
      summary: "A person's acting grants both ways: who acts for them and for whom they act (own, or an admin)",
      security,
      request: { params: z.object({ personId: pathId('personId') }) },
      responses: { 200: jsonContent(z.object({ items: z.array(actingGrantSchema) }), 'Grants, newest first'), ...errorResponses },
    }),
    async (c) => c.json({ items: await listActingGrants(deps.sql, principalOf(c), c.req.valid('param').personId) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/people/{personId}/acting-grants/{grantId}',
      tags: ['people'],
      summary: 'Revoke an acting grant at once (idempotent; by either person in it, or an admin)',
      security,
      request: { params: z.object({ personId: pathId('personId'), grantId: pathId('grantId') }) },
      responses: { 200: jsonContent(actingGrantSchema, 'The revoked grant'), ...errorResponses },
    }),
    async (c) => {
      const { personId, grantId } = c.req.valid('param');
      return c.json(await revokeActingGrant(deps.sql, principalOf(c), personId, grantId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/acting-grants',
      tags: ['people'],
      summary: 'Who acts for whom on a day: all for admins and coordinators; otherwise one’s own and the absences in one’s units',
      security,
      request: { query: actingQuery },
      responses: {
        200: jsonContent(z.object({ day: z.string(), items: z.array(actingTodaySchema) }), 'Grants in force that day'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { on, unit } = c.req.valid('query');
      const day = on ?? vnToday();
      return c.json({ day, items: await actingOn(deps.sql, principalOf(c), day, unit) }, 200);
    },
  );
}
