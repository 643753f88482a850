/** Builds what the HTTP app needs over a Postgres pool and a Temporal client; shared by every process that serves. */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { UNITS } from '../data/units';
import { createCalendarProvider } from '../db/calendars';
import type { Sql } from '../db/sql';
import { adminTokenAuthenticator } from '../services/access';
import type { AppDeps } from '../services/deps';
import { PRODUCTION_POLICY_FLOOR } from '../domain/policy';
import { storedTokenAuthenticator } from '../services/people';
import { createOidcProvider } from '../services/oidc-provider';
import { providerTokenAuthenticator } from '../services/provider-token-auth';
import type { OidcSettings } from '../config/env';
import { createUnitDirectory } from '../services/unit-directory';
import { createServerApp } from './app';
import { createApiMetrics, serveApiMetrics } from './metrics';

export interface AppDepsOptions {
  sql: Sql;
  temporal: Client;
  taskQueue: string;
  logger: Logger;
  adminToken?: string;
  rateLimitPerMinute?: number;
  webhookAllowedHosts?: string[] | null;
  publicUrl?: string;
  temporalUiUrl?: string | null;
  /** Trusted proxies, sign-in limits, quotas and metrics exposure (config/env.ts securitySettingsFromEnv). */
  security?: Pick<AppDeps, 'trustedProxies' | 'failedAuthPerMinute' | 'webSignInPerMinute' | 'quotas' | 'metrics'>;
  policyFloor?: AppDeps['policyFloor'];
  developmentStack?: boolean;
  /** The identity provider's settings (config/env.ts oidcSettingsFromEnv); null or absent: none. */
  oidc?: OidcSettings | null;
  /** The dashboard's own sign-in (token, one-time link); default on. */
  localSignIn?: boolean;
  edxmlOutbound?: AppDeps['edxmlOutbound'];
  edxmlOrgan?: AppDeps['edxmlOrgan'];
}

export function createAppDeps(o: AppDepsOptions): AppDeps {
  const calendar = createCalendarProvider(o.sql);
  const units = createUnitDirectory(UNITS);
  const oidc = o.oidc ? createOidcProvider(o.oidc) : null;
  const storedTokens = storedTokenAuthenticator(o.sql);
  return {
    sql: o.sql,
    temporal: o.temporal,
    taskQueue: o.taskQueue,
    // The bootstrap admin, then the provider's access tokens (JWTs), then dondoc's own stored tokens.
    authenticate: adminTokenAuthenticator(o.adminToken, oidc ? providerTokenAuthenticator(o.sql, oidc, units, storedTokens) : storedTokens),
    oidc,
    localSignIn: o.localSignIn ?? true,
    rateLimitPerMinute: o.rateLimitPerMinute,
    units,
    calendar: calendar.get,
    invalidateCalendar: calendar.invalidate,
    logger: o.logger,
    coordinatorUnit: 'vpcp',
    webhookAllowedHosts: o.webhookAllowedHosts,
    publicUrl: o.publicUrl,
    temporalUiUrl: o.temporalUiUrl ?? null,
    policyFloor: o.policyFloor ?? PRODUCTION_POLICY_FLOOR,
    developmentStack: o.developmentStack ?? false,
    edxmlOutbound: o.edxmlOutbound ?? null,
    edxmlOrgan: o.edxmlOrgan ?? o.edxmlOutbound?.organ,
    ...o.security,
  };
}

export interface Serving {
  server: ServerType;
  url: string;
  /** The scrape URL on the metrics port (METRICS_PORT); null when metrics have no port of their own. */
  metricsUrl: string | null;
  close(): Promise<void>;
}

/** Serves the app on a port (0: any free one), and metrics on theirs if configured; answers the URLs. */
export async function serveApp(deps: AppDeps, port: number, hostname: string): Promise<Serving> {
  const metrics = createApiMetrics({ sql: deps.sql, units: deps.units });
  const app = createServerApp(deps, metrics);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname }, () => resolve(s));
  });
  const { port: bound } = server.address() as AddressInfo;
  const metricsPort = deps.metrics?.port ?? null;
  const metricsServer =
    metricsPort === null ? null : await serveApiMetrics(metrics, { port: metricsPort, hostname, token: deps.metrics?.token ?? null });
  return {
    server,
    url: `http://${hostname}:${bound}`,
    metricsUrl: metricsServer?.url ?? null,
    close: async () => {
      await metricsServer?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
