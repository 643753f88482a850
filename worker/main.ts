/**
 * A standalone worker process for deployments that run the worker apart from the API
 * (`npm run worker` with DATABASE_URL and TEMPORAL_ADDRESS set).
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { pino } from 'pino';
import { createDeliveryConfig } from '../activities/delivery-config';
import { deliverySettingsFromEnv, dispatcherFromEnv, readEnv } from '../config/env';
import { ensureBackgroundWorkflows } from './background';
import { migrate } from '../db/migrate';
import { createSql } from '../db/sql';
import { createWorker } from './worker';

const env = readEnv();
const logger = pino({ level: env.LOG_LEVEL });
if (!env.DATABASE_URL || !env.TEMPORAL_ADDRESS) {
  logger.error('set DATABASE_URL and TEMPORAL_ADDRESS (or use `npm start` for the embedded stack)');
  process.exit(2);
}
const sql = createSql(env.DATABASE_URL);
await migrate(sql);
const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
const client = new Client({ connection: await Connection.connect({ address: env.TEMPORAL_ADDRESS }), namespace: env.TEMPORAL_NAMESPACE });
const delivery = createDeliveryConfig(deliverySettingsFromEnv(env));
const worker = await createWorker({
  connection,
  namespace: env.TEMPORAL_NAMESPACE,
  taskQueue: env.TEMPORAL_TASK_QUEUE,
  sql,
  client,
  delivery,
  maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
});
await ensureBackgroundWorkflows(client, {
  taskQueue: env.TEMPORAL_TASK_QUEUE,
  digestTime: env.DIGEST_TIME,
  digestTimezone: env.DIGEST_TIMEZONE,
  dispatcher: dispatcherFromEnv(env),
});
logger.info({ taskQueue: env.TEMPORAL_TASK_QUEUE }, 'worker running');
await worker.run();
await sql.end();
