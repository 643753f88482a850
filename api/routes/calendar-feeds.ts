import { jsonContent, type ApiApp } from '../env';
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../../services/deps';
import { unitCode } from '../schemas';
import { calendarFeed, createCalendarFeed, listCalendarFeeds, revokeCalendarFeed } from '../../services/calendar-feeds';
import { errorResponses, principalOf, security } from './common';

export function registerCalendarFeedRoutes(app: ApiApp, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/me/calendar-feeds',
      tags: ['calendar feeds'],
      summary: 'Make a read-only iCalendar feed of open assignments (a unit officer: the unit; a leader: the scope)',
      security,
      request: {
        body: { required: true, content: { 'application/json': { schema: z.object({ unitCode: unitCode.optional() }).strict() } } },
      },
      responses: {
        201: {
          description: 'The feed; its URL carries the read-only token and is shown only now',
          content: {
            'application/json': {
              schema: z.object({
                id: z.string(),
                units: z.union([z.literal('all'), z.array(z.string())]),
                url: z.string().optional().openapi({ description: 'Absent on an idempotent replay: the token is shown only once.' }),
                createdAt: z.string(),
              }),
            },
          },
        },
        ...errorResponses,
      },
    }),
    async (c) => c.json(await createCalendarFeed(deps, principalOf(c), c.req.valid('json').unitCode), 201),
  );

  const feedView = z
    .object({
      id: z.string(),
      personId: z.string(),
      units: z.union([z.literal('all'), z.array(z.string())]),
      createdAt: z.string(),
      revokedAt: z.string().nullable(),
    })
    .openapi('CalendarFeed');
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/calendar-feeds',
      tags: ['calendar feeds'],
      summary: "The caller's calendar feeds, newest first (their tokens are shown only when made)",
      security,
      responses: {
        200: { description: 'The feeds', content: { 'application/json': { schema: z.object({ items: z.array(feedView) }) } } },
        ...errorResponses,
      },
    }),
    async (c) => c.json({ items: await listCalendarFeeds(deps, principalOf(c)) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/me/calendar-feeds/{feedId}',
      tags: ['calendar feeds'],
      summary: 'Revoke a calendar feed: its URL stops working at once (idempotent; an admin may revoke anyone’s)',
      security,
      request: {
        params: z.object({
          feedId: z
            .string()
            .min(1)
            .max(100)
            .openapi({ param: { name: 'feedId', in: 'path' } }),
        }),
      },
      responses: { 200: jsonContent(feedView, 'The revoked feed'), ...errorResponses },
    }),
    async (c) => c.json(await revokeCalendarFeed(deps, principalOf(c), c.req.valid('param').feedId), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/calendar-feeds/{feedToken}/calendar.ics',
      tags: ['calendar feeds'],
      summary: 'The iCalendar feed (RFC 5545): open assignments as all-day events with reminder alarms',
      request: {
        params: z.object({
          feedToken: z
            .string()
            .max(100)
            .openapi({ param: { name: 'feedToken', in: 'path' } }),
        }),
      },
      responses: { 200: { description: 'text/calendar', content: { 'text/calendar': { schema: z.string() } } }, ...errorResponses },
    }),
    async (c) => c.body(await calendarFeed(deps, c.req.valid('param').feedToken), 200, { 'content-type': 'text/calendar; charset=utf-8' }),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units/{code}/calendar.ics',
      tags: ['calendar feeds'],
      summary: "One unit's iCalendar feed; the read-only feed token goes in the query, as calendar apps send no headers",
      request: {
        params: z.object({ code: unitCode.openapi({ param: { name: 'code', in: 'path' } }) }),
        query: z.object({ token: z.string().min(1).max(100).openapi({ description: 'A feed token from POST /v1/me/calendar-feeds' }) }),
      },
      responses: { 200: { description: 'text/calendar', content: { 'text/calendar': { schema: z.string() } } }, ...errorResponses },
    }),
    async (c) =>
      c.body(await calendarFeed(deps, c.req.valid('query').token, c.req.valid('param').code), 200, {
        'content-type': 'text/calendar; charset=utf-8',
      }),
  );
}
