/**
 * The API process's Prometheus metrics (`GET /metrics`, text exposition by prom-client): request durations by
 * route and status, and `dondoc_` gauges computed from Postgres at scrape time, so every API process reports the
 * same figures whichever worker wrote them. Each app gets its own registry (tests build several in one process).
 */
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono, type Handler, type MiddlewareHandler } from 'hono';
import { problemResponse } from '../api/problems';
import { routePath } from 'hono/route';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Sql } from '../db/sql';
import { OPEN_STATUSES } from '../domain/status';
import type { UnitDirectory } from '../services/unit-directory';

export interface ApiMetrics {
  registry: Registry;
  /** Times every request; register before the routes. */
  observeRequests: MiddlewareHandler;
  /** The exposition, in Prometheus text format. */
  render(): Promise<{ contentType: string; body: string }>;
}

export interface ApiMetricsOptions {
  sql: Sql;
  units: UnitDirectory;
  /** Process metrics (CPU, heap, event loop lag); off where several apps share one process. */
  processMetrics?: boolean;
}

export function createApiMetrics(options: ApiMetricsOptions): ApiMetrics {
  const { sql, units } = options;
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'dondoc_api_' });

  const requestDuration = new Histogram({
    name: 'dondoc_http_request_duration_seconds',
    help: 'HTTP requests by route pattern, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const openAssignments = new Gauge({
    name: 'dondoc_open_assignments',
    help: 'Open assignments by status and escalation level',
    labelNames: ['status', 'escalation_level'] as const,
    registers: [registry],
  });
  const overdue = new Gauge({
    name: 'dondoc_overdue_assignments',
    help: 'Overdue assignments by the kind of unit that holds them',
    labelNames: ['unit_kind'] as const,
    registers: [registry],
  });
  const deliveries = new Gauge({
    name: 'dondoc_deliveries',
    help: 'Email and webhook deliveries not yet delivered, by status (pending includes sending) and channel',
    labelNames: ['status', 'channel'] as const,
    registers: [registry],
  });
  const oldestPending = new Gauge({
    name: 'dondoc_oldest_pending_delivery_age_seconds',
    help: 'Age of the oldest delivery still pending or sending (0 when none)',
    registers: [registry],
  });

  // One collection per scrape, shared by the gauges (prom-client calls each gauge's collect in turn).
  let inFlight: Promise<void> | null = null;
  const collectFromPostgres = () =>
    (inFlight ??= (async () => {
      const [byStatus, overdueByUnit, deliveryCounts, [oldest]] = await Promise.all([
        sql<{ status: string; escalation_level: number; n: number }[]>`
          SELECT status, escalation_level, count(*)::int AS n FROM assignments
          WHERE status IN ${sql(OPEN_STATUSES as string[])} GROUP BY status, escalation_level`,
        sql<{ unit_code: string; n: number }[]>`
          SELECT unit_code, count(*)::int AS n FROM assignments WHERE status = 'overdue' GROUP BY unit_code`,
        sql<{ status: string; channel: string; n: number }[]>`
          SELECT CASE WHEN status = 'sending' THEN 'pending' ELSE status END AS status, channel, count(*)::int AS n
          FROM deliveries WHERE status IN ('pending', 'sending', 'failed') GROUP BY 1, 2`,
        sql<{ age: number | null }[]>`
          SELECT extract(epoch FROM now() - min(created_at))::float8 AS age FROM deliveries WHERE status IN ('pending', 'sending')`,
      ]);
      openAssignments.reset();
      // Every open status appears, at level 0 at least, so a dashboard sees a 0 rather than a missing series.
      for (const status of OPEN_STATUSES) openAssignments.set({ status, escalation_level: '0' }, 0);
      for (const row of byStatus) openAssignments.set({ status: row.status, escalation_level: String(row.escalation_level) }, row.n);
      overdue.reset();
      const byKind = new Map<string, number>();
      for (const row of overdueByUnit) {
        const kind = units.get(row.unit_code)?.kind ?? 'unknown';
        byKind.set(kind, (byKind.get(kind) ?? 0) + row.n);
      }
      for (const [unitKind, n] of byKind) overdue.set({ unit_kind: unitKind }, n);
      deliveries.reset();
      for (const status of ['pending', 'failed']) for (const channel of ['email', 'webhook']) deliveries.set({ status, channel }, 0);
      for (const row of deliveryCounts) deliveries.set({ status: row.status, channel: row.channel }, row.n);
      oldestPending.set(oldest?.age ?? 0);
    })().finally(() => (inFlight = null)));

  const observeRequests: MiddlewareHandler = async (c, next) => {
    const end = requestDuration.startTimer();
    try {
      await next();
    } finally {
      // The pattern of the route that answered (`/v1/assignments/:id`), never the raw path: bounded label values.
      const route = c.res.status === 404 && isCatchAll(routePath(c, -1)) ? 'unmatched' : routePath(c, -1);
      end({ method: c.req.method, route, status: String(c.res.status) });
    }
  };

  return {
    registry,
    observeRequests,
    async render() {
      await collectFromPostgres();
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

function isCatchAll(route: string): boolean {
  return route === '*' || route === '/*';
}

const sameSecret = (a: string, b: string) => {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
};

/** `GET /metrics`: the exposition, to a scraper with the bearer token when one is set (else 401). */
export function scrapeHandler(metrics: ApiMetrics, token: string | null): Handler {
  return async (c) => {
    const presented = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (token !== null && !(presented && sameSecret(presented, token))) {
      return problemResponse(c, 401, 'unauthenticated', 'send Authorization: Bearer <METRICS_TOKEN>', undefined, {
        'www-authenticate': 'Bearer realm="dondoc-metrics"',
      });
    }
    const { contentType, body } = await metrics.render();
    return c.body(body, 200, { 'content-type': contentType });
  };
}

/** Metrics on a port of their own (METRICS_PORT): only `/metrics` is answered there. */
export async function serveApiMetrics(
  metrics: ApiMetrics,
  options: { port: number; hostname: string; token: string | null },
): Promise<{ url: string; close(): Promise<void> }> {
  const app = new Hono();
  app.get('/metrics', scrapeHandler(metrics, options.token));
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: options.hostname }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.hostname}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
