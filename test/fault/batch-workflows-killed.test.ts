/**
 * Fault: the worker is SIGKILLed halfway through the two batch workflows that act on many assignments at once,
 * and a new worker finishes each: the cancel cascade below a parent (issue 19) cancels every open sub-assignment
 * exactly once, even with a second worker stopped (SIGTERM) mid page, and the reorganisation apply (issue 17)
 * moves every open assignment of a dissolved unit exactly once, its application reading completed with every
 * move counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REORGANISATIONS, UNITS } from '../../data/units';
import { startApiOnly, type ApiOnly } from '../support/api-only';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { eventually } from '../support/eventually';
import { startTestTemporal, type TestTemporal } from '../support/temporal-target';
import { startWorkerProcess } from '../support/worker-process';

const TASK_QUEUE = 'fault-batch';
const CHILDREN = 400;
let temporal: TestTemporal;
let db: TestDatabase;
let api: ApiOnly;
let env: { databaseUrl: string; temporalAddress: string; namespace: string; taskQueue: string };

beforeAll(async () => {
  [temporal, db] = await Promise.all([startTestTemporal(), createTestDatabase()]);
  env = { databaseUrl: db.url, temporalAddress: temporal.address, namespace: temporal.namespace, taskQueue: TASK_QUEUE };
  api = await startApiOnly({ ...env, units: UNITS });
  const directive = await api.api('/v1/directives', {
    id: 'fb',
    number: '1/FAULT',
    issuer: 'VPCP',
    issuedOn: '2024-05-06',
    title: 'fault',
  });
  expect(directive.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await temporal?.stop();
  await db?.drop();
});

const count = async (where: ReturnType<TestDatabase['sql']>) =>
  (await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM assignments WHERE ${where}`)[0]!.n;

const eventsPerWorkflow = (kind: string, like: string) =>
  db.sql<{ events: number; workflows: number }[]>`
    SELECT count(*)::int AS events, count(DISTINCT workflow_id)::int AS workflows
    FROM assignment_events WHERE kind = ${kind} AND workflow_id LIKE ${like}`;

describe('worker killed mid batch', () => {
  it('finishes a cancel cascade over 400 sub-assignments, each cancelled once', async () => {
    const csv = [
      'code,nameVi,nameEn,kind,parent,validFrom,headRole,supervisingLeader',
      ...Array.from(
        { length: CHILDREN },
        (_, i) => `fb-div-${i},Phòng ${i},Division ${i},division,an-giang,2024-01-01,Trưởng phòng,Chủ tịch UBND tỉnh`,
      ),
    ].join('\n');
    expect((await api.api('/v1/units/import', { csv })).body.created).toHaveLength(CHILDREN);
    const first = await startWorkerProcess(env);
    const task = await api.api('/v1/directives/fb/tasks', {
      id: 'fb-cascade',
      title: 'Cascade under fire',
      dueOn: '2099-12-31',
      assignees: { units: ['an-giang'] },
    });
    expect(task.status).toBe(202);
    await eventually(async () => expect(await count(db.sql`task_id = 'fb-cascade' AND version > 0`)).toBe(1), 60_000, 200);
    const passed = await api.api('/v1/tasks/fb-cascade/assignments/an-giang/sub-assignments', {
      children: Array.from({ length: CHILDREN }, (_, i) => ({ unitCode: `fb-div-${i}`, dueOn: '2099-12-01' })),
    });
    expect(passed.status).toBe(202);
    await eventually(
      async () => expect(await count(db.sql`task_id = 'fb-cascade' AND parent_workflow_id IS NOT NULL AND version > 0`)).toBe(CHILDREN),
      180_000,
      500,
    );

    const cancelled = () => count(db.sql`task_id = 'fb-cascade' AND parent_workflow_id IS NOT NULL AND status = 'cancelled'`);
    expect((await api.api('/v1/tasks/fb-cascade/assignments/an-giang/cancel', { reason: 'Không còn cần thiết' })).status).toBe(200);
    await eventually(async () => expect(await cancelled()).toBeGreaterThanOrEqual(10), 60_000, 20);
    await first.kill('SIGKILL');
    const afterKill = await cancelled();
    expect(afterKill).toBeLessThan(CHILDREN);

    // A worker told to stop mid page stops within its grace time: it no longer serves the updates in flight, so
    // it cancels the page, which a third worker takes up at once.
    const second = await startWorkerProcess(env);
    await eventually(async () => expect(await cancelled()).toBeGreaterThanOrEqual(afterKill + 10), 120_000, 20);
    await second.kill('SIGTERM');
    // 1 would be the SDK giving up on a clean stop after SHUTDOWN_FORCE_TIME.
    expect(second.child.exitCode).toBe(0);
    expect(await cancelled()).toBeLessThan(CHILDREN);

    const third = await startWorkerProcess(env);
    try {
      await eventually(async () => expect(await cancelled()).toBe(CHILDREN), 120_000, 500);
      const [events] = await eventsPerWorkflow('cancelled', 'assignment/fb-cascade/fb-div-%');
      expect(events).toEqual({ events: CHILDREN, workflows: CHILDREN });
    } finally {
      await third.kill('SIGKILL');
    }
  }, 600_000);

  it("finishes a reorganisation's apply, moving each open assignment once and counting every move", async () => {
    const reorg = REORGANISATIONS.find((r) => r.id === '2025-07-provinces')!;
    const dissolved = [...new Set(reorg.moves.map((m) => m.from))].sort();
    const tasks = Array.from({ length: 8 }, (_, i) => `fb-reorg-${i}`);
    const first = await startWorkerProcess(env);
    for (const id of tasks) {
      const res = await api.api('/v1/directives/fb/tasks', {
        id,
        title: `Task ${id}`,
        dueOn: '2099-05-31',
        assignees: { units: dissolved },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
    }
    const total = tasks.length * dissolved.length;
    await eventually(async () => expect(await count(db.sql`task_id LIKE 'fb-reorg-%' AND version > 0`)).toBe(total), 180_000, 500);

    const applied = await api.api('/v1/reorganisations/2025-07-provinces/apply', {});
    expect(applied.status).toBe(202);
    const moved = () => count(db.sql`task_id LIKE 'fb-reorg-%' AND status = 'reassigned'`);
    await eventually(async () => expect(await moved()).toBeGreaterThanOrEqual(10), 120_000, 20);
    await first.kill('SIGKILL');
    expect(await moved()).toBeLessThan(total);

    const second = await startWorkerProcess(env);
    try {
      const status = await eventually(
        async () => {
          const res = await api.api('/v1/reorganisations/2025-07-provinces/applications/2025-07-provinces', undefined);
          expect(res.body).toMatchObject({ status: 'completed', finished: true });
          return res.body;
        },
        300_000,
        1_000,
      );
      expect(await moved()).toBe(total);
      expect(status).toMatchObject({ total, done: total, failures: [] });
      const [events] = await eventsPerWorkflow('reassigned', 'assignment/fb-reorg-%');
      expect(events).toEqual({ events: total, workflows: total });
      // Each successor holds the task once: merged predecessors fold into one open assignment per task and unit.
      const doubled = await db.sql`
        SELECT task_id, unit_code FROM assignments WHERE task_id LIKE 'fb-reorg-%' GROUP BY 1, 2 HAVING count(*) > 1`;
      expect(doubled).toEqual([]);
      const open = await db.sql<{ unit_code: string }[]>`
        SELECT DISTINCT unit_code FROM assignments WHERE task_id LIKE 'fb-reorg-%' AND status NOT IN ('reassigned', 'cancelled')`;
      expect(open.map((r) => r.unit_code).sort()).toEqual([...new Set(reorg.moves.map((m) => m.to))].sort());
    } finally {
      await second.kill('SIGKILL');
    }
  }, 600_000);
});
