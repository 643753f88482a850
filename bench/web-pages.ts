/**
 * Server time of each web dashboard page over a large read model: loads bench/dataset.ts (100,000 assignments by
 * default, BENCH_WEB_ASSIGNMENTS to change) into an embedded Postgres (or DATABASE_URL), signs in one session per
 * role, and times each page in-process through the Hono app (request to last byte of the body, no network),
 * printing the median and p95 of BENCH_WEB_RUNS runs (default 20) against the 200 ms goal, also saved to
 * bench/results/web-pages.md.
 *
 *   npx tsx bench/web-pages.ts
 */
import { PRODUCTION_POLICY_FLOOR } from '../domain/policy';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import { pino } from 'pino';
import { createServerApp } from '../server/app';
import { adminTokenAuthenticator, type Principal } from '../services/access';
import type { AppDeps } from '../services/deps';
import { createUnitDirectory } from '../services/unit-directory';
import { createCalendarProvider, seedOfficialCalendars } from '../db/calendars';
import { migrate } from '../db/migrate';
import { createSql } from '../db/sql';
import { startEmbeddedPostgres } from '../dev/postgres';
import { syntheticUnit } from '../data/units/synthetic';
import { createSession } from '../services/web-sessions';
import { loadBenchDataset } from './dataset';

const ASSIGNMENTS = Number(process.env.BENCH_WEB_ASSIGNMENTS ?? 100_000);
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 20);
const GOAL_MS = 200;

const log = (line: string) => process.stderr.write(`[web-bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

let dataDir: string | null = null;
let stopPg: (() => Promise<void>) | null = null;
let url = process.env.DATABASE_URL;
if (!url) {
  dataDir = await mkdtemp(join(tmpdir(), 'dondoc-web-bench-'));
  const pg = await startEmbeddedPostgres({ dataDir });
  url = pg.url;
  stopPg = () => pg.stop();
}
const sql = createSql(url);
try {
  await migrate(sql);
  await seedOfficialCalendars(sql);
  log(`loading ${ASSIGNMENTS} assignments…`);
  const prefix = `wb${Date.now().toString(36)}`;
  const data = await loadBenchDataset(sql, { assignments: ASSIGNMENTS, prefix });
  log(`loaded in ${data.loadMs} ms: ${data.directiveIds.length} directives, ${data.taskIds.length} tasks, ${data.unitCodes.length} units`);

  const units = data.unitCodes.map(syntheticUnit);
  const calendar = createCalendarProvider(sql);
  const deps: AppDeps = {
    sql,
    temporal: new Client(), // lazy: the pages timed here only read the read model
    taskQueue: 'web-bench',
    authenticate: adminTokenAuthenticator('web-bench-admin-token'),
    units: createUnitDirectory(units),
    calendar: calendar.get,
    logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
    coordinatorUnit: 'vpcp',
    policyFloor: PRODUCTION_POLICY_FLOOR,
    rateLimitPerMinute: 1_000_000_000,
  };
  const app = createServerApp(deps);

  const unitCode = data.unitCodes[7]!;
  const principals: Record<string, Principal> = {
    admin: { id: 'admin', tokenId: null, role: 'admin', unitCode: null, scope: 'all' },
    unit: { id: 'bench-unit', tokenId: null, role: 'unit', unitCode, scope: [unitCode] },
    leader: { id: 'bench-leader', tokenId: null, role: 'leader', unitCode: null, scope: data.unitCodes.slice(0, 50) },
  };
  const cookies: Record<string, string> = {};
  for (const [role, p] of Object.entries(principals)) cookies[role] = `dd_session=${(await createSession(deps, p)).cookie}`;

  const sample = data.samples[0]!;
  const ownSample = { taskId: data.taskIds[Math.floor(data.taskIds.length / 2)]!, unitCode };
  const directive = data.directiveIds[0]!;
  const task = data.taskIds[0]!;
  const pages: [string, string][] = [
    ['admin', '/web/directives'],
    ['admin', '/web/directives?page=1'],
    ['admin', '/web/directives?overdue=1&q=bench'],
    ['admin', `/web/tasks/${task}`],
    ['admin', `/web/tasks/${task}?status=overdue`],
    ['admin', `/web/assignments/${sample.taskId}/${sample.unitCode}`],
    ['admin', '/web/board'],
    ['admin', '/web/reports'],
    ['admin', `/web/reports/${directive}`],
    ['unit', '/web/inbox'],
    ['unit', `/web/assignments/${ownSample.taskId}/${ownSample.unitCode}`],
    ['unit', '/web/directives'],
    ['leader', '/web/board'],
    ['leader', `/web/tasks/${task}`],
    ['admin', `/web/reports/${directive}/report.csv`],
    ['admin', `/web/reports/${directive}/report.xlsx`],
  ];

  const results: { role: string; path: string; status: number; bytes: number; median: number; p95: number }[] = [];
  for (const [role, path] of pages) {
    const times: number[] = [];
    let status = 0;
    let bytes = 0;
    for (let i = 0; i < RUNS + 3; i += 1) {
      const started = performance.now();
      const res = await app.request(path, { headers: { cookie: cookies[role]! } });
      const body = await res.arrayBuffer();
      const ms = performance.now() - started;
      status = res.status;
      bytes = body.byteLength;
      if (i >= 3) times.push(ms); // the first runs warm the plan cache and the JIT
    }
    times.sort((a, b) => a - b);
    const q = (f: number) => times[Math.min(times.length - 1, Math.floor(f * times.length))]!;
    results.push({ role, path, status, bytes, median: q(0.5), p95: q(0.95) });
    log(`${role.padEnd(6)} ${path.padEnd(60)} ${status} median ${q(0.5).toFixed(1)} ms  p95 ${q(0.95).toFixed(1)} ms`);
  }

  const rows = results.map(
    (r) =>
      `| ${r.role} | \`${r.path}\` | ${r.status} | ${(r.bytes / 1024).toFixed(0)} KiB | ${r.median.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.median < GOAL_MS ? 'yes' : 'NO'} |`,
  );
  const table = [
    `Web pages over ${ASSIGNMENTS} assignments (${RUNS} runs each, server time in-process), ${new Date().toISOString()}`,
    '',
    '| role | page | status | size | median ms | p95 ms | median < 200 ms |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  process.stdout.write(table);
  await writeFile(fileURLToPath(new URL('./results/web-pages.md', import.meta.url)), `# dondoc web pages, server time\n\n${table}`);
  const slow = results.filter((r) => r.median >= GOAL_MS && !/report\.(csv|xlsx)$/.test(r.path));
  process.exitCode = slow.length || results.some((r) => r.status !== 200) ? 1 : 0;
} finally {
  await sql.end({ timeout: 5 });
  await stopPg?.();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
