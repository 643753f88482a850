import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { REORGANISATIONS } from '../../data/units';
import type { AppDeps } from '../../services/deps';
import { requireRole } from '../../services/access';
import { applyReorganisation, findReorganisation, planReorganisation } from '../../services/reorganisations';
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

export function registerReorganisationRoutes(app: OpenAPIHono, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/reorganisations',
      tags: ['units'],
      summary: 'Reorganisations: dissolved units and their successors',
      security,
      responses: { 200: { description: 'Reorganisations', content: { 'application/json': { schema: z.object({ items: z.array(reorgSchema) }) } } }, ...errorResponses },
    }),
    async (c) => c.json({ items: REORGANISATIONS }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/reorganisations/{id}/apply',
      tags: ['units'],
      summary: 'Move open assignments of dissolved units to their successors',
      description: 'With dryRun=true, lists what would move and changes nothing. Applying twice moves nothing the second time.',
      security,
      request: {
        params: z.object({ id: z.string().max(80).openapi({ param: { name: 'id', in: 'path' } }) }),
        query: z.object({ dryRun: z.enum(['true', 'false']).default('false') }),
      },
      responses: {
        200: { description: 'The moves (made, or planned on a dry run)', content: { 'application/json': { schema: z.object({ dryRun: z.boolean(), moved: z.number().int(), moves: z.array(moveSchema) }) } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const principal = principalOf(c);
      requireRole(principal, ['admin'], 'apply reorganisations');
      const reorg = findReorganisation(REORGANISATIONS, c.req.valid('param').id);
      const dryRun = c.req.valid('query').dryRun === 'true';
      const moves = dryRun ? await planReorganisation(deps, reorg) : await applyReorganisation(deps, reorg, principal.id);
      return c.json({ dryRun, moved: dryRun ? 0 : moves.length, moves }, 200);
    },
  );
}
