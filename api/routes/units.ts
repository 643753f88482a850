/**
 * The units directory: search it (public reference data, like the calendar), and register sub-units (admin), one
 * by one or as a CSV table.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { jsonContent, type ApiApp } from '../env';
import type { AppDeps } from '../../services/deps';
import { UNIT_KINDS } from '../../domain/units';
import { importUnitsCsv, listUnits, MAX_UNITS_PER_REQUEST, registerUnits } from '../../services/units';
import { isoDate } from '../schemas';
import { errorResponses, principalOf, security } from './common';

const unitSchema = z
  .object({
    code: z.string(),
    nameVi: z.string(),
    nameEn: z.string(),
    kind: z.enum(UNIT_KINDS),
    parent: z.string().optional(),
    validFrom: z.string(),
    validTo: z.string().nullable(),
    headRole: z.string(),
    supervisingLeader: z.string(),
    email: z.string().optional(),
    source: z.string().optional(),
  })
  .openapi('Unit');

const unitQuery = z.object({
  q: z.string().max(200).optional().openapi({ description: 'Part of a name or code, with or without Vietnamese diacritics' }),
  kind: z.enum(UNIT_KINDS).optional(),
  parent: z.string().max(80).optional().openapi({ description: 'Units directly below this unit' }),
  validOn: isoDate.optional().openapi({ description: 'Units that exist on this date' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .openapi({ type: 'integer', minimum: 0, default: 0, description: 'Skip this many matches (paging)' }),
});

const registered = z.object({ created: z.array(z.string()), unchanged: z.array(z.string()) }).openapi('UnitsRegistered');

export function registerUnitRoutes(app: ApiApp, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units',
      tags: ['reference'],
      summary: 'Search the units directory (public): by name with or without diacritics, kind, parent, validity on a date; paged',
      request: { query: unitQuery },
      responses: {
        200: {
          description: 'A page of units, ordered by code',
          content: {
            'application/json': { schema: z.object({ items: z.array(unitSchema), total: z.number(), nextOffset: z.number().nullable() }) },
          },
        },
        ...errorResponses,
      },
    }),
    async (c) => c.json(await listUnits(deps, c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/units',
      tags: ['admin'],
      summary: "Register sub-units (a province's departments and communes, a ministry's departments); admin only",
      security,
      request: {
        body: {
          required: true,
          content: { 'application/json': { schema: z.object({ units: z.array(z.unknown()).min(1).max(MAX_UNITS_PER_REQUEST) }) } },
        },
      },
      responses: { 201: jsonContent(registered, 'Registered (again: unchanged)'), ...errorResponses },
    }),
    async (c) => c.json(await registerUnits(deps, principalOf(c), c.req.valid('json').units), 201),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/units/import',
      tags: ['admin'],
      summary:
        'Register sub-units from a CSV table (columns code, nameVi, nameEn, kind, parent, validFrom, validTo, headRole, supervisingLeader, email, source)',
      security,
      request: {
        body: { required: true, content: { 'application/json': { schema: z.object({ csv: z.string().min(1).max(1_000_000) }) } } },
      },
      responses: { 201: jsonContent(registered, 'Registered'), ...errorResponses },
    }),
    async (c) => c.json(await importUnitsCsv(deps, principalOf(c), c.req.valid('json').csv), 201),
  );
}
