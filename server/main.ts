/**
 * `npm run api`: the HTTP server only (API and dashboard), for deployments that run workers apart
 * (`npm run worker`). Configured by the environment alone; refuses to start without its required settings.
 */
import { Client, Connection } from '@temporalio/client';
import { pino } from 'pino';
import {
  edxmlOutboundFromEnv,
  localSignInFromEnv,
  oidcSettingsFromEnv,
  policyFloorFromEnv,
  readEnv,
  securitySettingsFromEnv,
} from '../config/env';
import { requireSettings } from '../config/required';
import { seedOfficialCalendars } from '../db/calendars';
import { ensureExecutionSummary } from '../db/execution-summary';
import { migrate } from '../db/migrate';
import { createSql } from '../db/sql';
import { resumePendingFanouts } from '../services/tasks';
import { createAppDeps, serveApp } from './deps';

const env = readEnv();
requireSettings(env, 'api');
const logger = pino({ level: env.LOG_LEVEL });

const sql = createSql(env.DATABASE_URL!);
await migrate(sql);
await ensureExecutionSummary(sql, () => logger.info('building the execution summary from the event log (once, after the upgrade)'));
await seedOfficialCalendars(sql);
const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS! });
const temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
const deps = createAppDeps({
  sql,
  temporal,
  taskQueue: env.TEMPORAL_TASK_QUEUE,
  logger,
  adminToken: env.ADMIN_TOKEN,
  rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
  webhookAllowedHosts: env.WEBHOOK_ALLOWED_HOSTS
    ? env.WEBHOOK_ALLOWED_HOSTS.split(',')
        .map((h) => h.trim())
        .filter(Boolean)
    : null,
  publicUrl: env.PUBLIC_URL,
  temporalUiUrl: env.TEMPORAL_UI_URL ?? null,
  security: securitySettingsFromEnv(env),
  policyFloor: policyFloorFromEnv(env),
  oidc: oidcSettingsFromEnv(),
  localSignIn: localSignInFromEnv(),
  edxmlOutbound: edxmlOutboundFromEnv(env),
  edxmlOrgan: { organId: env.EDXML_ORGAN_ID, organName: env.EDXML_ORGAN_NAME },
});
const serving = await serveApp(deps, env.PORT, env.HOST);
logger.info({ url: serving.url, metrics: serving.metricsUrl }, 'api listening');
const resumed = await resumePendingFanouts(deps);
if (resumed) logger.info({ resumed }, 'resumed fan-outs of tasks saved while Temporal was unreachable');

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal}: stopping`);
  await serving.close();
  await connection.close();
  await sql.end({ timeout: 5 });
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
