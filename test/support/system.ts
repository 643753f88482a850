/** The whole system (worker + API) on a real Temporal dev server (or the test cluster) and a fresh test database. */
import { pino } from 'pino';
import type { DeliverySettings } from '../../activities/delivery-config';
import type { OidcSettings } from '../../config/env';
import { startSystem, type RunningSystem } from '../../dev/system';
import type { DeliveryDispatcherInput } from '../../workflows/contract';
import { startTestTemporal } from './temporal-target';
import { createTestDatabase } from './database';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const TEST_TEMPORAL_UI_URL = 'http://127.0.0.1:8233';
/** Tests run their ladders on seconds (production floors are an hour). */
export const TEST_POLICY_FLOOR = { minIntervalMs: 0, demoPoliciesAllowed: true };

export interface TestSystem extends RunningSystem {
  /** The test's own database, for commands run against it (e.g. `npm run summary:rebuild`). */
  databaseUrl: string;
  /** fetch against the API with the admin token and JSON. */
  api(
    path: string,
    init?: { method?: string; body?: unknown; token?: string | null; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  shutdown(): Promise<void>;
}

/** Tests send webhooks to loopback only, whatever a test (or the fuzzer) subscribes. */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost'];

export async function startTestSystem(
  options: {
    seed?: boolean;
    seedDemo?: boolean;
    rateLimitPerMinute?: number;
    delivery?: DeliverySettings;
    dispatcher?: DeliveryDispatcherInput;
    taskQueue?: string;
    /** The identity provider (a real Keycloak: test/support/keycloak.ts). */
    oidc?: OidcSettings;
    localSignIn?: boolean;
  } = {},
): Promise<TestSystem> {
  const [temporal, db] = await Promise.all([startTestTemporal(), createTestDatabase()]);
  const system = await startSystem({
    databaseUrl: db.url,
    temporalAddress: temporal.address,
    namespace: temporal.namespace,
    taskQueue: options.taskQueue ?? `e2e-${process.pid}`,
    port: 0,
    adminToken: ADMIN_TOKEN,
    seed: options.seed ?? false,
    seedDemo: options.seedDemo ?? false,
    rateLimitPerMinute: options.rateLimitPerMinute,
    delivery: { webhookAllowedHosts: LOOPBACK_HOSTS, ...options.delivery },
    dispatcher: options.dispatcher,
    policyFloor: TEST_POLICY_FLOOR,
    logger: pino({ level: 'warn' }),
    // As TEMPORAL_UI_URL would set it; the dashboard links each assignment to its workflow there.
    temporalUiUrl: TEST_TEMPORAL_UI_URL,
    oidc: options.oidc,
    localSignIn: options.localSignIn,
  });
  // Tests run policies on seconds.
  return {
    ...system,
    databaseUrl: db.url,
    async api(path, init = {}) {
      const headers: Record<string, string> = { ...(init.headers ?? {}) };
      const token = init.token === undefined ? ADMIN_TOKEN : init.token;
      if (token) headers.authorization = `Bearer ${token}`;
      if (init.body !== undefined) headers['content-type'] ??= 'application/json';
      const res = await fetch(system.apiUrl + path, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers,
        body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON (e.g. the docs page)
      }
      return { status: res.status, body, headers: res.headers };
    },
    async shutdown() {
      await system.stop();
      await temporal.stop();
      await db.drop();
    },
  };
}
