/**
 * Fault on the cluster, with two worker processes on one task queue: one is SIGKILLed mid fan-out and the other,
 * without a restart, carries every assignment: the fan-out completes (none lost, none doubled) and an assignment's
 * escalations keep firing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiOnly, syntheticUnits, type ApiOnly } from '../support/api-only';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { eventually } from '../support/eventually';
import { startTestTemporal, type TestTemporal } from '../support/temporal-target';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

const N = 400;
const TASK_QUEUE = 'cluster-two-workers';
let temporal: TestTemporal;
let db: TestDatabase;
let api: ApiOnly;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  [temporal, db] = await Promise.all([startTestTemporal(), createTestDatabase()]);
  const units = syntheticUnits(N);
  api = await startApiOnly({
    databaseUrl: db.url,
    temporalAddress: temporal.address,
    namespace: temporal.namespace,
    taskQueue: TASK_QUEUE,
    units,
  });
  api.deps.policyFloor = { minIntervalMs: 0, demoPoliciesAllowed: true };
  const env = { databaseUrl: db.url, temporalAddress: temporal.address, namespace: temporal.namespace, taskQueue: TASK_QUEUE };
  workers.push(...(await Promise.all([startWorkerProcess(env), startWorkerProcess(env)])));
});

afterAll(async () => {
  for (const w of workers) await w.kill('SIGTERM');
  await api?.close();
  await temporal?.stop();
  await db?.drop();
});

const started = async (taskId: string) =>
  (await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM assignments WHERE task_id = ${taskId} AND version > 0`)[0]!.n;

const escalationCount = async (workflowId: string) =>
  (
    await db.sql<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM assignment_events WHERE workflow_id = ${workflowId} AND kind = 'escalation'`
  )[0]!.n;

describe('two workers, one killed', () => {
  it('the other finishes the fan-out and keeps the ladders going', async () => {
    const units = syntheticUnits(N).map((u) => u.code);
    await api.api('/v1/directives', { id: 'd', number: '1/TWO', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'two workers' });
    const dueAt = new Date(Date.now() + 2_000).toISOString();
    const ladder = await api.api('/v1/directives/d/tasks', {
      id: 'ladder',
      title: 'Escalates every 2 s',
      dueAt,
      assignees: { units: [units[0]] },
      policy: {
        reminders: [],
        escalations: [{ after: { duration: 'PT1S' }, rung: 'coordinator' }],
        repeatTopRungEvery: { duration: 'PT2S' },
      },
    });
    expect(ladder.status).toBe(202);
    const ladderId = `assignment/ladder/${units[0]}`;
    await eventually(async () => expect(await escalationCount(ladderId)).toBeGreaterThanOrEqual(1), 30_000, 200);

    const res = await api.api('/v1/directives/d/tasks', {
      id: 'big',
      title: 'Fan-out under fire',
      dueOn: '2099-12-31',
      assignees: { units },
    });
    expect(res.status).toBe(202);
    await eventually(async () => expect(await started('big')).toBeGreaterThanOrEqual(40), 60_000, 50);
    await workers[0]!.kill('SIGKILL');
    expect(await started('big')).toBeLessThan(N);
    const escalationsAtKill = await escalationCount(ladderId);

    // No new worker: the survivor picks up the killed one's tasks once their timeouts pass.
    await eventually(async () => expect(await started('big')).toBe(N), 180_000, 500);
    const [counts] = await db.sql<{ rows: number; assigned: number; doubled: number }[]>`
      SELECT (SELECT count(*)::int FROM assignments WHERE task_id = 'big') AS rows,
             (SELECT count(*)::int FROM assignment_events WHERE workflow_id LIKE 'assignment/big/%' AND kind = 'assigned') AS assigned,
             (SELECT count(*)::int FROM (SELECT workflow_id FROM assignment_events
                                         WHERE workflow_id LIKE 'assignment/big/%' AND kind = 'assigned'
                                         GROUP BY workflow_id HAVING count(*) > 1) d) AS doubled`;
    expect(counts).toEqual({ rows: N, assigned: N, doubled: 0 });
    await eventually(async () => expect(await escalationCount(ladderId)).toBeGreaterThanOrEqual(escalationsAtKill + 2), 60_000, 250);
    expect(workers[1]!.child.exitCode).toBeNull();
  });
});
