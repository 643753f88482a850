/**
 * A Temporal cluster on one machine, as a deployment runs it: the server built from go.temporal.io/server
 * (dev/temporal-server.ts), its default and visibility stores in Postgres (their own databases, created and
 * migrated by temporal-sql-tool), and the frontend, history, matching and worker services as separate processes.
 * `npm run cluster` (dev/cluster.ts) and the cluster tests (test/cluster/) start it through here.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import postgres from 'postgres';
import { createServer as createNetServer } from 'node:net';
import { isListening } from '../worker/ports';
import { stopChild } from './temporal';
import { REPO_ROOT } from './tools';
import { ensureTemporalServer, type TemporalServerTools } from './temporal-server';

const run = promisify(execFile);

/**
 * History shards: fixed when the cluster's stores are first written, never changeable after (docs/deploy.md
 * explains the choice for 1,000,000 open assignments).
 */
export const HISTORY_SHARDS = 512;
export const TEMPORAL_DATABASE = 'temporal';
export const VISIBILITY_DATABASE = 'temporal_visibility';
export const SERVICES = ['frontend', 'history', 'matching', 'worker'] as const;
export type TemporalService = (typeof SERVICES)[number];
/** Namespace retention: closed assignments' histories are kept this long (dondoc's own tables keep the record). */
const RETENTION = '30 days';

export interface ClusterPorts {
  frontend: number;
  frontendHttp: number;
  history: number;
  matching: number;
  worker: number;
  membership: Record<TemporalService, number>;
  metrics: Record<TemporalService, number>;
}

/** The ports `npm run cluster` uses: the usual Temporal ones, so tools pointed at 127.0.0.1:7233 find it. */
export const STANDARD_PORTS: ClusterPorts = {
  frontend: 7233,
  frontendHttp: 7243,
  history: 7234,
  matching: 7235,
  worker: 7239,
  membership: { frontend: 6933, history: 6934, matching: 6935, worker: 6939 },
  metrics: { frontend: 8000, history: 8001, matching: 8002, worker: 8003 },
};

/** Temporal stores a service's port in a smallint column (cluster_membership.rpc_port): the ports must stay below 32768. */
async function freeLowPort(taken: Set<number>): Promise<number> {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (taken.has(port) || (await isListening(port))) continue;
    const free = await new Promise<boolean>((resolve) => {
      const server = createNetServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) {
      taken.add(port);
      return port;
    }
  }
}

export async function freeClusterPorts(): Promise<ClusterPorts> {
  const taken = new Set<number>();
  const port = () => freeLowPort(taken);
  const forEach = async () => ({ frontend: await port(), history: await port(), matching: await port(), worker: await port() });
  return {
    frontend: await port(),
    frontendHttp: await port(),
    history: await port(),
    matching: await port(),
    worker: await port(),
    membership: await forEach(),
    metrics: await forEach(),
  };
}

export interface PostgresServer {
  host: string;
  port: number;
  user: string;
  password: string;
}

export function postgresServerOf(url: string): PostgresServer {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
}

export interface ClusterOptions {
  /** Where the rendered configs and the services' logs go. */
  dir: string;
  /** Any URL of the Postgres server that holds Temporal's databases (they are created on it if missing). */
  postgresUrl: string;
  ports?: ClusterPorts;
  namespace?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  log?: (line: string) => void;
  startTimeoutMs?: number;
}

export interface RunningCluster {
  address: string;
  namespace: string;
  ports: ClusterPorts;
  tools: TemporalServerTools;
  processes: Map<TemporalService, ChildProcess>;
  stop(): Promise<void>;
}

function sqlToolArgs(pg: PostgresServer, database: string): string[] {
  return ['--plugin', 'postgres12', '--ep', pg.host, '-p', String(pg.port), '-u', pg.user, '--pw', pg.password, '--db', database];
}

/** Creates Temporal's two databases when missing, then brings both schemas to the version the server needs. */
export async function migrateTemporalStores(tools: TemporalServerTools, postgresUrl: string, log: (l: string) => void): Promise<void> {
  const pg = postgresServerOf(postgresUrl);
  const adminUrl = new URL(postgresUrl);
  adminUrl.pathname = '/postgres';
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  try {
    for (const [database, schema] of [
      [TEMPORAL_DATABASE, 'temporal'],
      [VISIBILITY_DATABASE, 'visibility'],
    ] as const) {
      const args = sqlToolArgs(pg, database);
      const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${database}`;
      if (!exists) {
        log(`creating Temporal's ${schema} store in database ${database}`);
        await run(tools.sqlTool, [...args, 'create-database']);
        await run(tools.sqlTool, [...args, 'setup-schema', '-v', '0.0']);
      }
      // Idempotent: applies only the versions not yet applied (a server upgrade brings new ones).
      await run(tools.sqlTool, [...args, 'update-schema', '-d', join(tools.postgresSchemaDir, schema, 'versioned')]);
    }
  } finally {
    await admin.end();
  }
}

const TEMPLATE = join(REPO_ROOT, 'config', 'temporal-cluster', 'server.yaml');
const DYNAMIC_CONFIG = join(REPO_ROOT, 'config', 'temporal-cluster', 'dynamicconfig.yaml');

/** Fills the template's ${NAME} placeholders; an unknown one is an error, not an empty string. */
export function renderTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\$\{([A-Z_]+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`config/temporal-cluster/server.yaml: no value for \${${name}}`);
    return String(values[name]);
  });
}

async function renderConfigs(options: ClusterOptions, ports: ClusterPorts): Promise<Record<TemporalService, string>> {
  const template = await readFile(TEMPLATE, 'utf8');
  const pg = postgresServerOf(options.postgresUrl);
  const configDir = join(options.dir, 'config');
  await mkdir(configDir, { recursive: true });
  const files = {} as Record<TemporalService, string>;
  for (const service of SERVICES) {
    const file = join(configDir, `${service}.yaml`);
    await writeFile(
      file,
      renderTemplate(template, {
        LOG_LEVEL: options.logLevel ?? 'warn',
        HISTORY_SHARDS,
        DEFAULT_DATABASE: TEMPORAL_DATABASE,
        VISIBILITY_DATABASE,
        PG_HOST: pg.host,
        PG_PORT: pg.port,
        PG_USER: pg.user,
        PG_PASSWORD: pg.password,
        METRICS_PORT: ports.metrics[service],
        FRONTEND_PORT: ports.frontend,
        FRONTEND_HTTP_PORT: ports.frontendHttp,
        HISTORY_PORT: ports.history,
        MATCHING_PORT: ports.matching,
        WORKER_PORT: ports.worker,
        FRONTEND_MEMBERSHIP_PORT: ports.membership.frontend,
        HISTORY_MEMBERSHIP_PORT: ports.membership.history,
        MATCHING_MEMBERSHIP_PORT: ports.membership.matching,
        WORKER_MEMBERSHIP_PORT: ports.membership.worker,
        DYNAMIC_CONFIG_FILE: DYNAMIC_CONFIG,
      }),
    );
    files[service] = file;
  }
  return files;
}

interface ServiceProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  logFile: string;
  logStream: WriteStream;
}

function startService(tools: TemporalServerTools, service: TemporalService, configFile: string, logDir: string): ServiceProcess {
  const logFile = join(logDir, `${service}.log`);
  const logStream = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(tools.server, ['--config-file', configFile, '--allow-no-auth', 'start', '--service', service], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(logStream, { end: false });
  child.stderr!.pipe(logStream, { end: false });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, logFile, logStream };
}

async function tail(file: string, lines = 20): Promise<string> {
  try {
    const all = (await readFile(file, 'utf8')).trimEnd().split('\n');
    // Server log lines carry whole stack traces: the message is enough here, the log file has the rest.
    return all
      .slice(-lines)
      .map((l) => (l.length > 400 ? `${l.slice(0, 400)}…` : l))
      .join('\n');
  } catch {
    return '';
  }
}

/**
 * Registers the namespace if missing, then waits until every service knows it: a history shard answers NOT_FOUND for
 * a workflow (not for the namespace) and matching describes a task queue in it (workers poll matching).
 */
export async function ensureNamespace(connection: Connection, namespace: string, deadline: number): Promise<void> {
  const service = connection.workflowService;
  try {
    await service.describeNamespace({ namespace });
  } catch {
    try {
      await service.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(RETENTION) });
    } catch (err) {
      if (!/already exists|AlreadyExists/i.test(String(err))) throw err;
    }
  }
  for (;;) {
    try {
      await service.describeTaskQueue({ namespace, taskQueue: { name: 'dondoc-readiness-probe' }, taskQueueType: 1 });
      try {
        await service.describeWorkflowExecution({ namespace, execution: { workflowId: 'dondoc-readiness-probe' } });
      } catch (err) {
        // NOT_FOUND for the workflow, not for the namespace: history knows it.
        if ((err as { code?: number }).code !== 5 || /namespace/i.test(String(err))) throw err;
      }
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`namespace ${namespace} not ready: ${String(err)}`, { cause: err });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

async function waitForClusterMetadata(postgresUrl: string, first: ServiceProcess, deadline: number): Promise<void> {
  const url = new URL(postgresUrl);
  url.pathname = `/${TEMPORAL_DATABASE}`;
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    for (;;) {
      const [row] = await sql`SELECT 1 FROM cluster_metadata_info LIMIT 1`;
      if (row) return;
      if (first.child.exitCode !== null) throw new Error(`temporal frontend exited with code ${first.child.exitCode}`);
      if (Date.now() > deadline) throw new Error('the frontend did not write the cluster metadata');
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await sql.end();
  }
}

export async function startTemporalCluster(options: ClusterOptions): Promise<RunningCluster> {
  const log = options.log ?? (() => {});
  const tools = await ensureTemporalServer(log);
  const ports = options.ports ?? (await freeClusterPorts());
  for (const port of [ports.frontend, ports.history, ports.matching, ports.worker]) {
    if (await isListening(port)) throw new Error(`port ${port} is already in use: stop what holds it (another cluster or \`npm start\`?)`);
  }
  await migrateTemporalStores(tools, options.postgresUrl, log);
  const configs = await renderConfigs(options, ports);
  const logDir = join(options.dir, 'logs');
  await mkdir(logDir, { recursive: true });

  const processes = new Map<TemporalService, ServiceProcess>();
  const stop = async () => {
    // The frontend first (no new requests), the history service last but one (it owns the shards), then the rest.
    for (const service of ['frontend', 'matching', 'worker', 'history'] as const) {
      const p = processes.get(service);
      if (!p) continue;
      await stopChild(p.child, p.exited, 15_000);
      p.logStream.end();
    }
  };
  // The first process to start writes the cluster's metadata; four racing on an empty store can fail that insert, so
  // the frontend goes first and the others follow once the row exists.
  processes.set('frontend', startService(tools, 'frontend', configs.frontend, logDir));
  await waitForClusterMetadata(options.postgresUrl, processes.get('frontend')!, Date.now() + (options.startTimeoutMs ?? 120_000));
  for (const service of SERVICES) {
    if (!processes.has(service)) processes.set(service, startService(tools, service, configs[service], logDir));
  }

  const address = `127.0.0.1:${ports.frontend}`;
  const namespace = options.namespace ?? 'default';
  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  try {
    let connection: Connection | null = null;
    while (!connection) {
      for (const [service, p] of processes) {
        if (p.child.exitCode !== null) throw new Error(`temporal ${service} exited with code ${p.child.exitCode}`);
      }
      try {
        const c = await Connection.connect({ address, connectTimeout: 1000 });
        await c.workflowService.getSystemInfo({});
        connection = c;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`frontend not serving on ${address}: ${String(err)}`, { cause: err });
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    try {
      await ensureNamespace(connection, namespace, deadline);
    } finally {
      await connection.close();
    }
  } catch (err) {
    await stop();
    const logs = await Promise.all(
      SERVICES.map(async (s) => `--- ${s} (${join(logDir, `${s}.log`)})\n${await tail(join(logDir, `${s}.log`), 3)}`),
    );
    throw new Error(`Temporal cluster did not start: ${(err as Error).message}\n${logs.join('\n')}`, { cause: err });
  }
  log(`Temporal cluster v${tools.version} on ${address}: ${SERVICES.join(', ')} as separate processes, ${HISTORY_SHARDS} history shards`);
  return {
    address,
    namespace,
    ports,
    tools,
    processes: new Map([...processes].map(([s, p]) => [s, p.child])),
    stop,
  };
}
