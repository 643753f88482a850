/**
 * Reference data: deadline phrases resolved, and the working calendar by year — official where loaded, else the
 * statutory (provisional) one (public: it reads no private data).
 */
import { jsonContent, jsonBody, type ApiApp } from '../env';
import { createRoute, z } from '@hono/zod-openapi';
import { calendarYearSchema } from '../../domain/calendar-schema';
import { DEADLINE_RULES, resolveDeadline } from '../../domain/deadlines';
import { getCalendarReplan, loadOfficialCalendarYear, workingCalendarOf } from '../../services/calendars';
import type { AppDeps } from '../../services/deps';
import { ApiProblem } from '../problems';
import { isoDate } from '../schemas';
import { errorResponses, principalOf, security } from './common';

const resolution = z
  .union([
    z.object({
      recurring: z.literal(false),
      dueOn: z.string(),
      dueAt: z.string().optional().openapi({
        description: 'Present when the text gives a time of day next to the date ("trước 17h00 ngày …"): that instant in Vietnam time.',
      }),
      rule: z.string(),
      provisional: z.literal(true).optional().openapi({
        description: 'Present when the due date rests on a day of a year with no official calendar loaded (statutory holidays only).',
      }),
    }),
    z.object({
      recurring: z.literal(true),
      frequency: z.enum(['monthly', 'quarterly', 'half_yearly', 'yearly', 'continuous']),
      dueDay: z
        .number()
        .int()
        .min(1)
        .max(31)
        .optional()
        .openapi({ description: "The day of each period's last month the report is due, when the text names it." }),
      rule: z.string(),
    }),
  ])
  .openapi('DeadlineResolution');

/** The rules the resolver reports, one line each with an example, for the API reference. */
const RULES_DOC = DEADLINE_RULES.map(
  (r) => `- \`${r.rule}\`: e.g. "${r.examples[0]}"${r.receivedOn ? ` (receivedOn ${r.receivedOn})` : ''}`,
).join('\n');

export function registerReferenceRoutes(app: ApiApp, deps: AppDeps): void {
  for (const path of ['/v1/deadlines/resolve', '/deadlines/resolve'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path,
        tags: ['reference'],
        summary: 'Resolve a deadline phrase (Vietnamese or English) against an issue date',
        description:
          'Periods count as the Civil Code 2015 does (art. 147–148): from the day after the issue date (or `receivedOn` for ' +
          '"kể từ ngày nhận được"), the end moved off weekend days and days off. The examples are for a directive issued on ' +
          `2024-01-15. Rules (\`rule\` in the answer, or the problem type for errors):\n\n${RULES_DOC}`,
        hide: path === '/deadlines/resolve',
        request: {
          body: {
            required: true,
            content: {
              'application/json': {
                schema: z
                  .object({
                    text: z.string().min(1).max(2000).openapi({ example: 'trước ngày 30/6/2024' }),
                    issuedOn: isoDate,
                    receivedOn: isoDate.optional().openapi({
                      description: 'The day the unit received the document; periods counted from receipt start here (default: issuedOn).',
                    }),
                  })
                  .strict()
                  .openapi('DeadlineQuery'),
              },
            },
          },
        },
        responses: { 200: jsonContent(resolution, 'The due date, or the recurrence'), ...errorResponses },
      }),
      async (c) => {
        const { text, issuedOn, receivedOn } = c.req.valid('json');
        if (receivedOn !== undefined && receivedOn < issuedOn) {
          const reason = `must not be before issuedOn ${issuedOn}`;
          throw new ApiProblem(400, 'validation', `receivedOn ${reason}`, [{ field: 'receivedOn', reason }]);
        }
        const result = resolveDeadline(text, issuedOn, await deps.calendar(), { receivedOn });
        if (!result.ok)
          throw new ApiProblem(422, `deadline-${result.code.replaceAll('_', '-')}`, result.reason, [
            { field: 'text', reason: result.reason },
          ]);
        if (result.recurring) {
          const { frequency, dueDay, rule } = result;
          return c.json({ recurring: true as const, frequency, ...(dueDay === undefined ? {} : { dueDay }), rule }, 200);
        }
        const { dueOn, dueAt, rule, provisional } = result;
        return c.json(
          { recurring: false as const, dueOn, ...(dueAt ? { dueAt } : {}), rule, ...(provisional ? { provisional } : {}) },
          200,
        );
      },
    );
  }

  for (const path of ['/v1/calendar/{year}', '/calendar/{year}'] as const) {
    app.openapi(
      createRoute({
        method: 'get',
        path,
        tags: ['reference'],
        summary: 'The days off and swapped working Saturdays of a year, with sources',
        description:
          'The official schedule when one is loaded (`provisional: false`); otherwise the statutory holidays of the Labour ' +
          'Code 2019 art. 111–112 computed on the Vietnamese lunar calendar (`provisional: true`), which deadlines and ' +
          'reminders use until the official schedule is loaded.',
        hide: path === '/calendar/{year}',
        request: {
          params: z.object({
            year: z.coerce
              .number()
              .int()
              .min(2000)
              .max(2200)
              .openapi({ param: { name: 'year', in: 'path' } }),
          }),
        },
        responses: {
          200: { description: 'The calendar year', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } },
          ...errorResponses,
        },
      }),
      async (c) => {
        const { calendar, provisional } = await workingCalendarOf(deps, c.req.valid('param').year);
        return c.json({ ...calendar, provisional } as unknown as Record<string, unknown>, 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/admin/calendar/{year}',
      tags: ['reference'],
      summary: 'Load (or replace) the official calendar of a year',
      description:
        "New tasks count on the new days at once. When the year's days changed, the open assignments whose plan the year may " +
        'touch (due from the year before to the year after, and overdue ones) re-plan in a batch workflow: each is sent the ' +
        "new days with this load's `version`, moves its planned steps and records a `calendar_changed` event (year, version, " +
        'the steps moved) in its timeline. The answer stays 200 and names the batch in `replan` (null when the days are ' +
        'unchanged); its progress is at `replan.statusPath`.',
      security,
      request: {
        params: z.object({
          year: z.coerce
            .number()
            .int()
            .min(2000)
            .max(2200)
            .openapi({ param: { name: 'year', in: 'path' } }),
        }),
        body: { required: true, content: jsonBody(calendarYearSchema) },
      },
      responses: {
        200: jsonContent(
          z.object({
            year: z.number().int(),
            daysOff: z.number().int(),
            workingSaturdays: z.number().int(),
            version: z
              .number()
              .int()
              .openapi({ description: "The load's version: its instant in epoch ms; a later load has a higher one." }),
            replan: z
              .object({ workflowId: z.string().openapi({ example: 'calendar-replan/2027/1798675200000' }), statusPath: z.string() })
              .nullable()
              .openapi({ description: "The re-plan batch of the running assignments; null when the year's days did not change." }),
          }),
          'Loaded',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      if (body.year !== c.req.valid('param').year)
        throw new ApiProblem(400, 'validation', 'year in the body must match the path', [{ field: 'year', reason: 'must match the path' }]);
      return c.json(await loadOfficialCalendarYear(deps, principalOf(c), body), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/admin/calendar/{year}/replans/{version}',
      tags: ['reference'],
      summary: 'Progress of the re-plan of running assignments after a calendar load',
      security,
      request: {
        params: z.object({
          year: z.coerce
            .number()
            .int()
            .min(2000)
            .max(2200)
            .openapi({ param: { name: 'year', in: 'path' } }),
          version: z.coerce
            .number()
            .int()
            .min(0)
            .openapi({ param: { name: 'version', in: 'path' } }),
        }),
      },
      responses: {
        200: jsonContent(
          z.object({
            workflowId: z.string(),
            year: z.number().int(),
            version: z.number().int(),
            status: z.enum(['running', 'completed', 'failed']),
            total: z.number().int(),
            sent: z.number().int(),
            closed: z.number().int(),
            finished: z.boolean(),
          }),
          'The batch: assignments sent the change of the total it may reach, those closed meanwhile',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { year, version } = c.req.valid('param');
      return c.json(await getCalendarReplan(deps, principalOf(c), year, version), 200);
    },
  );
}
