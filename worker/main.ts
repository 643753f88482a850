/**
 * A standalone worker process for deployments that run the worker apart from the API
 * (`npm run worker` with DATABASE_URL and TEMPORAL_ADDRESS set).
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { pino } from 'pino';
import { createDeliveryConfig } from '../activities/delivery-config';
import { deliverySettingsFromEnv, dispatcherFromEnv, readEnv } from '../config/env';
import { requireSettings } from '../config/required';
import { ensureBackgroundWorkflows } from './background';
import { ensureExecutionSummary } from '../db/execution-summary';
import { migrate } from '../db/migrate';
import { createSql } from '../db/sql';
import { createWorkerMetrics, installRuntimeWithMetrics, serveWorkerMetrics } from './metrics';
import { createWorker } from './worker';

const env = readEnv();
requireSettings(env, 'worker');
const logger = pino({ level: env.LOG_LEVEL });
// The runtime (with the SDK's metrics exporter) must be installed before the first connection.
const metrics =
  env.WORKER_METRICS_PORT === undefined ? null : { ...createWorkerMetrics(), sdkMetricsPort: await installRuntimeWithMetrics() };
const sql = createSql(env.DATABASE_URL!);
await migrate(sql);
await ensureExecutionSummary(sql, () => logger.info('building the execution summary from the event log (once, after the upgrade)'));
const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS! });
const client = new Client({ connection: await Connection.connect({ address: env.TEMPORAL_ADDRESS! }), namespace: env.TEMPORAL_NAMESPACE });
const delivery = createDeliveryConfig(deliverySettingsFromEnv(env));
const worker = await createWorker({
  connection,
  namespace: env.TEMPORAL_NAMESPACE,
  taskQueue: env.TEMPORAL_TASK_QUEUE,
  sql,
  client,
  delivery,
  maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
  maxConcurrentFanoutBatches: env.WORKER_FANOUT_BATCHES,
  workflowHeapMb: env.WORKER_WORKFLOW_HEAP_MB,
  activityInterceptors: metrics ? [metrics.activityInterceptor] : undefined,
});
await ensureBackgroundWorkflows(client, {
  taskQueue: env.TEMPORAL_TASK_QUEUE,
  digestTime: env.DIGEST_TIME,
  digestTimezone: env.DIGEST_TIMEZONE,
  dispatcher: dispatcherFromEnv(env),
});
const metricsServer = metrics ? await serveWorkerMetrics({ ...metrics, port: env.WORKER_METRICS_PORT! }) : null;
logger.info({ taskQueue: env.TEMPORAL_TASK_QUEUE, metrics: metricsServer?.url }, 'worker running');
await worker.run();
await metricsServer?.close();
await sql.end();
