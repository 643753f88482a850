/**
 * The composition root: given a Postgres URL and a Temporal address, migrate, seed, run the worker and serve
 * the API. `npm start` calls it over the embedded servers; end-to-end tests call it over test servers.
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { pino, type Logger } from 'pino';
import type { AppDeps } from '../services/deps';
import { resumePendingFanouts } from '../services/tasks';
import { seedOfficialCalendars } from '../db/calendars';
import { createAppDeps, serveApp, type AppDepsOptions } from '../server/deps';
import { ensureExecutionSummary } from '../db/execution-summary';
import { migrate } from '../db/migrate';
import { createSql } from '../db/sql';
import { loadDemoSeed } from '../seeds/demo';
import { loadSeeds } from '../seeds/load';
import { createDeliveryConfig, type DeliverySettings } from '../activities/delivery-config';
import { ensureBackgroundWorkflows } from '../worker/background';
import { createWorker } from '../worker/worker';
import type { DeliveryDispatcherInput } from '../workflows/contract';

export interface SystemOptions {
  databaseUrl: string;
  temporalAddress: string;
  namespace?: string;
  taskQueue?: string;
  port?: number;
  hostname?: string;
  adminToken?: string;
  seed?: boolean;
  /** The demo directive (seeds/demo.ts); off unless asked for. */
  seedDemo?: boolean;
  logger?: Logger;
  rateLimitPerMinute?: number;
  /** Email and webhooks; without an SMTP URL, email rows wait in the outbox. */
  delivery?: DeliverySettings;
  digestTime?: string;
  digestTimezone?: string;
  dispatcher?: DeliveryDispatcherInput;
  maxCachedWorkflows?: number;
  workflowHeapMb?: number;
  /** Base of absolute links (default: the API's own address). */
  publicUrl?: string;
  /** The Temporal UI, for links from the dashboard; none when unset. */
  temporalUiUrl?: string | null;
  security?: AppDepsOptions['security'];
  /** The floor for escalation policies (default: POLICY_MIN_INTERVAL_SECONDS / POLICY_DEMO_ALLOWED, else an hour). */
  policyFloor?: AppDepsOptions['policyFloor'];
  /** The identity provider (OIDC_ISSUER and its settings); none when unset. */
  oidc?: AppDepsOptions['oidc'];
  /** The dashboard's own sign-in (token, one-time link); default on. */
  localSignIn?: boolean;
}

export interface RunningSystem {
  apiUrl: string;
  deps: AppDeps;
  stop(): Promise<void>;
}

let runtimeInstalled = false;
/** The Rust core logs warnings (e.g. shutdown races) loudly, and each of the five workers its state changes: keep warnings. */
function quietTemporalRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    // shutdownSignals: [] — the process decides when to stop (Ctrl-C stops the API first, then the worker).
    Runtime.install({
      shutdownSignals: [],
      logger: new DefaultLogger('WARN'),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
    });
  } catch {
    // Already installed by this process (e.g. a test environment): keep that one.
  }
}

export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const logger = options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const namespace = options.namespace ?? 'default';
  const taskQueue = options.taskQueue ?? 'dondoc';
  quietTemporalRuntime();

  const sql = createSql(options.databaseUrl);
  const applied = await migrate(sql);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  await ensureExecutionSummary(sql, () => logger.info('building the execution summary from the event log (once)'));
  await seedOfficialCalendars(sql);

  const workerConnection = await NativeConnection.connect({ address: options.temporalAddress });
  const clientConnection = await Connection.connect({ address: options.temporalAddress });
  const temporal = new Client({ connection: clientConnection, namespace });
  const delivery = createDeliveryConfig(options.delivery);
  const worker = await createWorker({
    connection: workerConnection,
    namespace,
    taskQueue,
    sql,
    client: temporal,
    delivery,
    maxCachedWorkflows: options.maxCachedWorkflows,
    workflowHeapMb: options.workflowHeapMb,
  });
  const workerRun = worker.run();
  workerRun.catch((err) => logger.error({ err }, 'worker stopped with an error'));

  const deps = createAppDeps({
    sql,
    temporal,
    taskQueue,
    logger,
    adminToken: options.adminToken,
    rateLimitPerMinute: options.rateLimitPerMinute,
    webhookAllowedHosts: delivery.webhookAllowedHosts,
    publicUrl: options.publicUrl,
    temporalUiUrl: options.temporalUiUrl ?? null,
    security: options.security,
    policyFloor: options.policyFloor,
    developmentStack: true,
    oidc: options.oidc,
    localSignIn: options.localSignIn,
    edxmlOutbound: delivery.edxmlOutbound,
  });
  const serving = await serveApp(deps, options.port ?? 3000, options.hostname ?? '127.0.0.1');
  const apiUrl = serving.url;
  // Without PUBLIC_URL (tests, `npm start`) links point at this server's own address, never a request's Host.
  deps.publicUrl ??= apiUrl;

  await ensureBackgroundWorkflows(temporal, {
    taskQueue,
    digestTime: options.digestTime,
    digestTimezone: options.digestTimezone,
    dispatcher: options.dispatcher,
  });
  const resumed = await resumePendingFanouts(deps);
  if (resumed) logger.info({ resumed }, 'resumed fan-outs of tasks saved while Temporal was unreachable');
  if (options.seedDemo) await loadDemoSeed(deps);
  if (options.seed ?? true) await loadSeeds(deps);

  let stopping: Promise<void> | null = null;
  return {
    apiUrl,
    deps,
    stop: () =>
      (stopping ??= (async () => {
        await serving.close();
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await workerRun.catch(() => {});
        delivery.mailer?.close();
        await clientConnection.close();
        await workerConnection.close();
        await sql.end({ timeout: 5 });
      })()),
  };
}
