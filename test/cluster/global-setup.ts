/**
 * The cluster suites' shared servers (`npm run test:cluster`): one embedded Postgres holding the test databases and
 * Temporal's stores, and one Temporal cluster (the server built from source, its four services as processes) that
 * every file uses with a namespace of its own (test/support/temporal-target.ts). A small control endpoint lets the
 * Postgres-restart test stop and start that Postgres, which the cluster itself depends on.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../worker/ports';
import { startEmbeddedPostgres, type RunningPostgres } from '../../dev/postgres';
import { startTemporalCluster } from '../../dev/temporal-cluster';
import { ensureTemporalCli } from '../../dev/tools';
import '../support/temporal-target';

export default async function setup(project: TestProject) {
  await ensureTemporalCli();
  const dir = await mkdtemp(join(tmpdir(), 'dondoc-cluster-'));
  // Its own folder: mkdtemp's are private to this user, and Postgres runs as `postgres` when we are root.
  const pgDir = await mkdtemp(join(tmpdir(), 'dondoc-cluster-pg-'));
  const pgPort = await freePort();
  let pg: RunningPostgres = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });
  const cluster = await startTemporalCluster({
    dir: join(dir, 'temporal'),
    postgresUrl: pg.url,
    log: (l) => process.stderr.write(`${l}\n`),
  });

  const control = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method !== 'POST' || url.pathname !== '/postgres/restart') return void res.writeHead(404).end();
    try {
      await pg.stop();
      await new Promise((r) => setTimeout(r, Number(url.searchParams.get('downMs') ?? 0)));
      pg = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });
      res.writeHead(204).end();
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', () => resolve()));

  project.provide('postgresUrl', pg.url);
  project.provide('clusterTemporalAddress', cluster.address);
  project.provide('clusterControlUrl', `http://127.0.0.1:${(control.address() as AddressInfo).port}`);
  return async () => {
    control.close();
    await cluster.stop();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
    await rm(pgDir, { recursive: true, force: true });
  };
}
