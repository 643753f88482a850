/**
 * The Temporal server (`temporal-server`) and its SQL schema tool (`temporal-sql-tool`), built from the Go module
 * go.temporal.io/server and cached under .tools/temporal-server-<version>/. The go command fetches the toolchain
 * the module needs (GOTOOLCHAIN) from the module proxy; the module and build caches are kept per user (below), so a
 * second build reuses them and the schema directories come from the cached module source.
 * The first build takes several minutes (about 8-12 on 2 cores). TEMPORAL_SERVER_PATH / TEMPORAL_SQL_TOOL_PATH /
 * TEMPORAL_SCHEMA_DIR override the built ones. Run directly (`npx tsx dev/temporal-server.ts`) it builds and prints.
 */
import { execFile } from 'node:child_process';
import { access, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { constants } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { TOOLS_DIR } from './tools';

const run = promisify(execFile);

export const TEMPORAL_SERVER_VERSION = '1.32.2';
/** The toolchain go.temporal.io/server v1.32.x declares; fetched by the go command itself. */
const GO_TOOLCHAIN = 'go1.27.3';
const MODULE = 'go.temporal.io/server';

export interface TemporalServerTools {
  version: string;
  server: string;
  sqlTool: string;
  /** schema/postgresql/v12 of the module source: temporal/versioned and visibility/versioned below it. */
  postgresSchemaDir: string;
}

const home = join(TOOLS_DIR, `temporal-server-${TEMPORAL_SERVER_VERSION}`);
/**
 * The Go module and build caches live outside the checkout (DONDOC_GO_CACHE, default ~/.cache/dondoc/go), so a
 * fresh clone on the same machine (CI) relinks in a minute or two instead of compiling the server again.
 */
const goCacheRoot = process.env.DONDOC_GO_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'dondoc', 'go');
const goPath = join(goCacheRoot, 'gopath');
const modCache = join(goPath, 'pkg', 'mod');

function goEnv(gobin: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOTOOLCHAIN: GO_TOOLCHAIN,
    GOPATH: goPath,
    GOMODCACHE: modCache,
    GOCACHE: join(goCacheRoot, 'build-cache'),
    GOBIN: gobin,
    // Writable module cache, so `rm -rf .tools` works; a static binary needs no C toolchain.
    GOFLAGS: '-modcacherw',
    CGO_ENABLED: '0',
  };
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function builtTools(): TemporalServerTools {
  return {
    version: TEMPORAL_SERVER_VERSION,
    server: process.env.TEMPORAL_SERVER_PATH ?? join(home, 'bin', 'temporal-server'),
    sqlTool: process.env.TEMPORAL_SQL_TOOL_PATH ?? join(home, 'bin', 'temporal-sql-tool'),
    postgresSchemaDir:
      process.env.TEMPORAL_SCHEMA_DIR ?? join(modCache, `${MODULE}@v${TEMPORAL_SERVER_VERSION}`, 'schema', 'postgresql', 'v12'),
  };
}

async function build(log: (line: string) => void): Promise<void> {
  await mkdir(join(home, 'bin'), { recursive: true });
  const work = await mkdtemp(join(home, '.gobin-'));
  try {
    const started = Date.now();
    log(
      `dondoc: building the Temporal server v${TEMPORAL_SERVER_VERSION} with ${GO_TOOLCHAIN} into ${home} (first run only, several minutes)`,
    );
    const packages = ['cmd/server', 'cmd/tools/sql'].map((p) => `${MODULE}/${p}@v${TEMPORAL_SERVER_VERSION}`);
    await run('go', ['install', ...packages], { env: goEnv(work), timeout: 60 * 60_000, maxBuffer: 64 * 1024 * 1024 });
    // rename is atomic: a concurrent caller sees either no binary or a whole one.
    await rename(join(work, 'sql'), join(home, 'bin', 'temporal-sql-tool'));
    await rename(join(work, 'server'), join(home, 'bin', 'temporal-server'));
    log(`dondoc: Temporal server built in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

let pending: Promise<TemporalServerTools> | null = null;

/** The server binaries and schema, built on first use. */
export function ensureTemporalServer(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<TemporalServerTools> {
  pending ??= (async () => {
    const tools = builtTools();
    const ready = (await isExecutable(tools.server)) && (await isExecutable(tools.sqlTool));
    if (!ready) await build(log);
    try {
      await access(join(tools.postgresSchemaDir, 'temporal', 'versioned'));
    } catch {
      throw new Error(`Temporal's Postgres schema is missing at ${tools.postgresSchemaDir}; remove ${home} and build again`);
    }
    return tools;
  })();
  pending.catch(() => (pending = null));
  return pending;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const tools = await ensureTemporalServer();
  process.stdout.write(`temporal-server: ${tools.server}\ntemporal-sql-tool: ${tools.sqlTool}\nschema: ${tools.postgresSchemaDir}\n`);
}
