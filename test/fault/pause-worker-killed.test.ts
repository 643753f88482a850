/**
 * Fault: a coordinator pauses twenty assignments through the API and the worker is SIGKILLed while the pauses are being
 * applied; the caller sends every request again under its Idempotency-Key and a new worker takes over. Each assignment
 * ends paused with exactly one `paused` event and one notice, and each resumes once the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiOnly, syntheticUnits, type ApiOnly } from '../support/api-only';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestTemporal, type TestTemporal } from '../support/temporal-target';
import { eventually } from '../support/eventually';
import { startWorkerProcess } from '../support/worker-process';

const N = 20;
const UNITS = syntheticUnits(N);
let temporal: TestTemporal;
let db: TestDatabase;
let api: ApiOnly;

beforeAll(async () => {
  [temporal, db] = await Promise.all([startTestTemporal(), createTestDatabase()]);
  api = await startApiOnly({
    databaseUrl: db.url,
    temporalAddress: temporal.address,
    namespace: temporal.namespace,
    taskQueue: 'fault-pause',
    units: UNITS,
  });
});

afterAll(async () => {
  await api?.close();
  await temporal?.stop();
  await db?.drop();
});

const countOf = async (kind: string) =>
  (
    await db.sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM assignment_events WHERE workflow_id LIKE 'assignment/waiting/%' AND kind = ${kind}`
  )[0]!.n;

describe('worker killed while pauses are applied', () => {
  it('pauses and resumes each assignment exactly once under repeated requests', async () => {
    const env = { databaseUrl: db.url, temporalAddress: temporal.address, namespace: temporal.namespace, taskQueue: 'fault-pause' };
    const first = await startWorkerProcess(env);
    await api.api('/v1/directives', { id: 'd', number: '2/FAULT', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'fault' });
    const res = await api.api('/v1/directives/d/tasks', {
      id: 'waiting',
      title: 'Waiting on an opinion',
      dueOn: '2099-12-31',
      assignees: { units: UNITS.map((u) => u.code) },
    });
    expect(res.status).toBe(202);
    await eventually(async () => expect(await countOf('assigned')).toBe(N), 60_000, 100);

    const send = (action: 'pause' | 'resume', unit: string) =>
      api.api(
        `/v1/tasks/waiting/assignments/${unit}/${action}`,
        action === 'pause' ? { reason: 'waiting for the Ministry of Finance' } : { note: 'received' },
        { 'idempotency-key': `${action}-${unit}` },
      );
    const pauses = Promise.all(UNITS.map((u) => send('pause', u.code)));
    await eventually(async () => expect(await countOf('paused')).toBeGreaterThanOrEqual(1), 60_000, 20);
    await first.kill('SIGKILL');

    const second = await startWorkerProcess(env);
    try {
      const answers = [...(await pauses), ...(await Promise.all(UNITS.map((u) => send('pause', u.code))))];
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
      expect(await countOf('paused')).toBe(N);
      const rows = await db.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM assignments WHERE task_id = 'waiting' AND paused IS NOT NULL`;
      expect(rows[0]!.n).toBe(N);
      const notices = await db.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM notifications WHERE workflow_id LIKE 'assignment/waiting/%' AND kind = 'paused'`;
      expect(notices[0]!.n).toBe(N);

      const resumed = [
        ...(await Promise.all(UNITS.map((u) => send('resume', u.code)))),
        ...(await Promise.all(UNITS.map((u) => send('resume', u.code)))),
      ];
      expect(resumed.map((a) => a.status)).toEqual(resumed.map(() => 200));
      expect(await countOf('resumed')).toBe(N);
      const still = await db.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM assignments WHERE task_id = 'waiting' AND paused IS NOT NULL`;
      expect(still[0]!.n).toBe(0);
    } finally {
      await second.kill('SIGTERM');
    }
  }, 300_000);
});
