import { jsonContent, type ApiApp } from '../env';
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../../services/deps';
import { cursorParam, notificationSchema, numericIdParam, unitCode } from '../schemas';
import { listMyNotifications, listNotifications, markNotificationRead } from '../../services/notifications';
import { errorResponses, principalOf, security } from './common';

/** A page of an inbox, newest first: pass nextCursor back as `cursor` for the next page (null: no more). */
const notificationPage = z.object({ items: z.array(notificationSchema), nextCursor: z.string().nullable() }).openapi('NotificationPage');

export function registerNotificationRoutes(app: ApiApp, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units/{code}/notifications',
      tags: ['notifications'],
      summary: "A unit's in-app notifications, newest first",
      security,
      request: {
        params: z.object({ code: unitCode.openapi({ param: { name: 'code', in: 'path' } }) }),
        query: z.object({
          role: z.enum(['unit_officer', 'unit_head', 'supervising_leader', 'coordinator']).optional(),
          kind: z.string().max(40).optional(),
          unread: z.enum(['true', 'false']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          cursor: cursorParam.optional(),
        }),
      },
      responses: {
        200: {
          description: 'Notifications',
          content: { 'application/json': { schema: notificationPage } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await listNotifications(deps.sql, principalOf(c), c.req.valid('param').code, { ...q, unread: q.unread === 'true' });
      return c.json(page, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/notifications',
      tags: ['notifications'],
      summary: "The caller's own in-app inbox, newest first",
      security,
      request: {
        query: z.object({
          unread: z.enum(['true', 'false']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          cursor: cursorParam.optional(),
        }),
      },
      responses: {
        200: {
          description: 'Notifications',
          content: { 'application/json': { schema: notificationPage } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const page = await listMyNotifications(deps.sql, principalOf(c), deps.coordinatorUnit, {
        unread: q.unread === 'true',
        limit: q.limit,
        cursor: q.cursor,
      });
      return c.json(page, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/notifications/{id}/read',
      tags: ['notifications'],
      summary: 'Mark a notification read',
      security,
      request: {
        params: z.object({
          id: numericIdParam,
        }),
      },
      responses: { 200: jsonContent(notificationSchema, 'The notification'), ...errorResponses },
    }),
    async (c) => c.json(await markNotificationRead(deps.sql, principalOf(c), c.req.valid('param').id), 200),
  );
}
