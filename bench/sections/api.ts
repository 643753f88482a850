/**
 * 4. API: 100,000 assignments in the read model (bench/dataset.ts, bulk-loaded), autocannon with 50 connections
 * against the API process: the list (with filters), the detail, and POST …/complete against real workflows.
 * Baseline: GET /bench/bare mounted on the same app in the same process.
 */
import autocannon from 'autocannon';
import { loadBenchDataset } from '../dataset';
import {
  BENCH_TOKEN,
  api,
  cpuSecondsOf,
  log,
  rssOf,
  sleep,
  startApiProcess,
  startDondocWorker,
  startTemporal,
  type ChildServer,
} from '../env';
import { createTasksViaApi, followCount, note, startedAssignments, type Ctx } from '../common';
import { figure, round } from '../report';

const S = 'api';
const CONNECTIONS = 50;

interface Run {
  name: string;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  rps: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  apiCpuSeconds: number | null;
}

async function cannon(
  name: string,
  url: string,
  o: {
    durationS?: number;
    amount?: number;
    connections?: number;
    method?: 'GET' | 'POST';
    paths: () => string;
    body?: string;
    apiPid: number;
  },
): Promise<Run> {
  const headers = { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json' };
  const cpu0 = await cpuSecondsOf(o.apiPid);
  const result = await autocannon({
    url,
    connections: o.connections ?? CONNECTIONS,
    ...(o.amount ? { amount: o.amount } : { duration: o.durationS ?? 10 }),
    timeout: 30,
    requests: [
      {
        method: o.method ?? 'GET',
        headers,
        ...(o.body ? { body: o.body } : {}),
        setupRequest: (req: any) => ({ ...req, path: o.paths() }),
      },
    ],
  } as autocannon.Options);
  const cpu1 = await cpuSecondsOf(o.apiPid);
  const run: Run = {
    name,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    rps: result.requests.average,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    apiCpuSeconds: cpu0 !== null && cpu1 !== null ? round(cpu1 - cpu0) : null,
  };
  if (o.amount) run.rps = result.duration > 0 ? result.requests.total / result.duration : 0;
  log(`${S}: ${name}: p50 ${run.p50} ms, p99 ${run.p99} ms, ${Math.round(run.rps)} req/s, non-2xx ${run.non2xx}, errors ${run.errors}`);
  return run;
}

export async function runApi(ctx: Ctx): Promise<void> {
  const assignments = ctx.size === 'full' ? 100_000 : 100_000;
  const durationS = ctx.size === 'full' ? 30 : 10;
  const completeN = ctx.size === 'full' ? 1000 : 300;
  const temporal = await startTemporal();
  const db = await ctx.pg.createDatabase('bench_api');
  const children: ChildServer[] = [];
  try {
    const dataset = await loadBenchDataset(db.sql, { assignments });
    note(
      ctx,
      S,
      `loaded ${assignments.toLocaleString('en-US')} assignments (${dataset.taskIds.length} tasks, ${dataset.directiveIds.length} directives, events + notifications) with loadBenchDataset in ${(dataset.loadMs / 1000).toFixed(1)} s; statuses ${JSON.stringify(dataset.statusCounts)}.`,
    );
    const env = { databaseUrl: db.url, temporalAddress: temporal.address };
    const [worker, apiProc] = await Promise.all([
      startDondocWorker({ ...env, taskQueue: 'dondoc' }),
      startApiProcess({ ...env, taskQueue: 'dondoc', units: 2000 }),
    ]);
    children.push(worker, apiProc);
    const url = apiProc.url;

    // Real workflows for POST …/complete: one task to completeN units through the API.
    const t0 = performance.now();
    await createTasksViaApi(url, { directiveId: 'cmp', taskPrefix: 'cmp', n: completeN, dueOn: '2099-12-31' });
    const started = await followCount(() => startedAssignments(db.sql, 'cmp'), completeN, t0, 300_000);
    if (started.doneMs === null) throw new Error(`only ${started.last}/${completeN} workflows started for the complete benchmark`);

    const listPaths = [
      '/v1/assignments?status=overdue&dueAfter=2026-03-01&limit=50',
      '/v1/assignments?unit=unit-00042&status=not_due&limit=50',
      '/v1/assignments?directive=bench-d00003&limit=50',
    ];
    let i = 0;
    const samples = dataset.samples;
    // Warm-up (JIT, Postgres caches, connection pool).
    await cannon('warm-up', url, { durationS: 3, paths: () => listPaths[i++ % listPaths.length]!, apiPid: apiProc.pid });
    const runs: Run[] = [];
    runs.push(await cannon('bare GET /bench/bare', url, { durationS, paths: () => '/bench/bare', apiPid: apiProc.pid }));
    for (const p of listPaths) runs.push(await cannon(`list GET ${p}`, url, { durationS, paths: () => p, apiPid: apiProc.pid }));
    runs.push(
      await cannon('detail GET /v1/tasks/{task}/assignments/{unit}', url, {
        durationS,
        paths: () => {
          const s = samples[i++ % samples.length]!;
          return `/v1/tasks/${s.taskId}/assignments/${s.unitCode}`;
        },
        apiPid: apiProc.pid,
      }),
    );
    let k = 0;
    runs.push(
      await cannon(`complete POST …/complete (${completeN} live workflows, once each)`, url, {
        amount: completeN,
        method: 'POST',
        body: JSON.stringify({ note: 'done', documentNumber: '1/BENCH' }),
        paths: () => `/v1/tasks/cmp-0/assignments/unit-${String(k++ % completeN).padStart(5, '0')}/complete`,
        apiPid: apiProc.pid,
      }),
    );
    // Profiling evidence: service time without queueing (1 connection, 200 requests each) and the list queries' plans.
    const sequential: Run[] = [];
    sequential.push(await cannon('1-conn bare', url, { amount: 200, connections: 1, paths: () => '/bench/bare', apiPid: apiProc.pid }));
    for (const p of listPaths)
      sequential.push(await cannon(`1-conn list ${p}`, url, { amount: 200, connections: 1, paths: () => p, apiPid: apiProc.pid }));
    sequential.push(
      await cannon('1-conn detail', url, {
        amount: 200,
        connections: 1,
        paths: () => {
          const s = samples[i++ % samples.length]!;
          return `/v1/tasks/${s.taskId}/assignments/${s.unitCode}`;
        },
        apiPid: apiProc.pid,
      }),
    );
    const plans: Record<string, string> = {};
    const listSql = (where: string) =>
      `EXPLAIN (ANALYZE, BUFFERS) SELECT a.*, t.title AS task_title, t.key_task FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE true ${where} ORDER BY a.due_on, a.workflow_id LIMIT 51`;
    for (const [name, where] of [
      ['status=overdue&dueAfter=2026-03-01', `AND a.status = 'overdue' AND a.due_on >= '2026-03-01'`],
      ['unit=unit-00042&status=not_due', `AND a.unit_code = 'unit-00042' AND a.status = 'not_due'`],
      ['directive=bench-d00003', `AND a.directive_id = 'bench-d00003'`],
    ] as const) {
      const rows = await db.sql.unsafe(listSql(where));
      plans[name] = rows.map((r: any) => r['QUERY PLAN']).join('\n');
    }
    const [done] = await db.sql<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM assignments WHERE task_id = 'cmp-0' AND status = 'completed_on_time'`;
    const apiRss = await rssOf(apiProc.pid);
    const check = await api(url, '/v1/assignments?status=overdue&dueAfter=2026-03-01&limit=50');

    const bare = runs[0]!;
    const readRuns = runs.slice(1, 5);
    for (const r of runs) {
      const isRead = r.name.startsWith('list') || r.name.startsWith('detail');
      const label = r.name.replace(/^(\w+) .*$/, '$1');
      const short = r.name.startsWith('list') ? `list ${r.name.split('?')[1]}` : label;
      if (r === bare) continue;
      ctx.figures.push(
        figure({ section: S, name: `${short}: p50`, unit: 'ms', value: r.p50, baseline: bare.p50 }),
        figure({
          section: S,
          name: `${short}: p99`,
          unit: 'ms',
          value: r.p99,
          baseline: bare.p99,
          ...(isRead ? { goal: 'p99 ≤ 50 ms', met: r.p99 <= 50 && r.non2xx === 0 } : {}),
        }),
        figure({ section: S, name: `${short}: throughput`, unit: 'req/s', value: round(r.rps, 0), baseline: round(bare.rps, 0) }),
      );
    }
    ctx.details[S] = {
      assignments,
      connections: CONNECTIONS,
      durationS,
      runs,
      sequential,
      plans,
      completed: done!.n,
      completeN,
      apiRssBytes: apiRss,
      listStatus: check.status,
      listItems: check.body?.items?.length,
    };
    note(
      ctx,
      S,
      `every run: ${CONNECTIONS} connections, ${durationS} s (complete: exactly ${completeN} requests, one per live workflow, each a Temporal update that waits for the recordEvent activity). Non-2xx: ${runs.map((r) => `${r.name.split(' ')[0]} ${r.non2xx}`).join(', ')}. ${done!.n}/${completeN} assignments completed.`,
    );
    note(
      ctx,
      S,
      `API process CPU seconds per run: ${runs.map((r) => `${r.name.split(' ')[0]} ${r.apiCpuSeconds}`).join(', ')}; ${ctx.size === 'small' ? 'the same 100,000-row dataset as full, shorter runs' : ''}`,
    );
    void readRuns;
    note(
      ctx,
      S,
      `service time with 1 connection (no queueing), p50/p99 ms: ${sequential.map((r) => `${r.name.replace('1-conn ', '')} ${r.p50}/${r.p99}`).join('; ')}.`,
    );
    for (const [name, plan] of Object.entries(plans)) {
      const exec = /Execution Time: ([\d.]+) ms/.exec(plan)?.[1];
      const top = plan
        .split('\n')
        .slice(0, 4)
        .map((l) => l.trim())
        .join(' → ');
      note(ctx, S, `plan for list ${name}: execution ${exec} ms; ${top}`);
    }
    await sleep(500);
  } finally {
    for (const c of children.reverse()) await c.stop().catch(() => {});
    await temporal.stop();
    await db.sql.end({ timeout: 5 });
  }
  log(`${S}: done`);
}
