/**
 * Profiles the API's read path as the api section serves it (bench/sections/api.ts): 100,000 assignments loaded
 * with loadBenchDataset, bench/api-server.ts started under the V8 CPU profiler (bench/profile-preload.mjs), then for
 * each URL a warm-up, a fresh profile over an autocannon run (50 connections) and a summary of self time by package
 * and function, plus service time with one connection (no queueing).
 *
 *   npx tsx bench/profile-api.ts [--seconds 8] [--out /tmp/profile-api] [--hold]
 *
 * --hold keeps the stack running afterwards (prints the API and database URLs) for ad hoc requests; Ctrl-C ends it.
 */
import autocannon from 'autocannon';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadBenchDataset } from './dataset';
import { BENCH_TOKEN, log, sleep, startNodeChild, startPostgres, startTemporal } from './env';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    out: { type: 'string', default: '/tmp/profile-api' },
    hold: { type: 'boolean' },
    /** Only the in-process stage timings (no API process, no load). */
    stages: { type: 'boolean' },
  },
});
const seconds = Number(values.seconds);
const out = values.out!;
await mkdir(out, { recursive: true });

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\/\/work\/[^/]+\//, '')
    .replace(/^.*node_modules\//, 'node_modules/')
    .replace(/\?.*$/, '');
const packageOf = (url: string) => {
  const u = shortUrl(url);
  if (!u) return '';
  if (u.startsWith('node_modules/'))
    return u
      .split('/')
      .slice(0, u.startsWith('node_modules/@') ? 3 : 2)
      .join('/');
  if (u.startsWith('node:')) return 'node:' + u.slice(5).split('/')[1];
  return u;
};

/** Self time by package/file and by function, in % of all samples and in ms of CPU per request. */
function summarise(profile: Profile, requests: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const idle = [...selfUs].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((a, [, v]) => a + v, 0);
  const busy = total - idle;
  const byPkg = new Map<string, number>();
  const byFn = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    const name = n.callFrame.functionName || '(anonymous)';
    if (name === '(idle)') continue;
    const pkg = packageOf(n.callFrame.url) || name;
    byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + us);
    const fn = `${name} ${shortUrl(n.callFrame.url)}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + us);
  }
  // Inclusive (self + descendants) time of frames whose function name matches, for the synchronous part of a stage.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at)!;
      const key = `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const top = (m: Map<string, number>, k: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, us]) => ({ name, pctOfBusy: +((us / busy) * 100).toFixed(1), msPerRequest: +(us / 1000 / requests).toFixed(3) }));
  return {
    wallMs: total / 1000,
    busyPct: +((busy / total) * 100).toFixed(1),
    cpuMsPerRequest: +(busy / 1000 / requests).toFixed(3),
    packages: top(byPkg, 25),
    functions: top(byFn, 40),
    inclusive: top(inclusive, 80).filter((e) => !/^\(root\)|^\(program\)/.test(e.name)),
  };
}

/**
 * One request, stage by stage, in this process: the app bench/api-server.ts builds (same deps), asked through
 * app.request (no sockets), against the service call alone, the query alone and the serialisation alone. Medians of
 * `n` sequential runs after a warm-up, in microseconds.
 */
async function stageTimings(databaseUrl: string, temporalAddress: string, samples: { taskId: string; unitCode: string }[]) {
  const { createServerApp } = await import('../server/app');
  const { adminTokenAuthenticator } = await import('../services/access');
  const { createUnitDirectory } = await import('../services/unit-directory');
  const { createCalendarProvider } = await import('../db/calendars');
  const { createSql } = await import('../db/sql');
  const { syntheticUnits } = await import('../data/units/synthetic');
  const { listAssignments, getAssignment } = await import('../services/assignments');
  const { PRODUCTION_POLICY_FLOOR } = await import('../domain/policy');
  const { DEFAULT_QUOTAS } = await import('../services/quotas');
  const { Client, Connection } = await import('@temporalio/client');
  const { pino } = await import('pino');
  const sql = createSql(databaseUrl, { max: 10 });
  const connection = await Connection.connect({ address: temporalAddress });
  const app = createServerApp({
    sql,
    temporal: new Client({ connection }),
    taskQueue: 'dondoc',
    authenticate: adminTokenAuthenticator(BENCH_TOKEN),
    units: createUnitDirectory(syntheticUnits(2000)),
    calendar: createCalendarProvider(sql).get,
    logger: pino({ level: 'silent' }),
    coordinatorUnit: 'vpcp',
    policyFloor: PRODUCTION_POLICY_FLOOR,
    rateLimitPerMinute: 1_000_000_000,
    quotas: DEFAULT_QUOTAS,
  });
  app.get('/bench/bare', (c) => c.json({ ok: true }));
  const admin = { id: 'admin', tokenId: null, role: 'admin' as const, unitCode: null, scope: 'all' as const };
  const headers = { authorization: `Bearer ${BENCH_TOKEN}` };
  const ask = async (path: string) => (await app.request(path, { headers })).text();
  const median = async (n: number, f: (i: number) => Promise<unknown> | unknown) => {
    for (let i = 0; i < 200; i += 1) await f(i);
    const t: number[] = [];
    for (let i = 0; i < n; i += 1) {
      const t0 = performance.now();
      await f(i);
      t.push((performance.now() - t0) * 1000);
    }
    t.sort((a, b) => a - b);
    return Math.round(t[Math.floor(n / 2)]!);
  };
  const filters = { status: 'overdue' as const, dueAfter: '2026-03-01', limit: 50 };
  const page = await listAssignments(sql, admin, filters);
  const [sample] = samples;
  const rows: Record<string, number | string> = {
    'page bytes (list overdue)': Buffer.byteLength(JSON.stringify(page)),
    'app.request GET /bench/bare': await median(2000, () => ask('/bench/bare')),
    'app.request GET /v1/assignments?status=overdue…': await median(1000, () =>
      ask('/v1/assignments?status=overdue&dueAfter=2026-03-01&limit=50'),
    ),
    'listAssignments (query + rows + views)': await median(1000, () => listAssignments(sql, admin, filters)),
    'the same SQL alone, 51 rows (sql.unsafe, a.*)': await median(1000, () =>
      sql.unsafe(
        `SELECT a.*, t.title AS task_title FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE a.status = 'overdue' AND a.due_on >= '2026-03-01' ORDER BY a.due_on, a.workflow_id LIMIT 51`,
      ),
    ),
    'SELECT 1 (one round trip)': await median(1000, () => sql`SELECT 1`),
    'JSON.stringify(page)': await median(1000, () => JSON.stringify(page)),
    'app.request GET detail': await median(1000, () => ask(`/v1/tasks/${sample!.taskId}/assignments/${sample!.unitCode}`)),
    'getAssignment (2 queries + views)': await median(1000, () => getAssignment(sql, admin, sample!.taskId, sample!.unitCode)),
  };
  for (const [k, v] of Object.entries(rows)) log(`stage ${k}: ${v}${k.includes('bytes') ? '' : ' µs'}`);
  await writeFile(join(out, 'stages.json'), JSON.stringify(rows, null, 2));
  await connection.close();
  await sql.end({ timeout: 2 });
}

const pg = await startPostgres();
const temporal = await startTemporal();
const db = await pg.createDatabase('profile_api');
const dataset = await loadBenchDataset(db.sql, { assignments: 100_000 });
log(`loaded ${dataset.assignments} assignments in ${dataset.loadMs} ms`);
if (values.stages) {
  await stageTimings(db.url, temporal.address, dataset.samples);
  await temporal.stop();
  await db.sql.end({ timeout: 5 });
  await pg.stop();
  process.exit(0);
}
const profileFile = join(out, 'current.cpuprofile');
const apiProc = await startNodeChild(
  'bench/api-server.ts',
  {
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: 'dondoc',
    BENCH_UNITS: '2000',
    BENCH_PROFILE_FILE: profileFile,
  },
  /api listening on http:\/\/127\.0\.0\.1:\d+/,
);
const url = apiProc.ready.replace('api listening on ', '');
log(`api at ${url}`);

async function dumpProfile(): Promise<Profile> {
  const before = await stat(profileFile).catch(() => null);
  process.kill(apiProc.pid, 'SIGWINCH');
  for (let i = 0; i < 100; i += 1) {
    await sleep(100);
    const now = await stat(profileFile).catch(() => null);
    if (now && (!before || now.mtimeMs !== before.mtimeMs)) {
      await sleep(200);
      return JSON.parse(await readFile(profileFile, 'utf8')) as Profile;
    }
  }
  throw new Error('no profile written');
}

const run = (paths: () => string, o: { duration?: number; amount?: number; connections?: number }) =>
  autocannon({
    url,
    connections: o.connections ?? 50,
    ...(o.amount ? { amount: o.amount } : { duration: o.duration ?? seconds }),
    requests: [{ method: 'GET', headers: { authorization: `Bearer ${BENCH_TOKEN}` }, setupRequest: (r: any) => ({ ...r, path: paths() }) }],
  } as autocannon.Options);

let i = 0;
const targets: [string, () => string][] = [
  ['bare', () => '/bench/bare'],
  ['list overdue', () => '/v1/assignments?status=overdue&dueAfter=2026-03-01&limit=50'],
  ['list unit', () => '/v1/assignments?unit=unit-00042&status=not_due&limit=50'],
  ['list directive', () => '/v1/assignments?directive=bench-d00003&limit=50'],
  [
    'detail',
    () => {
      const s = dataset.samples[i++ % dataset.samples.length]!;
      return `/v1/tasks/${s.taskId}/assignments/${s.unitCode}`;
    },
  ],
];
await run(targets[1]![1], { duration: 3 });
const report: Record<string, unknown> = {};
for (const [name, paths] of targets) {
  await run(paths, { duration: 1 });
  await dumpProfile(); // discard: the profile restarts here
  const r = await run(paths, {});
  const profile = await dumpProfile();
  await writeFile(join(out, `${name.replace(/ /g, '-')}.cpuprofile`), JSON.stringify(profile));
  const one = await run(paths, { amount: 300, connections: 1 });
  const summary = summarise(profile, r.requests.total);
  report[name] = {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    oneConnection: { p50: one.latency.p50, p99: one.latency.p99, mean: one.latency.average },
    ...summary,
  };
  log(
    `${name}: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms; CPU ${summary.cpuMsPerRequest} ms/request`,
  );
  for (const p of summary.packages.slice(0, 12)) log(`  ${p.name}: ${p.pctOfBusy}% (${p.msPerRequest} ms/req)`);
}
await writeFile(join(out, 'summary.json'), JSON.stringify(report, null, 2));
log(`summary in ${join(out, 'summary.json')}`);

if (values.hold) {
  process.stdout.write(`api ${url}\ndatabase ${db.url}\n`);
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
}
await apiProc.stop();
await temporal.stop();
await db.sql.end({ timeout: 5 });
await pg.stop();
process.exit(0);
