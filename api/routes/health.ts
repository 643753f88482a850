import { jsonContent, type ApiApp } from '../env';
import { createRoute, z } from '@hono/zod-openapi';
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

const clusterSchema = z
  .object({
    name: z.string(),
    serverVersion: z.string(),
    persistenceStore: z.string().openapi({ description: 'e.g. postgres12 on a cluster, sqlite on the dev server' }),
    visibilityStore: z.string(),
    historyShardCount: z.number().int(),
  })
  .openapi('TemporalCluster');

const healthSchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    checks: z.object({ database: z.string(), temporal: z.string() }),
    /** What the Temporal frontend reports about its cluster; null when it did not answer. */
    temporalCluster: clusterSchema.nullable(),
  })
  .openapi('Health');

type ClusterInfo = z.infer<typeof clusterSchema>;

export function registerHealthRoutes(app: ApiApp, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      tags: ['health'],
      summary: 'Database and Temporal reachability, and the Temporal cluster it runs on',
      responses: {
        200: jsonContent(healthSchema, 'Both reachable'),
        503: jsonContent(healthSchema, 'One or both unreachable; `checks` says which'),
      },
    }),
    async (c) => {
      let temporalCluster: ClusterInfo | null = null;
      const [database, temporal] = await Promise.all([
        probe(() => deps.sql`SELECT 1`),
        probe(async () => {
          const info = await deps.temporal.connection.workflowService.getClusterInfo({});
          temporalCluster = {
            name: info.clusterName ?? '',
            serverVersion: info.serverVersion ?? '',
            persistenceStore: info.persistenceStore ?? '',
            visibilityStore: info.visibilityStore ?? '',
            historyShardCount: info.historyShardCount ?? 0,
          };
        }),
      ]);
      const ok = database === 'ok' && temporal === 'ok';
      const body = { status: ok ? ('ok' as const) : ('unavailable' as const), checks: { database, temporal }, temporalCluster };
      return c.json(body, ok ? 200 : 503);
    },
  );
}
