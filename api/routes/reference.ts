/** Reference data: deadline phrases resolved, and the official calendar by year (public: it reads no private data). */
import type { ApiApp } from '../env';
import { createRoute, z } from '@hono/zod-openapi';
import { calendarYearSchema } from '../../domain/calendar-schema';
import { resolveDeadline } from '../../domain/deadlines';
import { loadCalendarYears, saveCalendarYear } from '../../db/calendars';
import type { AppDeps } from '../../services/deps';
import { requireRole } from '../../services/access';
import { ApiProblem, notFound } from '../problems';
import { isoDate } from '../schemas';
import { errorResponses, principalOf, security } from './common';

const resolution = z
  .union([
    z.object({ recurring: z.literal(false), dueOn: z.string(), rule: z.string() }),
    z.object({ recurring: z.literal(true), frequency: z.enum(['monthly', 'quarterly', 'yearly', 'continuous']), rule: z.string() }),
  ])
  .openapi('DeadlineResolution');

export function registerReferenceRoutes(app: ApiApp, deps: AppDeps): void {
  for (const path of ['/v1/deadlines/resolve', '/deadlines/resolve'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path,
        tags: ['reference'],
        summary: 'Resolve a deadline phrase (Vietnamese or English) against an issue date',
        hide: path === '/deadlines/resolve',
        request: {
          body: {
            required: true,
            content: {
              'application/json': {
                schema: z
                  .object({ text: z.string().min(1).max(2000).openapi({ example: 'trước ngày 30/6/2024' }), issuedOn: isoDate })
                  .strict()
                  .openapi('DeadlineQuery'),
              },
            },
          },
        },
        responses: { 200: { description: 'The due date, or the recurrence', content: { 'application/json': { schema: resolution } } }, ...errorResponses },
      }),
      async (c) => {
        const { text, issuedOn } = c.req.valid('json');
        const result = resolveDeadline(text, issuedOn, await deps.calendar());
        if (!result.ok) throw new ApiProblem(422, `deadline-${result.code.replaceAll('_', '-')}`, result.reason, [{ field: 'text', reason: result.reason }]);
        return c.json(result.recurring ? { recurring: true as const, frequency: result.frequency, rule: result.rule } : { recurring: false as const, dueOn: result.dueOn, rule: result.rule }, 200);
      },
    );
  }

  for (const path of ['/v1/calendar/{year}', '/calendar/{year}'] as const) {
    app.openapi(
      createRoute({
        method: 'get',
        path,
        tags: ['reference'],
        summary: 'The official days off and swapped working Saturdays of a year, with sources',
        hide: path === '/calendar/{year}',
        request: { params: z.object({ year: z.coerce.number().int().min(2000).max(2200).openapi({ param: { name: 'year', in: 'path' } }) }) },
        responses: { 200: { description: 'The calendar year', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } }, ...errorResponses },
      }),
      async (c) => {
        const year = c.req.valid('param').year;
        const found = (await loadCalendarYears(deps.sql)).find((y) => y.year === year);
        if (!found) throw notFound(`calendar of ${year}`);
        return c.json(found as unknown as Record<string, unknown>, 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/admin/calendar/{year}',
      tags: ['reference'],
      summary: 'Load (or replace) the official calendar of a year',
      description: 'Running workflows keep the calendar they started with; new tasks use the new one.',
      security,
      request: {
        params: z.object({ year: z.coerce.number().int().min(2000).max(2200).openapi({ param: { name: 'year', in: 'path' } }) }),
        body: { required: true, content: { 'application/json': { schema: calendarYearSchema } } },
      },
      responses: { 200: { description: 'Loaded', content: { 'application/json': { schema: z.object({ year: z.number().int(), daysOff: z.number().int(), workingSaturdays: z.number().int() }) } } }, ...errorResponses },
    }),
    async (c) => {
      const principal = principalOf(c);
      requireRole(principal, ['admin'], 'load calendars');
      const body = c.req.valid('json');
      if (body.year !== c.req.valid('param').year) throw new ApiProblem(400, 'validation', 'year in the body must match the path', [{ field: 'year', reason: 'must match the path' }]);
      await saveCalendarYear(deps.sql, body, principal.id);
      deps.invalidateCalendar?.();
      return c.json({ year: body.year, daysOff: body.daysOff.length, workingSaturdays: body.workingSaturdays.length }, 200);
    },
  );
}
