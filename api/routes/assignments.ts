import { jsonContent, type ApiApp } from '../env';
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../../services/deps';
import { actionInputs, assignmentDetail, assignmentFilters, assignmentPage, assignmentPath, assignmentSchema } from '../schemas';
import { ACTION_NAMES, ACTIONS, type ActionCommand } from '../../services/actions';
import { actOnAssignment, getAssignment, listAssignments } from '../../services/assignments';
import { errorResponses, principalOf, security } from './common';

const idempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ param: { name: 'idempotency-key', in: 'header' }, description: 'Repeat a request safely: the same key is applied once.' }),
});

export function registerAssignmentRoutes(app: ApiApp, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/assignments',
      tags: ['assignments'],
      summary: 'List assignments, ordered by due date, with filters',
      security,
      request: { query: assignmentFilters },
      responses: { 200: jsonContent(assignmentPage, 'A page of assignments'), ...errorResponses },
    }),
    async (c) => c.json(await listAssignments(deps.sql, principalOf(c), c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/tasks/{taskId}/assignments/{unitCode}',
      tags: ['assignments'],
      summary: 'One assignment with its timeline',
      security,
      request: { params: assignmentPath },
      responses: { 200: jsonContent(assignmentDetail, 'The assignment'), ...errorResponses },
    }),
    async (c) => {
      const { taskId, unitCode } = c.req.valid('param');
      return c.json(await getAssignment(deps.sql, principalOf(c), taskId, unitCode), 200);
    },
  );

  for (const action of ACTION_NAMES) {
    const { path, summary } = ACTIONS[action];
    const schema = actionInputs[action];
    app.openapi(
      createRoute({
        method: 'post',
        path: `/v1/tasks/{taskId}/assignments/{unitCode}/${path}`,
        tags: ['assignment actions'],
        summary,
        security,
        request: {
          params: assignmentPath,
          headers: idempotencyHeader,
          body: { required: true, content: { 'application/json': { schema } } },
        },
        responses: { 200: jsonContent(assignmentSchema, 'The assignment after the action'), ...errorResponses },
      }),
      async (c) => {
        const { taskId, unitCode } = c.req.valid('param');
        // The route's schema is the action's own input schema, so the validated body is that action's input.
        const command = { action, input: c.req.valid('json') } as ActionCommand;
        const key = c.req.valid('header')['idempotency-key'];
        return c.json(await actOnAssignment(deps, principalOf(c), taskId, unitCode, command, key), 200);
      },
    );
  }
}
