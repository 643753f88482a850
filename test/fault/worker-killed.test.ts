/**
 * Fault: the worker is SIGKILLed halfway through a fan-out of 500. A new worker finishes it: exactly 500
 * assignments, each with one read-model row and one "assigned" event; none lost, none doubled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiOnly, syntheticUnits, type ApiOnly } from '../support/api-only';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestTemporal, type TestTemporal } from '../support/temporal-target';
import { eventually } from '../support/eventually';
import { startWorkerProcess } from '../support/worker-process';

const N = 500;
let temporal: TestTemporal;
let db: TestDatabase;
let api: ApiOnly;

beforeAll(async () => {
  [temporal, db] = await Promise.all([startTestTemporal(), createTestDatabase()]);
  api = await startApiOnly({
    databaseUrl: db.url,
    temporalAddress: temporal.address,
    namespace: temporal.namespace,
    taskQueue: 'fault-kill',
    units: syntheticUnits(N),
  });
});

afterAll(async () => {
  await api?.close();
  await temporal?.stop();
  await db?.drop();
});

const started = async () =>
  (await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM assignments WHERE task_id = 'big' AND version > 0`)[0]!.n;

describe('worker killed mid fan-out', () => {
  it('loses nothing and doubles nothing', async () => {
    const env = { databaseUrl: db.url, temporalAddress: temporal.address, namespace: temporal.namespace, taskQueue: 'fault-kill' };
    const first = await startWorkerProcess(env);
    await api.api('/v1/directives', { id: 'd', number: '1/FAULT', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'fault' });
    const res = await api.api('/v1/directives/d/tasks', {
      id: 'big',
      title: 'Fan-out under fire',
      dueOn: '2099-12-31',
      assignees: { units: syntheticUnits(N).map((u) => u.code) },
    });
    expect(res.status).toBe(202);
    expect(res.body.assignmentCount).toBe(N);
    await eventually(async () => expect(await started()).toBeGreaterThanOrEqual(50), 60_000, 50);
    await first.kill('SIGKILL');
    const atKill = await started();
    expect(atKill).toBeLessThan(N);

    const second = await startWorkerProcess(env);
    try {
      await eventually(async () => expect(await started()).toBe(N), 180_000, 500);
      const [counts] = await db.sql<{ rows: number; workflows: number; assigned: number; doubled: number }[]>`
        SELECT (SELECT count(*)::int FROM assignments WHERE task_id = 'big') AS rows,
               (SELECT count(DISTINCT workflow_id)::int FROM assignment_events WHERE workflow_id LIKE 'assignment/big/%') AS workflows,
               (SELECT count(*)::int FROM assignment_events WHERE workflow_id LIKE 'assignment/big/%' AND kind = 'assigned') AS assigned,
               (SELECT count(*)::int FROM (SELECT workflow_id FROM assignment_events WHERE workflow_id LIKE 'assignment/big/%' AND kind = 'assigned'
                                           GROUP BY workflow_id HAVING count(*) > 1) d) AS doubled`;
      expect(counts).toEqual({ rows: N, workflows: N, assigned: N, doubled: 0 });
      const notices = await db.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM notifications WHERE workflow_id LIKE 'assignment/big/%' AND kind = 'assigned'`;
      expect(notices[0]!.n).toBe(N);
    } finally {
      await second.kill('SIGTERM');
    }
  }, 300_000);
});
