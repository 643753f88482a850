/** Passing an assignment on to the holder's own units, its sub-assignments' roll-up, and moving them after an extension. */
import { createRoute, z } from '@hono/zod-openapi';
import { jsonContent, jsonBody, type ApiApp } from '../env';
import type { AppDeps } from '../../services/deps';
import { escalationPolicySchema } from '../../domain/policy-schema';
import { moveChildren } from '../../services/due-date-moves';
import { passOn } from '../../services/passing-on';
import { listSubAssignments } from '../../services/rollups';
import { assignmentPath, isoDate, isoDateTime, unitCode } from '../schemas';
import { errorResponses, principalOf, security } from './common';

const passOnInput = z
  .object({
    children: z
      .array(
        z
          .object({
            unitCode,
            dueOn: isoDate.optional().openapi({ description: "The internal due date: no later than the assignment's own" }),
            dueAt: isoDateTime.optional().openapi({ description: 'A deadline time; its date in Vietnam is the due date' }),
            note: z.string().max(2000).optional(),
            policy: escalationPolicySchema.optional(),
          })
          .strict(),
      )
      .min(1)
      .max(500),
    note: z.string().max(2000).optional(),
    policy: escalationPolicySchema.optional(),
    confirmationRequired: z.boolean().optional().openapi({ description: "Whether the holder confirms each child's completion report" }),
  })
  .strict()
  .openapi('PassOn');

const laggard = z.object({
  unitCode: z.string(),
  unitName: z.string(),
  status: z.string(),
  dueOn: z.string(),
  daysLate: z.number(),
  depth: z.number(),
});
const counts = z.object({ done: z.number(), total: z.number(), laggards: z.array(laggard) });
const subtree = z
  .object({
    workflowId: z.string(),
    unitCode: z.string(),
    status: z.string(),
    dueOn: z.string(),
    allDone: z.boolean(),
    direct: counts,
    subtree: counts,
    derivedPercent: z.number().nullable(),
    children: z.array(
      z.object({
        workflowId: z.string(),
        unitCode: z.string(),
        unitName: z.string(),
        parentUnit: z.string().nullable(),
        depth: z.number(),
        status: z.string(),
        dueOn: z.string(),
        note: z.string().nullable(),
      }),
    ),
  })
  .openapi('SubAssignments');

const base = '/v1/tasks/{taskId}/assignments/{unitCode}/sub-assignments';

export function registerSubAssignmentRoutes(app: ApiApp, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: base,
      tags: ['assignments'],
      summary: "Pass the assignment on to the holder's own units (the holder's officers or head, coordinators)",
      security,
      request: { params: assignmentPath, body: { required: true, content: jsonBody(passOnInput) } },
      responses: {
        202: {
          description: 'The sub-assignments are created and started (a repeat creates nothing)',
          content: {
            'application/json': {
              schema: z.object({ parentWorkflowId: z.string(), created: z.array(z.string()), existing: z.array(z.string()) }),
            },
          },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { taskId, unitCode: holder } = c.req.valid('param');
      return c.json(await passOn(deps, principalOf(c), taskId, holder, c.req.valid('json')), 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: base,
      tags: ['assignments'],
      summary: 'The sub-assignments: k-of-N and laggards for the direct children and the whole subtree',
      security,
      request: { params: assignmentPath },
      responses: { 200: jsonContent(subtree, 'The roll-up below the assignment'), ...errorResponses },
    }),
    async (c) => {
      const { taskId, unitCode: holder } = c.req.valid('param');
      return c.json(await listSubAssignments(deps, principalOf(c), taskId, holder), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/move-due-dates`,
      tags: ['assignments'],
      summary: 'After an extension of the assignment, move its open children by as many days (or to dueOn), never past its own due date',
      security,
      request: {
        params: assignmentPath,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .object({
                  dueOn: isoDate.optional().openapi({
                    description: "Move every open child to this date: on or after the assignment's start, no later than its due date",
                  }),
                })
                .strict(),
            },
          },
        },
      },
      responses: {
        200: {
          description: 'What moved',
          content: {
            'application/json': {
              schema: z.object({
                moved: z.array(z.object({ unitCode: z.string(), from: z.string(), to: z.string() })),
                unchanged: z.array(z.string()),
              }),
            },
          },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { taskId, unitCode: holder } = c.req.valid('param');
      return c.json(await moveChildren(deps, principalOf(c), taskId, holder, c.req.valid('json')), 200);
    },
  );
}
