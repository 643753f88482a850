/**
 * The production shape: `npm run api` and `npm run worker` as separate processes against external Postgres and
 * Temporal (here the embedded ones), configured by the environment alone, carry one assignment from assignment
 * to completion; without their required settings, each refuses to start and names what is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTemporalDevServer, type RunningDevServer } from '../../dev/temporal';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { eventually } from '../support/eventually';
import { runNodeProcess, startNodeProcess, type NodeProcess } from '../support/node-process';

const ADMIN_TOKEN = 'prod-shape-admin-token-0123456789';
let temporal: RunningDevServer;
let db: TestDatabase;
let api: NodeProcess;
let worker: NodeProcess;
let apiUrl: string;

const call = async (path: string, body?: unknown) => {
  const res = await fetch(apiUrl + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
};

beforeAll(async () => {
  [temporal, db] = await Promise.all([startTemporalDevServer({}), createTestDatabase()]);
  const env = {
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: `prod-${process.pid}`,
    ADMIN_TOKEN,
    PUBLIC_URL: 'https://dondoc.example.gov.vn',
    PORT: '0',
    LOG_LEVEL: 'info',
  };
  [worker, api] = await Promise.all([
    startNodeProcess('worker/main.ts', env, 'worker running'),
    startNodeProcess('server/main.ts', env, 'api listening'),
  ]);
  apiUrl = /"url":"(http:\/\/[^"]+)"/.exec(api.output())![1]!;
});

afterAll(async () => {
  await Promise.all([api?.kill('SIGTERM'), worker?.kill('SIGTERM')]);
  await db?.drop();
  await temporal?.stop();
});

describe('npm run api and npm run worker', () => {
  it('carry one assignment through its life as separate processes', async () => {
    expect(
      (
        await call('/v1/directives', {
          id: 'tb-prod',
          number: '1/TB-VPCP',
          issuer: 'Văn phòng Chính phủ',
          issuedOn: '2026-11-20',
          title: 'Production shape',
        })
      ).status,
    ).toBe(201);
    const created = await call('/v1/directives/tb-prod/tasks', {
      id: 'prod-task',
      title: 'Report',
      dueOn: '2099-12-31',
      assignees: { units: ['an-giang'] },
    });
    expect(created.status).toBe(202);
    // The worker process starts the workflow; the API process only answers once it runs.
    await eventually(
      async () => expect((await call('/v1/tasks/prod-task/assignments/an-giang/acknowledge', {})).status).toBe(200),
      60_000,
      250,
    );
    const done = await call('/v1/tasks/prod-task/assignments/an-giang/complete', { note: 'sent', documentNumber: '12/BC-UBND' });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('completed_on_time');
    const detail = await call('/v1/tasks/prod-task/assignments/an-giang');
    expect(detail.body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['assigned', 'acknowledged', 'completed']);
  });

  it('each refuses to start without its required settings, naming them', async () => {
    const bare = { PATH: process.env.PATH, HOME: process.env.HOME };
    const apiRun = await runNodeProcess('server/main.ts', { ...bare, DATABASE_URL: db.url, TEMPORAL_ADDRESS: temporal.address });
    expect(apiRun.code, apiRun.output).toBe(2);
    expect(apiRun.output).toContain('missing required settings ADMIN_TOKEN, PUBLIC_URL');
    const workerRun = await runNodeProcess('worker/main.ts', { ...bare });
    expect(workerRun.code, workerRun.output).toBe(2);
    expect(workerRun.output).toContain('missing required settings DATABASE_URL, TEMPORAL_ADDRESS, PUBLIC_URL');
  });
});
