/**
 * The national read path (issue 32): the national data set (bench/dataset-national.ts, 100,000 assignments, or
 * 1,000,000 with --size full or BENCH_READ_N) in Postgres, then
 * - the dashboard's pages timed in-process through the Hono app (request to the body's last byte, as
 *   bench/web-pages.ts does): the board (admin and a leader), the directive list, and the grid of the largest task,
 *   each p50/p95 over BENCH_READ_RUNS runs (default 20, after 3 warm-ups) against p95 ≤ 300 ms; baseline: a bare
 *   route on the same app, timed the same way;
 * - the API's list and detail with autocannon at 50 connections against bench/api-server.ts in its own process
 *   (the national directory, no Temporal), as the api section does; baseline: GET /bench/bare on that process;
 * - evidence: each page's service calls timed alone, and EXPLAIN (ANALYZE, BUFFERS) of the pages' and lists' queries.
 */
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { Client } from '@temporalio/client';
import { pino } from 'pino';
import { loadNationalDataset, type NationalDataset } from '../dataset-national';
import { BENCH_TOKEN, cpuSecondsOf, log, startApiProcess, type ChildServer } from '../env';
import { note, type Ctx } from '../common';
import { figure, percentile, round } from '../report';
import { PRODUCTION_POLICY_FLOOR } from '../../domain/policy';
import { toVnDate } from '../../domain/dates';
import { createServerApp } from '../../server/app';
import { seedOfficialCalendars, createCalendarProvider } from '../../db/calendars';
import type { Sql } from '../../db/sql';
import type { Principal } from '../../services/access';
import type { AppDeps } from '../../services/deps';
import { createUnitDirectory } from '../../services/unit-directory';
import { createSession } from '../../services/web-sessions';
import { directivePage, issuers, taskHeading, taskSummaries } from '../../services/dashboard';
import { executionReport, executionTrend } from '../../services/execution-report';
import { listAssignments } from '../../services/assignments';
import { taskProgress } from '../../services/progress';
import { boardFilters, monthCutoffs } from '../../web/board-query';

const S = 'read';
const GOAL_MS = 300;
const CONNECTIONS = 50;

interface PageRun {
  role: string;
  path: string;
  status: number;
  bytes: number;
  p50: number;
  p95: number;
  max: number;
  runs: number[];
  stoppedEarly: boolean;
}

/** A page this far past the goal is timed fewer times: at 1,000,000 one board request takes minutes. */
const HOPELESS_MS = 10 * GOAL_MS;
const HOPELESS_RUNS = 5;

/**
 * Times `runs` requests after `warmups`. A page whose every run is past HOPELESS_MS stops after HOPELESS_RUNS
 * (and after its first slow warm-up): its p95 is then the max of those runs, and `stoppedEarly` says so.
 */
async function timeRequests(fetch: () => Response | Promise<Response>, runs: number, warmups = 3) {
  const times: number[] = [];
  let status = 0;
  let bytes = 0;
  let warm = 0;
  let stoppedEarly = false;
  while (times.length < runs) {
    const t0 = performance.now();
    const res = await fetch();
    const body = await res.arrayBuffer();
    const ms = performance.now() - t0;
    status = res.status;
    bytes = body.byteLength;
    if (warm < warmups) {
      warm = ms > HOPELESS_MS ? warmups : warm + 1;
      continue;
    }
    times.push(ms);
    if (times.length >= HOPELESS_RUNS && Math.min(...times) > HOPELESS_MS && times.length < runs) {
      stoppedEarly = true;
      break;
    }
  }
  return { status, bytes, times, stoppedEarly };
}

async function timed(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return { p50: round(percentile(out, 50)!, 1)!, p95: round(percentile(out, 95)!, 1)! };
}

async function cannon(url: string, path: () => string, o: { durationS: number; connections?: number; amount?: number; apiPid: number }) {
  const cpu0 = await cpuSecondsOf(o.apiPid);
  const r = await autocannon({
    url,
    connections: o.connections ?? CONNECTIONS,
    ...(o.amount ? { amount: o.amount } : { duration: o.durationS }),
    timeout: 30,
    requests: [
      { method: 'GET', headers: { authorization: `Bearer ${BENCH_TOKEN}` }, setupRequest: (req: any) => ({ ...req, path: path() }) },
    ],
  } as autocannon.Options);
  const cpu1 = await cpuSecondsOf(o.apiPid);
  return {
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    rps: o.amount ? (r.duration > 0 ? r.requests.total / r.duration : 0) : r.requests.average,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    apiCpuSeconds: cpu0 !== null && cpu1 !== null ? round(cpu1 - cpu0) : null,
  };
}

async function explain(sql: Sql, query: string): Promise<string> {
  const rows = await sql.unsafe(`EXPLAIN (ANALYZE, BUFFERS) ${query}`);
  return rows.map((r: any) => r['QUERY PLAN']).join('\n');
}

export function readSize(ctx: Pick<Ctx, 'size'>): number {
  const n = Number(process.env.BENCH_READ_N ?? (ctx.size === 'full' ? 1_000_000 : 100_000));
  if (!Number.isInteger(n) || n < 1000) throw new Error(`BENCH_READ_N must be an integer ≥ 1000, not ${process.env.BENCH_READ_N}`);
  return n;
}

export async function runRead(ctx: Ctx): Promise<void> {
  const n = readSize(ctx);
  const runs = Math.max(20, Number(process.env.BENCH_READ_RUNS ?? 20));
  const durationS = ctx.size === 'full' ? 20 : 10;
  const db = await ctx.pg.createDatabase('bench_read');
  const children: ChildServer[] = [];
  try {
    await seedOfficialCalendars(db.sql);
    log(`${S}: loading ${n.toLocaleString('en-US')} assignments with COPY…`);
    const loadLoad = loadavg()[0]!;
    const data = await loadNationalDataset(db.sql, { assignments: n });
    const [sizes] = await db.sql<{ assignments: string; events: string; database: string }[]>`
      SELECT pg_size_pretty(pg_total_relation_size('assignments')) AS assignments,
             pg_size_pretty(pg_total_relation_size('assignment_events')) AS events,
             pg_size_pretty(pg_database_size(current_database())) AS database`;
    log(`${S}: loaded in ${(data.loadMs / 1000).toFixed(1)} s (${data.events.toLocaleString('en-US')} events)`);
    ctx.figures.push(
      figure({
        section: S,
        name: `load ${n.toLocaleString('en-US')} assignments + ${data.events.toLocaleString('en-US')} events (COPY, indexes, VACUUM ANALYZE)`,
        unit: 's',
        value: round(data.loadMs / 1000, 1),
        baseline: null,
        note: `COPY and index builds ${(data.copyMs / 1000).toFixed(1)} s, VACUUM ANALYZE ${(data.vacuumMs / 1000).toFixed(1)} s`,
      }),
    );
    note(
      ctx,
      S,
      `national data set: ${n.toLocaleString('en-US')} assignments (${data.subAssignments.toLocaleString('en-US')} sub-assignments, ${data.cooperating} co-operating, ${data.successors} successors of reassignments) in ${data.taskIds.length.toLocaleString('en-US')} tasks of ${data.directiveIds.length} directives over ${data.unitCodes.length.toLocaleString('en-US')} of ${data.units.length.toLocaleString('en-US')} units; ${data.events.toLocaleString('en-US')} events; loaded in ${(data.loadMs / 1000).toFixed(1)} s (COPY + index builds ${(data.copyMs / 1000).toFixed(1)} s, VACUUM ANALYZE ${(data.vacuumMs / 1000).toFixed(1)} s; 1-min load average ${loadLoad.toFixed(1)} before). Sizes: assignments ${sizes!.assignments}, events ${sizes!.events}, database ${sizes!.database}. Statuses ${JSON.stringify(data.statusCounts)}; tasks per fan-out ${JSON.stringify(data.patterns)}; largest task ${data.largestTaskId} (${data.largestTaskAssignments.toLocaleString('en-US')} assignments).`,
    );

    // ---- the pages, in-process ----
    const calendar = createCalendarProvider(db.sql);
    const deps: AppDeps = {
      sql: db.sql,
      temporal: new Client(), // lazy: the pages only read the read model
      taskQueue: 'read-bench',
      authenticate: async () => null,
      units: createUnitDirectory(data.units),
      calendar: calendar.get,
      logger: pino({ level: 'silent' }),
      coordinatorUnit: 'vpcp',
      policyFloor: PRODUCTION_POLICY_FLOOR,
      rateLimitPerMinute: 1_000_000_000,
    };
    const app = createServerApp(deps);
    app.get('/bench/bare', (c) => c.json({ ok: true }));
    // A leader over ten provinces and five ministries: sees their assignments and everything passed on below them.
    const leaderScope = [
      ...data.units.filter((u) => u.kind === 'province').slice(0, 10),
      ...data.units.filter((u) => u.kind === 'ministry').slice(0, 5),
    ].map((u) => u.code);
    const principals: Record<string, Principal> = {
      admin: { id: 'admin', tokenId: null, role: 'admin', unitCode: null, scope: 'all' },
      leader: { id: 'bench-leader', tokenId: null, role: 'leader', unitCode: null, scope: leaderScope },
    };
    const cookies: Record<string, string> = {};
    for (const [role, p] of Object.entries(principals)) cookies[role] = `dd_session=${(await createSession(deps, p)).cookie}`;
    const largest = data.largestTaskId;
    const pages: [string, string][] = [
      ['admin', '/web/board'],
      ['leader', '/web/board'],
      ['admin', '/web/directives'],
      ['leader', '/web/directives'],
      ['admin', `/web/tasks/${largest}`],
      ['leader', `/web/tasks/${largest}`],
    ];
    const bare = await timeRequests(() => app.request('/bench/bare'), runs);
    const bareP50 = percentile(bare.times, 50)!;
    const bareP95 = percentile(bare.times, 95)!;
    const pageRuns: PageRun[] = [];
    for (const [role, path] of pages) {
      const loadBefore = loadavg()[0]!;
      const r = await timeRequests(() => app.request(path, { headers: { cookie: cookies[role]! } }), runs);
      const run: PageRun = {
        role,
        path,
        status: r.status,
        bytes: r.bytes,
        p50: round(percentile(r.times, 50)!, 1)!,
        p95: round(percentile(r.times, 95)!, 1)!,
        max: round(percentile(r.times, 100)!, 1)!,
        runs: r.times.map((t) => round(t, 1)!),
        stoppedEarly: r.stoppedEarly,
      };
      pageRuns.push(run);
      log(
        `${S}: ${role} ${path}: ${run.status}, ${(run.bytes / 1024).toFixed(0)} KiB, p50 ${run.p50} ms, p95 ${run.p95} ms over ${r.times.length} runs (load ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)})`,
      );
      const label = `${role} ${path.replace(largest, '{largest}')}`;
      ctx.figures.push(
        figure({ section: S, name: `${label}: p50`, unit: 'ms', value: run.p50, baseline: round(bareP50, 2) }),
        figure({
          section: S,
          name: `${label}: p95`,
          unit: 'ms',
          value: run.p95,
          baseline: round(bareP95, 2),
          goal: `p95 ≤ ${GOAL_MS} ms`,
          met: run.p95 <= GOAL_MS && run.status === 200,
          note: `${r.times.length} runs${r.stoppedEarly ? ` (stopped early: every run > ${HOPELESS_MS} ms)` : ''}, status ${run.status}, ${(run.bytes / 1024).toFixed(0)} KiB, max ${run.max} ms`,
        }),
      );
    }
    note(
      ctx,
      S,
      `pages: ${runs} runs each after 3 warm-ups (a page whose every run passes ${HOPELESS_MS} ms stops after ${HOPELESS_RUNS}), in-process (app.request, body read to its end); baseline GET /bench/bare on the same app p50 ${bareP50.toFixed(2)} ms, p95 ${bareP95.toFixed(2)} ms. Leader scope: ${leaderScope.length} units (10 provinces, 5 ministries) and everything below them.`,
    );

    // ---- evidence: the pages' service calls, timed alone (admin unless said) ----
    const admin = principals.admin!;
    const leader = principals.leader!;
    const f = boardFilters(() => undefined, Date.now());
    const q = { assignedFrom: f.assignedFrom, assignedTo: f.assignedTo, asOf: f.asOf, deadline: 'adjusted' as const };
    const first = await directivePage(deps, admin, { offset: 0, limit: 10 });
    const ids = first.rows.map((r) => r.id);
    const evidenceRuns = 5;
    const parts: Record<string, { p50: number; p95: number }> = {
      'board: executionReport by unit (admin)': await timed(3, () => executionReport(deps, admin, { ...q, groupBy: 'unit' })),
      'board: executionTrend, the 12 month ends (admin)': await timed(3, () =>
        executionTrend(
          deps,
          admin,
          q,
          monthCutoffs(f.asOf).map((m) => m.asOf),
        ),
      ),
      'board: executionTrend, the 12 month ends (leader)': await timed(3, () =>
        executionTrend(
          deps,
          leader,
          q,
          monthCutoffs(f.asOf).map((m) => m.asOf),
        ),
      ),
      'board: executionReport by unit (leader)': await timed(3, () => executionReport(deps, leader, { ...q, groupBy: 'unit' })),
      'directives: directivePage (admin)': await timed(evidenceRuns, () => directivePage(deps, admin, { offset: 0, limit: 10 })),
      'directives: directivePage (leader)': await timed(evidenceRuns, () => directivePage(deps, leader, { offset: 0, limit: 10 })),
      'directives: issuers (admin)': await timed(evidenceRuns, () => issuers(deps, admin)),
      'directives: issuers (leader)': await timed(evidenceRuns, () => issuers(deps, leader)),
      'directives: taskSummaries of the first page (admin)': await timed(evidenceRuns, () => taskSummaries(deps, admin, ids)),
      'directives: taskSummaries of the first page (leader)': await timed(evidenceRuns, async () =>
        taskSummaries(
          deps,
          leader,
          (await directivePage(deps, leader, { offset: 0, limit: 10 })).rows.map((r) => r.id),
        ),
      ),
      'task: taskHeading (admin)': await timed(evidenceRuns, () => taskHeading(deps, admin, largest)),
      'task: taskProgress (admin)': await timed(evidenceRuns, () => taskProgress(deps, admin, largest, 30)),
      'task: taskProgress (leader)': await timed(evidenceRuns, () => taskProgress(deps, leader, largest, 30)),
      'task: listAssignments top 200 (admin)': await timed(evidenceRuns, () =>
        listAssignments(db.sql, admin, { task: largest, limit: 200, level: 'top' }),
      ),
      'task: listAssignments below 500 (admin)': await timed(evidenceRuns, () =>
        listAssignments(db.sql, admin, { task: largest, level: 'below', limit: 500 }),
      ),
    };
    note(
      ctx,
      S,
      `service calls alone, p50/p95 ms over ${evidenceRuns} (the execution reports over 3): ${Object.entries(parts)
        .map(([k, v]) => `${k} ${v.p50}/${v.p95}`)
        .join(
          '; ',
        )}. The board runs two at once: the execution report by unit, and the trend (executionTrend: the 12 month-ends in one pass over the spans).`,
    );

    // ---- the API, in its own process ----
    const apiProc = await startApiProcess({ databaseUrl: db.url, taskQueue: 'read-bench', units: 0, unitDirectory: 'national' });
    children.push(apiProc);
    const url = apiProc.url;
    const today = toVnDate(new Date());
    const directive = data.directiveIds[Math.floor(data.directiveIds.length / 2)]!;
    const province = data.units.find((u) => u.kind === 'province')!.code;
    const listPaths = [
      `/v1/assignments?status=overdue&dueAfter=${today.slice(0, 4)}-01-01&limit=50`,
      `/v1/assignments?unit=${province}&status=not_due&limit=50`,
      `/v1/assignments?directive=${directive}&limit=50`,
      `/v1/assignments?limit=50`,
    ];
    let i = 0;
    const samples = data.samples;
    const detail = () => {
      const s = samples[i++ % samples.length]!;
      return `/v1/tasks/${s.taskId}/assignments/${s.unitCode}`;
    };
    await cannon(url, () => listPaths[i++ % listPaths.length]!, { durationS: 3, apiPid: apiProc.pid });
    const apiRuns: Record<string, Awaited<ReturnType<typeof cannon>>> = {};
    apiRuns.bare = await cannon(url, () => '/bench/bare', { durationS, apiPid: apiProc.pid });
    for (const p of listPaths) apiRuns[`list ${p.split('?')[1]}`] = await cannon(url, () => p, { durationS, apiPid: apiProc.pid });
    apiRuns.detail = await cannon(url, detail, { durationS, apiPid: apiProc.pid });
    const b = apiRuns.bare!;
    for (const [name, r] of Object.entries(apiRuns)) {
      log(`${S}: API ${name}: p50 ${r.p50} ms, p99 ${r.p99} ms, ${Math.round(r.rps)} req/s, non-2xx ${r.non2xx}`);
      if (name === 'bare') continue;
      ctx.figures.push(
        figure({ section: S, name: `API ${name}: p50`, unit: 'ms', value: r.p50, baseline: b.p50 }),
        figure({
          section: S,
          name: `API ${name}: p99`,
          unit: 'ms',
          value: r.p99,
          baseline: b.p99,
          goal: 'p99 ≤ 50 ms',
          met: r.p99 <= 50 && r.non2xx === 0 && r.errors === 0,
        }),
        figure({ section: S, name: `API ${name}: throughput`, unit: 'req/s', value: round(r.rps, 0), baseline: round(b.rps, 0) }),
      );
    }
    const sequential: Record<string, Awaited<ReturnType<typeof cannon>>> = {};
    for (const p of listPaths)
      sequential[`list ${p.split('?')[1]}`] = await cannon(url, () => p, { durationS, amount: 200, connections: 1, apiPid: apiProc.pid });
    sequential.detail = await cannon(url, detail, { durationS, amount: 200, connections: 1, apiPid: apiProc.pid });
    note(
      ctx,
      S,
      `API: ${CONNECTIONS} connections, ${durationS} s per run, bench/api-server.ts in its own process (national directory, no Temporal); non-2xx ${Object.entries(
        apiRuns,
      )
        .map(([k, r]) => `${k.split(' ')[0]} ${r.non2xx}`)
        .join(', ')}; API CPU seconds per run ${Object.entries(apiRuns)
        .map(([k, r]) => `${k} ${r.apiCpuSeconds}`)
        .join(', ')}. With 1 connection (service time), p50/p99 ms: ${Object.entries(sequential)
        .map(([k, r]) => `${k} ${r.p50}/${r.p99}`)
        .join('; ')}.`,
    );

    // ---- plans ----
    const plans = await readPlans(db.sql, data, leaderScope, directive, province, today);
    for (const [name, plan] of Object.entries(plans)) {
      const exec = /Execution Time: ([\d.]+) ms/.exec(plan)?.[1];
      note(
        ctx,
        S,
        `plan ${name}: execution ${exec} ms; ${plan
          .split('\n')
          .slice(0, 3)
          .map((l) => l.trim())
          .join(' → ')}`,
      );
    }
    ctx.details[S] = {
      assignments: n,
      dataset: {
        loadMs: data.loadMs,
        copyMs: data.copyMs,
        vacuumMs: data.vacuumMs,
        events: data.events,
        subAssignments: data.subAssignments,
        cooperating: data.cooperating,
        successors: data.successors,
        statusCounts: data.statusCounts,
        patterns: data.patterns,
        tasks: data.taskIds.length,
        directives: data.directiveIds.length,
        largestTaskId: data.largestTaskId,
        largestTaskAssignments: data.largestTaskAssignments,
        sizes,
      },
      runs,
      bare: { p50: bareP50, p95: bareP95 },
      pages: pageRuns,
      serviceCalls: parts,
      api: apiRuns,
      apiSequential: sequential,
      plans,
    };
  } finally {
    for (const c of children.reverse()) await c.stop().catch(() => {});
    await db.sql.end({ timeout: 5 });
  }
  log(`${S}: done`);
}

/** EXPLAIN (ANALYZE, BUFFERS) of the queries behind the pages and the API lists, as the services send them. */
async function readPlans(
  sql: Sql,
  data: NationalDataset,
  scope: string[],
  directive: string,
  province: string,
  today: string,
): Promise<Record<string, string>> {
  const lit = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(',')}]::text[]`;
  const visible = `AND (a.unit_code = ANY(${lit(scope)}) OR a.ancestor_units && ${lit(scope)})`;
  const [last] = await sql<{ task_id: string }[]>`
    SELECT task_id FROM assignments WHERE parent_workflow_id IS NOT NULL ORDER BY task_id DESC LIMIT 1`;
  const lastPassedOn = last?.task_id ?? data.largestTaskId;
  const select = `SELECT a.*, t.title AS task_title, t.title_en AS task_title_en, t.key_task FROM assignments a JOIN tasks t ON t.id = a.task_id`;
  const queries: Record<string, string> = {
    'directive list (leader): directives with a visible assignment': `SELECT d.id FROM directives d WHERE EXISTS (SELECT 1 FROM assignments a WHERE a.directive_id = d.id ${visible}) ORDER BY d.issued_on DESC, d.id OFFSET 0 LIMIT 11`,
    'directive list (admin): the first page': `SELECT d.id FROM directives d ORDER BY d.issued_on DESC, d.id OFFSET 0 LIMIT 11`,
    'directive list (leader): issuers': `SELECT DISTINCT d.issuer FROM directives d WHERE EXISTS (SELECT 1 FROM assignments a WHERE a.directive_id = d.id ${visible}) ORDER BY d.issuer LIMIT 1000`,
    'directive list: the first page’s top-level rows (taskSummaries, admin)': `SELECT a.task_id, a.unit_code, a.status FROM assignments a WHERE a.task_id = ANY(ARRAY(SELECT id FROM tasks WHERE directive_id IN (SELECT id FROM directives ORDER BY issued_on DESC, id LIMIT 10))) AND a.role <> 'cooperating' AND cardinality(a.ancestor_units) = 0`,
    'directive list: a directive’s progress rows (admin)': `SELECT a.workflow_id, a.status, a.due_on, a.completion, a.ancestor_units, a.role FROM assignments a WHERE a.task_id = ANY(ARRAY(SELECT id FROM tasks WHERE directive_id = '${data.directiveIds[0]}')) ORDER BY a.task_id, a.unit_code`,
    'task grid: the task’s rows (taskProgress, admin)': `SELECT a.workflow_id, a.status, a.due_on, a.ancestor_units, a.role FROM assignments a WHERE a.task_id = '${data.largestTaskId}' ORDER BY a.unit_code`,
    // As services/rollups.ts subtreeRows sends it, for the largest task and for the last one passed on (ids that sort late).
    ...Object.fromEntries(
      [data.largestTaskId, lastPassedOn].map((task) => [
        `task grid: sub-assignment tree of ${task === data.largestTaskId ? 'the largest task' : 'the last task passed on'} (rollups subtreeRows)`,
        `WITH RECURSIVE tree AS (
        SELECT workflow_id, unit_code, parent_workflow_id, status, due_on, due_at, note, 1 AS depth, parent_workflow_id AS root
        FROM assignments WHERE parent_workflow_id = ANY(ARRAY(SELECT workflow_id FROM assignments WHERE task_id = '${task}' AND parent_workflow_id IS NULL))
        UNION
        SELECT a.workflow_id, a.unit_code, a.parent_workflow_id, a.status, a.due_on, a.due_at, a.note, t.depth + 1, t.root
        FROM tree t CROSS JOIN LATERAL (
          SELECT c.workflow_id, c.unit_code, c.parent_workflow_id, c.status, c.due_on, c.due_at, c.note
          FROM assignments c WHERE c.parent_workflow_id = t.workflow_id OFFSET 0) a)
      SELECT workflow_id, unit_code, parent_workflow_id, status, due_on, due_at, note, depth, root FROM tree ORDER BY depth, unit_code`,
      ]),
    ),
    'task grid: top 200': `${select} WHERE a.task_id = '${data.largestTaskId}' AND a.parent_workflow_id IS NULL ORDER BY a.due_on, a.workflow_id LIMIT 201`,
    'task grid: below 500': `${select} WHERE a.task_id = '${data.largestTaskId}' AND a.parent_workflow_id IS NOT NULL ORDER BY a.due_on, a.workflow_id LIMIT 501`,
    'API list status=overdue&dueAfter': `${select} WHERE a.status = 'overdue' AND a.due_on >= '${today.slice(0, 4)}-01-01' ORDER BY a.due_on, a.workflow_id LIMIT 51`,
    'API list unit&status': `${select} WHERE a.unit_code = '${province}' AND a.status = 'not_due' ORDER BY a.due_on, a.workflow_id LIMIT 51`,
    'API list directive': `${select} WHERE a.directive_id = '${directive}' ORDER BY a.due_on, a.workflow_id LIMIT 51`,
  };
  const out: Record<string, string> = {};
  for (const [name, query] of Object.entries(queries)) out[name] = await explain(sql, query);
  return out;
}
