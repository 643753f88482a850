/**
 * The servers a benchmark runs on, all on 127.0.0.1: embedded Postgres under a temp dir (dev/postgres.ts), Temporal
 * CLI dev servers (dev/temporal.ts, in-memory) or, with BENCH_TEMPORAL=cluster, the Temporal server built from source
 * with its four services as processes and its stores in that Postgres (dev/temporal-cluster.ts), worker processes
 * (so their RSS is measurable) and an API process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, readdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from '../db/migrate';
import { createSql, type Sql } from '../db/sql';
import { freePort } from '../worker/ports';
import { startEmbeddedPostgres, type RunningPostgres } from '../dev/postgres';
import { startTemporalDevServer } from '../dev/temporal';
import { startTemporalCluster, TEMPORAL_DATABASE, VISIBILITY_DATABASE } from '../dev/temporal-cluster';
import { workerProcessEnv } from '../config/worker-defaults';

export const REPO = fileURLToPath(new URL('..', import.meta.url));
export const BENCH_TOKEN = 'bench-admin-token-0123456789';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

type Pids = number | readonly number[] | null | undefined;

/** Resident set size of a process in bytes (VmRSS), or null if it is gone; of several, their sum. */
export function rssOf(pid: Pids): Promise<number | null> {
  return statusBytes(pid, 'VmRSS');
}

/** The highest resident set size a process has had since it started (VmHWM), in bytes; of several, their sum. */
export function peakRssOf(pid: Pids): Promise<number | null> {
  return statusBytes(pid, 'VmHWM');
}

async function statusBytes(pid: Pids, field: 'VmRSS' | 'VmHWM'): Promise<number | null> {
  if (Array.isArray(pid)) return sumOf(await Promise.all(pid.map((p) => statusBytes(p, field))));
  if (!pid) return null;
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const m = new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(status);
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

const sumOf = (values: (number | null)[]) => (values.every((v) => v === null) ? null : values.reduce<number>((a, v) => a + (v ?? 0), 0));

/** CPU time (user+system) of a process in seconds, from /proc/<pid>/stat; of several, their sum. */
export async function cpuSecondsOf(pid: Pids): Promise<number | null> {
  if (Array.isArray(pid)) return sumOf(await Promise.all(pid.map(cpuSecondsOf)));
  if (!pid) return null;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** The pid of the Temporal dev server listening on the given port (its argv holds `--port <port>`). */
async function findTemporalPid(port: number): Promise<number | null> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0');
      const i = argv.indexOf('--port');
      if (argv.includes('start-dev') && i >= 0 && argv[i + 1] === String(port)) return Number(entry);
    } catch {
      // gone
    }
  }
  return null;
}

export interface BenchTemporal {
  address: string;
  /** `dev`: the `temporal` CLI dev server (one process, in-memory); `cluster`: the server built from source. */
  engine: 'dev' | 'cluster';
  /** The server's process(es): one for the dev server, the four services of a cluster. */
  pids: number[];
  /** A cluster's services by name with their pids (empty for the dev server). */
  services: Record<string, number>;
  /** Bytes of Temporal's own stores (a cluster's Postgres databases; null for the in-memory dev server). */
  storeBytes(): Promise<{ store: number; visibility: number } | null>;
  stop(): Promise<void>;
}

/** `BENCH_TEMPORAL=cluster`: every section runs on a fresh cluster whose stores live in the bench's Postgres. */
let clusterPostgresUrl: string | null = null;
export function useTemporalCluster(postgresAdminUrl: string): void {
  clusterPostgresUrl = postgresAdminUrl;
}
export const temporalEngine = (): BenchTemporal['engine'] => (clusterPostgresUrl ? 'cluster' : 'dev');

export async function startTemporal(): Promise<BenchTemporal> {
  if (clusterPostgresUrl) return startBenchCluster(clusterPostgresUrl);
  const port = await freePort();
  const server = await startTemporalDevServer({ port, log });
  const pid = await findTemporalPid(port);
  return { address: server.address, engine: 'dev', pids: pid ? [pid] : [], services: {}, storeBytes: async () => null, stop: server.stop };
}

async function startBenchCluster(postgresUrl: string): Promise<BenchTemporal> {
  const admin = createSql(postgresUrl, { max: 1 });
  // Each section measures its own cluster from empty stores.
  for (const name of [TEMPORAL_DATABASE, VISIBILITY_DATABASE]) await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  const dir = await mkdtemp(join(tmpdir(), 'dondoc-bench-cluster-'));
  const cluster = await startTemporalCluster({ dir, postgresUrl, log, logLevel: 'warn' });
  const services = Object.fromEntries([...cluster.processes].map(([name, child]) => [name, child.pid!]));
  return {
    address: cluster.address,
    engine: 'cluster',
    pids: Object.values(services),
    services,
    async storeBytes() {
      const [r] = await admin<{ store: string; visibility: string }[]>`
        SELECT pg_database_size(${TEMPORAL_DATABASE})::text AS store, pg_database_size(${VISIBILITY_DATABASE})::text AS visibility`;
      return { store: Number(r!.store), visibility: Number(r!.visibility) };
    },
    async stop() {
      await cluster.stop();
      await admin.end({ timeout: 5 });
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface BenchPostgres {
  adminUrl: string;
  /** A fresh, migrated database. */
  createDatabase(name: string): Promise<{ url: string; sql: Sql }>;
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<BenchPostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'dondoc-bench-pg-'));
  const pg: RunningPostgres = await startEmbeddedPostgres({ dataDir: dir, log });
  const admin = createSql(pg.url, { max: 1 });
  return {
    adminUrl: pg.url,
    async createDatabase(name) {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.unsafe(`CREATE DATABASE ${name}`);
      const url = new URL(pg.url);
      url.pathname = `/${name}`;
      const sql = createSql(url.toString(), { max: 10 });
      await migrate(sql);
      await sql`CREATE TABLE IF NOT EXISTS bench_marks (id text PRIMARY KEY, scheduled_at timestamptz, recorded_at timestamptz NOT NULL DEFAULT clock_timestamp())`;
      return { url: url.toString(), sql };
    },
    async stop() {
      await admin.end({ timeout: 5 });
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface ChildServer {
  child: ChildProcess;
  pid: number;
  /** The line it printed when ready (e.g. the API's URL). */
  ready: string;
  output(): string;
  stop(): Promise<void>;
}

/** Children still running; killed if the benchmark process exits without stopping them (e.g. on a signal). */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts `node --import tsx <script>` with env and waits for a stdout line matching `readyPattern`. */
export async function startNodeChild(
  script: string,
  env: Record<string, string>,
  readyPattern: RegExp,
  timeoutMs = 90_000,
): Promise<ChildServer> {
  const preload = env.BENCH_PROFILE_FILE ? ['--import', './bench/profile-preload.mjs'] : [];
  const child = spawn(process.execPath, ['--import', 'tsx', ...preload, script], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 20_000) output = output.slice(-10_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const ready = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${output}`)), timeoutMs);
    const onData = () => {
      const m = readyPattern.exec(output);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(m[0]);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}:\n${output}`));
    });
  });
  return {
    child,
    pid: child.pid!,
    ready,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The dondoc worker (worker/main.ts, as `npm run worker` runs it). */
export function startDondocWorker(env: {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  profileFile?: string;
}): Promise<ChildServer> {
  return startNodeChild(
    'worker/main.ts',
    {
      DATABASE_URL: env.databaseUrl,
      TEMPORAL_ADDRESS: env.temporalAddress,
      TEMPORAL_TASK_QUEUE: env.taskQueue,
      // Required of a worker process (links in mail); the bench sends no mail.
      PUBLIC_URL: 'http://127.0.0.1:3000',
      LOG_LEVEL: 'info',
      ...workerProcessEnv(),
      ...(env.profileFile ? { BENCH_PROFILE_FILE: env.profileFile } : {}),
    },
    /worker running/,
  );
}

/** The baseline worker: trivial workflows of bench/workflows.ts on its own task queue. */
export function startTrivialWorker(env: { databaseUrl: string; temporalAddress: string; taskQueue: string }): Promise<ChildServer> {
  return startNodeChild(
    'bench/trivial-worker.ts',
    {
      DATABASE_URL: env.databaseUrl,
      TEMPORAL_ADDRESS: env.temporalAddress,
      TEMPORAL_TASK_QUEUE: env.taskQueue,
      // The same allocator as dondoc's worker: its RSS is the baseline of dondoc's.
      ...workerProcessEnv(),
    },
    /worker running/,
  );
}

/** The API (createApp, no worker) plus the bare baseline route, in its own process: bench/api-server.ts. */
export async function startApiProcess(env: {
  databaseUrl: string;
  /** Absent: no Temporal (read-only runs; the client stays unconnected). */
  temporalAddress?: string;
  taskQueue: string;
  units: number;
  /** 'national': the directory with levels (syntheticHierarchy) instead of `units` flat synthetic units. */
  unitDirectory?: 'flat' | 'national';
}): Promise<ChildServer & { url: string }> {
  const child = await startNodeChild(
    'bench/api-server.ts',
    {
      DATABASE_URL: env.databaseUrl,
      ...(env.temporalAddress ? { TEMPORAL_ADDRESS: env.temporalAddress } : {}),
      TEMPORAL_TASK_QUEUE: env.taskQueue,
      BENCH_UNITS: String(env.units),
      BENCH_UNIT_DIRECTORY: env.unitDirectory ?? 'flat',
    },
    /api listening on http:\/\/127\.0\.0\.1:\d+/,
  );
  return { ...child, url: child.ready.replace('api listening on ', '') };
}

export async function api(url: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Polls `probe` until it returns true, at most `timeoutMs`. */
export async function until(probe: () => Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await sleep(everyMs);
  }
  return false;
}

export const syntheticUnitCodes = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `unit-${String(from + i).padStart(5, '0')}`);
