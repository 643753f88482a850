import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../../services/deps';

const CHECK_TIMEOUT_MS = 2000;

async function probe(check: () => Promise<unknown>): Promise<'ok' | string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return 'ok';
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    clearTimeout(timer);
  }
}

const healthSchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    checks: z.object({ database: z.string(), temporal: z.string() }),
  })
  .openapi('Health');

export function registerHealthRoutes(app: OpenAPIHono, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      tags: ['health'],
      summary: 'Database and Temporal reachability',
      responses: {
        200: { description: 'Both reachable', content: { 'application/json': { schema: healthSchema } } },
        503: { description: 'One or both unreachable; `checks` says which', content: { 'application/json': { schema: healthSchema } } },
      },
    }),
    async (c) => {
      const [database, temporal] = await Promise.all([
        probe(() => deps.sql`SELECT 1`),
        probe(() => deps.temporal.connection.workflowService.getSystemInfo({})),
      ]);
      const ok = database === 'ok' && temporal === 'ok';
      return c.json({ status: ok ? ('ok' as const) : ('unavailable' as const), checks: { database, temporal } }, ok ? 200 : 503);
    },
  );
}
