/**
 * Starts the servers every test file shares: one embedded Postgres (each file makes its own database on it)
 * unless DATABASE_URL points at one. Temporal servers are per file: a time-skipping server's clock is global.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../dev/postgres';
import { ensurePythonTools } from '../dev/python-tools';
import { ensureTemporalCli, ensureTemporalTestServer } from '../dev/tools';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // Fetch the Temporal binaries once, before files race for them; and the Python with lxml the EDXML round trip parses
  // with (a no-op once made; a failure to make it fails that test, which names the command, not the whole run).
  await Promise.all([ensureTemporalCli(), ensureTemporalTestServer(), ensurePythonTools().catch(() => null)]);
  if (process.env.DATABASE_URL) {
    project.provide('postgresUrl', process.env.DATABASE_URL);
    return;
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'dondoc-test-pg-'));
  const postgres = await startEmbeddedPostgres({ dataDir });
  project.provide('postgresUrl', postgres.url);
  return async () => {
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
