/**
 * The API process of the benchmarks: createApp over DATABASE_URL and TEMPORAL_ADDRESS (no worker), with
 * BENCH_UNITS synthetic units (BENCH_UNIT_DIRECTORY=national: the national directory with levels,
 * syntheticHierarchy, as bench/dataset-national.ts assigns), plus the baseline route GET /bench/bare mounted on the
 * same app. Without TEMPORAL_ADDRESS the Temporal client is lazy (read-only runs: nothing connects). Prints
 * "api listening on <url>" when ready.
 */
import { PRODUCTION_POLICY_FLOOR } from '../domain/policy';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { pino } from 'pino';
import { createServerApp } from '../server/app';
import { adminTokenAuthenticator } from '../services/access';
import type { AppDeps } from '../services/deps';
import { createUnitDirectory } from '../services/unit-directory';
import { createCalendarProvider, seedOfficialCalendars } from '../db/calendars';
import { migrate } from '../db/migrate';
import { createSql } from '../db/sql';
import { syntheticHierarchy, syntheticUnits } from '../data/units/synthetic';
import { BENCH_TOKEN } from './env';
import { DEFAULT_QUOTAS } from '../services/quotas';

const units =
  process.env.BENCH_UNIT_DIRECTORY === 'national' ? syntheticHierarchy() : syntheticUnits(Number(process.env.BENCH_UNITS ?? 2000));

const sql = createSql(process.env.DATABASE_URL!, { max: Number(process.env.BENCH_PG_POOL ?? 10) });
await migrate(sql);
await seedOfficialCalendars(sql);
const connection = process.env.TEMPORAL_ADDRESS ? await Connection.connect({ address: process.env.TEMPORAL_ADDRESS }) : null;
const calendar = createCalendarProvider(sql);
const deps: AppDeps = {
  sql,
  temporal: connection ? new Client({ connection }) : new Client(),
  taskQueue: process.env.TEMPORAL_TASK_QUEUE ?? 'dondoc',
  authenticate: adminTokenAuthenticator(BENCH_TOKEN),
  units: createUnitDirectory(units),
  calendar: calendar.get,
  logger: pino({ level: 'silent' }),
  coordinatorUnit: 'vpcp',
  policyFloor: PRODUCTION_POLICY_FLOOR,
  rateLimitPerMinute: 1_000_000_000,
  // The rest section starts 100,000 in minutes, above the default hourly quota meant for one coordinator.
  quotas: { ...DEFAULT_QUOTAS, assignmentsPerHour: 10_000_000 },
};
const app = createServerApp(deps);
// The baseline: the same Hono app and process, a handler that does nothing.
app.get('/bench/bare', (c) => c.json({ ok: true }));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  process.stdout.write(`api listening on http://127.0.0.1:${info.port}\n`);
});
const stop = () => {
  server.close();
  void (connection?.close() ?? Promise.resolve()).finally(() => sql.end({ timeout: 2 }).finally(() => process.exit(0)));
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
