/** The caller's dashboard sessions (from tokens or one-time links): listed, and ended one by one. */
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../../services/deps';
import { listWebSessions, revokeWebSession } from '../../services/web-sessions';
import { jsonContent, type ApiApp } from '../env';
import { errorResponses, principalOf, security } from './common';

const sessionView = z
  .object({ id: z.string(), personId: z.string(), via: z.string(), createdAt: z.string(), lastSeenAt: z.string(), expiresAt: z.string() })
  .openapi('WebSession');

export function registerWebSessionRoutes(app: ApiApp, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/web-sessions',
      tags: ['people and tokens'],
      summary: "The caller's signed-in dashboard sessions, newest first",
      security,
      responses: {
        200: { description: 'Sessions', content: { 'application/json': { schema: z.object({ items: z.array(sessionView) }) } } },
        ...errorResponses,
      },
    }),
    async (c) => c.json({ items: await listWebSessions(deps, principalOf(c)) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/me/web-sessions/{sessionId}',
      tags: ['people and tokens'],
      summary: 'End a dashboard session at once (an admin may end anyone’s)',
      security,
      request: {
        params: z.object({
          sessionId: z
            .string()
            .min(1)
            .max(40)
            .openapi({ param: { name: 'sessionId', in: 'path' } }),
        }),
      },
      responses: { 200: jsonContent(sessionView, 'The ended session'), ...errorResponses },
    }),
    async (c) => c.json(await revokeWebSession(deps, principalOf(c), c.req.valid('param').sessionId), 200),
  );
}
