/**
 * Prometheus metrics on the real servers (dev server, Postgres): the API's metrics (on their own port, behind a
 * bearer token) have request durations by route
 * pattern and status and the `dondoc_` gauges read from Postgres at scrape time; a worker process's metrics port
 * has the Temporal SDK's own metrics and dondoc's activity counters. A completion moves the gauges.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNITS } from '../../data/units';
import { freePort } from '../../worker/ports';
import { startTemporalDevServer, type RunningDevServer } from '../../dev/temporal';
import { startApiOnly, type ApiOnly } from '../support/api-only';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { eventually } from '../support/eventually';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

let temporal: RunningDevServer;
let db: TestDatabase;
let api: ApiOnly;
let worker: WorkerProcess;
let workerMetricsUrl: string;
const SCRAPE_TOKEN = 'scrape-token-0123456789';

beforeAll(async () => {
  [temporal, db] = await Promise.all([startTemporalDevServer({}), createTestDatabase()]);
  // As production is told to: metrics on a port of their own, behind a token (METRICS_PORT, METRICS_TOKEN).
  api = await startApiOnly({
    databaseUrl: db.url,
    temporalAddress: temporal.address,
    taskQueue: 'metrics',
    units: UNITS,
    metrics: { onApiPort: false, port: 0, token: SCRAPE_TOKEN },
  });
  const port = await freePort();
  workerMetricsUrl = `http://127.0.0.1:${port}/metrics`;
  worker = await startWorkerProcess({
    databaseUrl: db.url,
    temporalAddress: temporal.address,
    taskQueue: 'metrics',
    extra: { WORKER_METRICS_PORT: String(port) },
  });
});

afterAll(async () => {
  await worker?.kill('SIGTERM');
  await api?.close();
  await temporal?.stop();
  await db?.drop();
});

async function scrape(url: string, token?: string): Promise<string> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

/** The value of one sample, e.g. sample(text, 'dondoc_open_assignments', { status: 'overdue' }); 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => present[k] === v)) total += Number(match[3]);
  }
  return total;
}

describe('metrics', () => {
  it('are not on the API port when they have their own, and their port wants the token', async () => {
    expect((await fetch(`${api.url}/metrics`)).status).toBe(404);
    expect((await fetch(api.metricsUrl!)).status).toBe(401);
    expect((await fetch(api.metricsUrl!.replace(/\/metrics$/, '/v1/me'))).status).toBe(404);
    await scrape(api.metricsUrl!, SCRAPE_TOKEN);
  });

  it('the API and a worker expose Prometheus text, and a completion moves the gauges', async () => {
    await api.api('/v1/directives', { id: 'm', number: '1/METRICS', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'metrics' });
    const dueAt = new Date(Date.now() + 2_000).toISOString();
    const created = await api.api('/v1/directives/m/tasks', {
      id: 'gauged',
      title: 'Report the figures',
      dueAt,
      assignees: { units: ['an-giang', 'can-tho', 'bo-tc'] },
      policy: { reminders: [], escalations: [{ after: { duration: 'PT1S' }, rung: 'unit_head' }], repeatTopRungEvery: null },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(202);

    const overdue = await eventually(
      async () => {
        const text = await scrape(api.metricsUrl!, SCRAPE_TOKEN);
        expect(sample(text, 'dondoc_open_assignments', { status: 'overdue' })).toBe(3);
        expect(sample(text, 'dondoc_open_assignments', { status: 'overdue', escalation_level: '1' })).toBe(3);
        return text;
      },
      30_000,
      250,
    );
    expect(sample(overdue, 'dondoc_overdue_assignments', { unit_kind: 'province' })).toBe(2);
    expect(sample(overdue, 'dondoc_overdue_assignments', { unit_kind: 'ministry' })).toBe(1);
    expect(overdue).toContain('# TYPE dondoc_deliveries gauge');
    expect(overdue).toMatch(/^dondoc_oldest_pending_delivery_age_seconds \d/m);
    expect(
      sample(overdue, 'dondoc_http_request_duration_seconds_count', { method: 'POST', route: '/v1/directives/:id/tasks', status: '202' }),
    ).toBe(1);

    const completed = await api.api('/v1/tasks/gauged/assignments/can-tho/complete', { note: 'done', documentNumber: '1/QĐ-UBND' });
    expect(completed.status).toBe(200);
    const after = await scrape(api.metricsUrl!, SCRAPE_TOKEN);
    expect(sample(after, 'dondoc_open_assignments', { status: 'overdue' })).toBe(2);
    expect(sample(after, 'dondoc_overdue_assignments', { unit_kind: 'province' })).toBe(1);
    expect(
      sample(after, 'dondoc_http_request_duration_seconds_count', {
        route: '/v1/tasks/:taskId/assignments/:unitCode/complete',
        status: '200',
      }),
    ).toBe(1);

    const workerText = await eventually(
      async () => {
        const text = await scrape(workerMetricsUrl);
        expect(sample(text, 'dondoc_activity_executions_total')).toBeGreaterThan(0);
        // The SDK's own metrics, from its runtime telemetry.
        expect(text).toMatch(/^temporal_\w+/m);
        return text;
      },
      30_000,
      500,
    );
    expect(workerText).toContain('# TYPE dondoc_activity_failures_total counter');
    expect(workerText).toMatch(
      /^temporal_workflow_completed_total|^temporal_workflow_task_execution_latency|^temporal_activity_execution_latency/m,
    );
  });
});
