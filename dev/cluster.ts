/**
 * `npm run cluster`: the whole system on one machine, on the engine a deployment uses (docs/deploy.md): Postgres
 * (embedded, or DATABASE_URL's server), the Temporal server built from source with its stores in that Postgres and
 * its four services as separate processes, two dondoc worker processes and the API process. Data lives under
 * .data/cluster/ (or DATA_DIR/cluster), so a second run picks up where the first stopped. Ctrl-C stops it all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { apiEnv, workerEnv, type ClusterSettings } from './cluster-env';
import { stopOnSignals } from './stops';
import { readEnv } from '../config/env';
import { startMailCatcher } from './mail-catcher';
import { startEmbeddedPostgres } from './postgres';
import { stopChild } from './temporal';
import { HISTORY_SHARDS, SERVICES, STANDARD_PORTS, startTemporalCluster } from './temporal-cluster';
import { REPO_ROOT } from './tools';

const DEV_ADMIN_TOKEN = 'dev-admin-token-change-me';
const WORKERS = 2;
const WORKER_METRICS_BASE_PORT = 9464;

interface NodeProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<unknown>;
}

/** A dondoc process (`npm run worker` / `npm run api`), its output prefixed with its name. */
function startNodeProcess(name: string, script: string, env: Record<string, string>, ready: RegExp): Promise<NodeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((r) => child.once('exit', r));
  return new Promise((resolvePromise, reject) => {
    let seen = '';
    let isReady = false;
    const forward = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (!isReady) {
        seen += text;
        if (ready.test(seen)) {
          isReady = true;
          resolvePromise({ name, child, exited });
        }
      }
      for (const line of text.split('\n').filter(Boolean)) process.stderr.write(`[${name}] ${line}\n`);
    };
    child.stdout!.on('data', forward);
    child.stderr!.on('data', forward);
    child.once('exit', (code) => {
      if (!isReady) reject(new Error(`${name} exited with code ${code} before it was ready`));
    });
  });
}

async function main(): Promise<void> {
  const env = readEnv();
  const logger = pino({ level: env.LOG_LEVEL });
  const dataDir = resolve(env.DATA_DIR ?? join(REPO_ROOT, '.data'), 'cluster');
  await mkdir(dataDir, { recursive: true });
  const { stops, stopAll } = stopOnSignals(logger);

  try {
    let databaseUrl = env.DATABASE_URL;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port: 5434, log: (s) => logger.info(s) });
      stops.push(pg.stop);
      databaseUrl = pg.url;
    }
    const cluster = await startTemporalCluster({
      dir: join(dataDir, 'temporal'),
      postgresUrl: databaseUrl,
      ports: STANDARD_PORTS,
      log: (s) => logger.info(s),
    });
    stops.push(cluster.stop);

    let smtpUrl = env.SMTP_URL;
    let mailPage: string | null = null;
    if (!smtpUrl) {
      const catcher = await startMailCatcher({ smtpPort: 0, webPort: env.MAIL_CATCHER_PORT });
      stops.push(catcher.stop);
      smtpUrl = catcher.smtpUrl;
      mailPage = catcher.webUrl;
    }
    const adminToken = env.ADMIN_TOKEN ?? DEV_ADMIN_TOKEN;
    const apiUrl = `http://127.0.0.1:${env.PORT}`;
    const settings: ClusterSettings = {
      databaseUrl,
      temporalAddress: cluster.address,
      namespace: cluster.namespace,
      smtpUrl,
      publicUrl: env.PUBLIC_URL ?? apiUrl,
      adminToken,
      port: env.PORT,
      workerMetricsBasePort: WORKER_METRICS_BASE_PORT,
    };
    const children: NodeProcess[] = [];
    // Stopped before the cluster: the API first (no new work), then the workers (SIGTERM lets them finish tasks).
    stops.push(async () => {
      for (const p of [...children].reverse()) await stopChild(p.child, p.exited, 20_000);
    });
    const workers = await Promise.all(
      Array.from({ length: WORKERS }, (_, i) =>
        startNodeProcess(`worker-${i + 1}`, 'worker/main.ts', workerEnv(settings, i), /worker running/),
      ),
    );
    children.push(...workers);
    // The API process (`npm run api`); until server/main.ts exists, `npm start`'s composition over this cluster.
    const apiScript = existsSync(join(REPO_ROOT, 'server', 'main.ts')) ? 'server/main.ts' : 'dev/start.ts';
    const api = await startNodeProcess('api', apiScript, apiEnv(settings), /listening|dondoc is running|api running/i);
    children.push(api);

    const lines = [
      '',
      'dondoc is running on a Temporal cluster',
      `  Dashboard    ${apiUrl}/web`,
      `  API          ${apiUrl}/v1   (Authorization: Bearer ${env.ADMIN_TOKEN ? '<ADMIN_TOKEN>' : adminToken})`,
      `  API docs     ${apiUrl}/docs`,
      `  Health       ${apiUrl}/healthz`,
      `  Metrics      ${apiUrl}/metrics; workers on ${workers.map((_, i) => `:${WORKER_METRICS_BASE_PORT + i}`).join(' ')} /metrics`,
      `  Temporal     ${cluster.address} (v${cluster.tools.version}; ${SERVICES.join(', ')} as processes; ${HISTORY_SHARDS} shards;` +
        ` metrics on ${Object.values(cluster.ports.metrics).join(', ')})`,
      `  Workers      ${WORKERS} processes`,
      `  Mail         ${mailPage ?? '(sent through SMTP_URL)'}`,
      `  Data         ${env.DATABASE_URL ? '(external Postgres)' : dataDir}`,
      'Press Ctrl-C to stop.',
      '',
    ];
    process.stdout.write(lines.join('\n'));
  } catch (err) {
    logger.error({ err }, 'cluster start failed');
    await stopAll();
    process.exit(1);
  }
}

void main();
