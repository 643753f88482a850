import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../../services/deps';
import { actionInputs, assignmentDetail, assignmentFilters, assignmentPage, assignmentPath, assignmentSchema } from '../schemas';
import { actOnAssignment, getAssignment, listAssignments, type ActionName } from '../../services/assignments';
import { errorResponses, principalOf, security } from './common';

/** Path segment → action, input schema and summary. */
const ACTION_ROUTES: { path: string; action: ActionName; schema: z.ZodType; summary: string }[] = [
  { path: 'acknowledge', action: 'acknowledge', schema: actionInputs.acknowledge, summary: 'The unit acknowledges the assignment' },
  { path: 'progress', action: 'progress', schema: actionInputs.progress, summary: 'The unit reports progress' },
  { path: 'complete', action: 'complete', schema: actionInputs.complete, summary: 'The unit reports completion with evidence' },
  { path: 'extension-requests', action: 'requestExtension', schema: actionInputs.requestExtension, summary: 'The unit asks for a later due date' },
  { path: 'extension-decision', action: 'decideExtension', schema: actionInputs.decideExtension, summary: 'Approve or reject the pending extension request' },
  { path: 'reassign', action: 'reassign', schema: actionInputs.reassign, summary: 'Move the assignment to another unit' },
  { path: 'cancel', action: 'cancel', schema: actionInputs.cancel, summary: 'Cancel the assignment' },
  { path: 'confirm', action: 'confirm', schema: actionInputs.confirm, summary: 'Confirm a reported completion' },
  { path: 'return', action: 'return', schema: actionInputs.return, summary: 'Return a reported completion to be redone' },
  { path: 'decline', action: 'decline', schema: actionInputs.decline, summary: 'The unit declines the assignment as outside its remit' },
  { path: 'insist', action: 'insist', schema: actionInputs.insist, summary: 'The coordinator keeps a declined assignment with the unit' },
];

const idempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ param: { name: 'idempotency-key', in: 'header' }, description: 'Repeat a request safely: the same key is applied once.' }),
});

export function registerAssignmentRoutes(app: OpenAPIHono, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/assignments',
      tags: ['assignments'],
      summary: 'List assignments, ordered by due date, with filters',
      security,
      request: { query: assignmentFilters },
      responses: { 200: { description: 'A page of assignments', content: { 'application/json': { schema: assignmentPage } } }, ...errorResponses },
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
      responses: { 200: { description: 'The assignment', content: { 'application/json': { schema: assignmentDetail } } }, ...errorResponses },
    }),
    async (c) => {
      const { taskId, unitCode } = c.req.valid('param');
      return c.json(await getAssignment(deps.sql, principalOf(c), taskId, unitCode), 200);
    },
  );

  for (const { path, action, schema, summary } of ACTION_ROUTES) {
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
        responses: { 200: { description: 'The assignment after the action', content: { 'application/json': { schema: assignmentSchema } } }, ...errorResponses },
      }),
      async (c) => {
        const { taskId, unitCode } = c.req.valid('param');
        const body = c.req.valid('json') as Record<string, unknown>;
        const key = c.req.valid('header')['idempotency-key'];
        return c.json(await actOnAssignment(deps, principalOf(c), taskId, unitCode, action, body, key), 200);
      },
    );
  }
}
