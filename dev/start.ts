/**
 * `npm start`: the whole system on one machine. Embedded Temporal dev server and Postgres (unless
 * TEMPORAL_ADDRESS / DATABASE_URL point elsewhere), migrations, the worker, the API and the seeded
 * directives. Data lives under .data/ (or DATA_DIR), so a second start picks up where the first stopped.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { stopOnSignals } from './stops';
import {
  deliverySettingsFromEnv,
  dispatcherFromEnv,
  localSignInFromEnv,
  oidcSettingsFromEnv,
  policyFloorFromEnv,
  readEnv,
  securitySettingsFromEnv,
} from '../config/env';
import { startMailCatcher } from './mail-catcher';
import { startEmbeddedPostgres } from './postgres';
import { loadDemoSeed } from '../seeds/demo';
import { loadSeeds } from '../seeds/load';
import { startSystem } from './system';
import { startTemporalDevServer } from './temporal';

const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const DEV_ADMIN_TOKEN = 'dev-admin-token-change-me';

async function main(): Promise<void> {
  const env = readEnv();
  const logger = pino({ level: env.LOG_LEVEL });
  const dataDir = resolve(env.DATA_DIR ?? join(REPO_ROOT, '.data'));
  await mkdir(dataDir, { recursive: true });
  const { stops, stopAll } = stopOnSignals(logger);

  try {
    let databaseUrl = env.DATABASE_URL;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port: 5433, log: (s) => logger.info(s) });
      stops.push(pg.stop);
      databaseUrl = pg.url;
    }
    let temporalAddress = env.TEMPORAL_ADDRESS;
    let temporalUi: string | null = null;
    if (!temporalAddress) {
      const temporal = await startTemporalDevServer({
        dbFile: join(dataDir, 'temporal.sqlite'),
        port: 7233,
        uiPort: env.TEMPORAL_UI_PORT ?? 8233,
        log: (s) => logger.info(s),
      });
      stops.push(temporal.stop);
      temporalAddress = temporal.address;
      temporalUi = temporal.uiUrl;
    }
    // Without SMTP_URL, mail goes to a local catcher whose page lists what was sent.
    let smtpUrl = env.SMTP_URL;
    let mailPage: string | null = null;
    if (!smtpUrl) {
      const catcher = await startMailCatcher({ smtpPort: 0, webPort: env.MAIL_CATCHER_PORT });
      stops.push(catcher.stop);
      smtpUrl = catcher.smtpUrl;
      mailPage = catcher.webUrl;
    }
    // The public development token only ever guards the embedded servers on this machine.
    if (!env.ADMIN_TOKEN && (env.DATABASE_URL || env.TEMPORAL_ADDRESS)) {
      throw new Error('ADMIN_TOKEN is required when DATABASE_URL or TEMPORAL_ADDRESS points at a real server');
    }
    const adminToken = env.ADMIN_TOKEN ?? DEV_ADMIN_TOKEN;
    const system = await startSystem({
      databaseUrl,
      temporalAddress,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      port: env.PORT,
      adminToken,
      // Seeds load after the banner: the API answers meanwhile.
      seed: false,
      rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
      logger,
      delivery: deliverySettingsFromEnv(env, smtpUrl),
      digestTime: env.DIGEST_TIME,
      digestTimezone: env.DIGEST_TIMEZONE,
      dispatcher: dispatcherFromEnv(env),
      maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
      workflowHeapMb: env.WORKER_WORKFLOW_HEAP_MB,
      publicUrl: env.PUBLIC_URL,
      temporalUiUrl: env.TEMPORAL_UI_URL ?? temporalUi,
      security: securitySettingsFromEnv(env),
      oidc: oidcSettingsFromEnv(),
      localSignIn: localSignInFromEnv(),
      policyFloor: policyFloorFromEnv(env),
    });
    stops.push(system.stop);
    const lines = [
      '',
      'dondoc is running',
      `  Dashboard    ${system.apiUrl}/web   (sign in with the token below, or a link mailed to a seeded person)`,
      `  API          ${system.apiUrl}/v1   (Authorization: Bearer ${env.ADMIN_TOKEN ? '<ADMIN_TOKEN>' : adminToken})`,
      `  API docs     ${system.apiUrl}/docs   (OpenAPI: ${system.apiUrl}/openapi.json)`,
      `  Health       ${system.apiUrl}/healthz`,
      `  Temporal UI  ${temporalUi ?? '(external Temporal: ' + temporalAddress + ')'}`,
      `  Mail         ${mailPage ?? '(sent through SMTP_URL)'}`,
      `  Data         ${env.DATABASE_URL ? '(external Postgres)' : dataDir}`,
      'Press Ctrl-C to stop.',
      '',
    ];
    process.stdout.write(lines.join('\n'));
    // The demo first: its reminders and escalations begin within a minute, while the documents load.
    if (env.SEED_DEMO === 'true') await loadDemoSeed(system.deps);
    if (env.SEED === 'true') {
      logger.info('loading the seed directives (first start: about a minute)');
      await loadSeeds(system.deps);
    }
  } catch (err) {
    logger.error({ err }, 'start failed');
    await stopAll();
    process.exit(1);
  }
}

void main();
