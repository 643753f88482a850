/**
 * The API without an in-process worker, over given servers: fault tests run the worker as a separate process
 * they can kill, or stop the HTTP server under load.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { pino } from 'pino';
import { createServerApp } from '../../server/app';
import { adminTokenAuthenticator } from '../../services/access';
import type { AppDeps, MetricsExposure } from '../../services/deps';
import { createApiMetrics, serveApiMetrics } from '../../server/metrics';
import { createUnitDirectory } from '../../services/unit-directory';
import { createCalendarProvider, seedOfficialCalendars } from '../../db/calendars';
import { migrate } from '../../db/migrate';
import { createSql } from '../../db/sql';
import type { Unit } from '../../domain/units';
import { ADMIN_TOKEN, LOOPBACK_HOSTS, TEST_POLICY_FLOOR } from './system';

export interface ApiOnly {
  deps: AppDeps;
  url: string;
  /** The metrics port's scrape URL, when metrics have one. */
  metricsUrl: string | null;
  /** Closes the HTTP server, dropping requests in flight. */
  kill(): void;
  close(): Promise<void>;
  api(path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
}

export { syntheticUnits } from '../../data/units/synthetic';

export async function startApiOnly(options: {
  databaseUrl: string;
  temporalAddress: string;
  namespace?: string;
  taskQueue: string;
  units: Unit[];
  /** Where /metrics is served (default: on the API's port, to anyone). */
  metrics?: MetricsExposure;
}): Promise<ApiOnly> {
  const sql = createSql(options.databaseUrl);
  await migrate(sql);
  await seedOfficialCalendars(sql);
  const connection = await Connection.connect({ address: options.temporalAddress });
  const calendar = createCalendarProvider(sql);
  const deps: AppDeps = {
    sql,
    temporal: new Client({ connection, namespace: options.namespace ?? 'default' }),
    taskQueue: options.taskQueue,
    authenticate: adminTokenAuthenticator(ADMIN_TOKEN),
    units: createUnitDirectory(options.units),
    calendar: calendar.get,
    logger: pino({ level: 'silent' }),
    coordinatorUnit: 'vpcp',
    rateLimitPerMinute: 1_000_000,
    // Tests run their ladders on seconds (production floors are an hour).
    policyFloor: TEST_POLICY_FLOOR,
    // Whatever a test subscribes, webhooks stay on this machine (and loopback receivers are allowed).
    webhookAllowedHosts: LOOPBACK_HOSTS,
    metrics: options.metrics,
  };
  const metrics = createApiMetrics({ sql, units: deps.units });
  const app = createServerApp(deps, metrics);
  const metricsServer =
    options.metrics?.port == null
      ? null
      : await serveApiMetrics(metrics, { port: options.metrics.port, hostname: '127.0.0.1', token: options.metrics.token });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    deps,
    url,
    metricsUrl: metricsServer?.url ?? null,
    kill: () => {
      (server as unknown as { closeAllConnections(): void }).closeAllConnections();
      server.close();
    },
    close: async () => {
      await metricsServer?.close();
      await new Promise<void>((r) => server.close(() => r()));
      await connection.close();
      await sql.end({ timeout: 5 });
    },
    async api(path, body, headers = {}) {
      const res = await fetch(url + path, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
  };
}
