import { jsonContent, jsonBody, type ApiApp } from '../env';
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../../services/deps';
import { derivedId, idempotencyScope } from '../middleware/idempotency';
import { cursorParam, directiveInput, directiveSchema, recurrenceChange, recurrenceState, taskCreated, taskInput } from '../schemas';
import { createDirective, getDirective, listDirectives } from '../../services/directives';
import { assignTask, changeRecurrence } from '../../services/tasks';
import { errorResponses, principalOf, security } from './common';

const idParam = z.object({
  id: z
    .string()
    .max(80)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export function registerDirectiveRoutes(app: ApiApp, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/directives',
      tags: ['directives'],
      summary: 'Register a directive',
      security,
      request: { body: { required: true, content: jsonBody(directiveInput) } },
      responses: { 201: jsonContent(directiveSchema, 'Created'), ...errorResponses },
    }),
    async (c) => {
      return c.json(await createDirective(deps.sql, principalOf(c), c.req.valid('json'), derivedId('dir', idempotencyScope(c))), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/directives',
      tags: ['directives'],
      summary: 'List directives, newest first, a page at a time',
      security,
      request: {
        query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), cursor: cursorParam.optional() }),
      },
      responses: {
        200: {
          description: 'Directives, newest first; pass nextCursor back as `cursor` for the next page (null: no more)',
          content: { 'application/json': { schema: z.object({ items: z.array(directiveSchema), nextCursor: z.string().nullable() }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => c.json(await listDirectives(deps.sql, principalOf(c), c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/directives/{id}',
      tags: ['directives'],
      summary: 'Get a directive',
      security,
      request: { params: idParam },
      responses: { 200: jsonContent(directiveSchema, 'The directive'), ...errorResponses },
    }),
    async (c) => c.json(await getDirective(deps.sql, c.req.valid('param').id, principalOf(c)), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/directives/{id}/tasks',
      tags: ['tasks'],
      summary: 'Add a task and assign it to units',
      description: 'Starts one assignment workflow per unit in the background and answers at once with the count.',
      security,
      request: { params: idParam, body: { required: true, content: jsonBody(taskInput) } },
      responses: { 202: jsonContent(taskCreated, 'Accepted: assignments are being started'), ...errorResponses },
    }),
    async (c) => {
      const stableId = derivedId('tsk', idempotencyScope(c));
      return c.json(await assignTask(deps, principalOf(c), c.req.valid('param').id, c.req.valid('json'), { stableId }), 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/tasks/{taskId}/recurrence',
      tags: ['tasks'],
      summary: 'Pause, resume, end or change (frequency, due day) a recurring obligation',
      security,
      request: {
        params: z.object({
          taskId: z
            .string()
            .max(80)
            .openapi({ param: { name: 'taskId', in: 'path' } }),
        }),
        body: { required: true, content: jsonBody(recurrenceChange) },
      },
      responses: { 200: jsonContent(recurrenceState, 'The recurrence'), ...errorResponses },
    }),
    async (c) => {
      return c.json(await changeRecurrence(deps, principalOf(c), c.req.valid('param').taskId, c.req.valid('json')), 200);
    },
  );
}
