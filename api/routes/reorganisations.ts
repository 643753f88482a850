import { jsonContent, type ApiApp } from '../env';
import { createRoute, z } from '@hono/zod-openapi';
import { REORGANISATIONS } from '../../data/units';
import type { AppDeps } from '../../services/deps';
import {
  findReorganisation,
  getReorganisationApplication,
  planReorganisation,
  startReorganisationApply,
} from '../../services/reorganisations';
import { errorResponses, principalOf, security } from './common';

const moveSchema = z
  .object({ workflowId: z.string(), taskId: z.string(), fromUnit: z.string(), toUnit: z.string(), merges: z.boolean() })
  .openapi('ReorganisationMove');
const reorgSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    legalBasis: z.string(),
    effectiveOn: z.string(),
    moves: z.array(z.object({ from: z.string(), to: z.string() })),
    notes: z.string().optional(),
  })
  .openapi('Reorganisation');
const applicationSchema = z
  .object({
    id: z.string(),
    reorganisationId: z.string(),
    status: z.enum(['running', 'completed', 'failed']),
    total: z.number().int().openapi({ description: 'Open assignments of the dissolved units when the application started' }),
    done: z.number().int().openapi({ description: 'Moves made so far' }),
    merged: z.number().int().openapi({ description: 'Moves onto a successor that already held the task' }),
    failures: z.array(z.object({ workflowId: z.string(), toUnit: z.string(), reason: z.string() })),
    finished: z.boolean(),
  })
  .openapi('ReorganisationApplication');
const reorgParam = z
  .string()
  .max(80)
  .openapi({ param: { name: 'id', in: 'path' } });

export function registerReorganisationRoutes(app: ApiApp, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/reorganisations',
      tags: ['units'],
      summary: 'Reorganisations: dissolved units and their successors',
      security,
      responses: {
        200: { description: 'Reorganisations', content: { 'application/json': { schema: z.object({ items: z.array(reorgSchema) }) } } },
        ...errorResponses,
      },
    }),
    async (c) => c.json({ items: REORGANISATIONS }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/reorganisations/{id}/apply',
      tags: ['units'],
      summary: 'Move open assignments of dissolved units to their successors',
      description:
        'With dryRun=true, lists what would move and changes nothing (200). Otherwise starts the application, a batch ' +
        'that runs in the background (202, Location: its status). Applying again answers with the same application; each ' +
        'move is made once, also when the batch resumes after a crash.',
      security,
      request: {
        params: z.object({ id: reorgParam }),
        query: z.object({ dryRun: z.enum(['true', 'false']).default('false') }),
      },
      responses: {
        200: {
          description: 'The planned moves (dry run)',
          content: {
            'application/json': { schema: z.object({ dryRun: z.boolean(), moved: z.number().int(), moves: z.array(moveSchema) }) },
          },
        },
        202: jsonContent(applicationSchema, 'The application, started or already under way'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const principal = principalOf(c);
      const reorg = findReorganisation(REORGANISATIONS, c.req.valid('param').id);
      if (c.req.valid('query').dryRun === 'true') {
        return c.json({ dryRun: true, moved: 0, moves: await planReorganisation(deps, principal, reorg) }, 200);
      }
      const application = await startReorganisationApply(deps, principal, reorg);
      c.header('Location', `/v1/reorganisations/${reorg.id}/applications/${application.id}`);
      return c.json(application, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/reorganisations/{id}/applications/{applicationId}',
      tags: ['units'],
      summary: "A reorganisation's application: moves done of the total, failures, finished",
      security,
      request: {
        params: z.object({
          id: reorgParam,
          applicationId: z
            .string()
            .max(80)
            .openapi({ param: { name: 'applicationId', in: 'path' } }),
        }),
      },
      responses: { 200: jsonContent(applicationSchema, 'The application'), ...errorResponses },
    }),
    async (c) => {
      const { id, applicationId } = c.req.valid('param');
      return c.json(await getReorganisationApplication(deps, principalOf(c), findReorganisation(REORGANISATIONS, id), applicationId), 200);
    },
  );
}
