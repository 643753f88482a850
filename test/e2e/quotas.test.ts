/**
 * Quotas count what is started (issue 29.7): a task's co-operating units and a pass-on's sub-assignments are charged
 * like its leads, and concurrent requests cannot pass a limit together (check and record are one step).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNITS } from '../../data/units';
import { startApiOnly, type ApiOnly } from '../support/api-only';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { ADMIN_TOKEN } from '../support/system';
import { startTestTemporal, type TestTemporal } from '../support/temporal-target';

let temporal: TestTemporal;
let db: TestDatabase;
let api: ApiOnly;

beforeAll(async () => {
  [temporal, db] = await Promise.all([startTestTemporal(), createTestDatabase()]);
  api = await startApiOnly({
    databaseUrl: db.url,
    temporalAddress: temporal.address,
    namespace: temporal.namespace,
    taskQueue: 'quotas',
    units: UNITS,
  });
  expect(
    (await api.api('/v1/directives', { id: 'q', number: '1/QUOTA', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'quotas' })).status,
  ).toBe(201);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await temporal?.stop();
  await db?.drop();
});

async function post(path: string, body: unknown): Promise<{ status: number; retryAfter: string | null; body: any }> {
  const res = await fetch(api.url + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: text ? JSON.parse(text) : null };
}

describe('quotas', () => {
  it('charge a task its co-operating units and a pass-on its sub-assignments', async () => {
    api.deps.quotas = { assignmentsPerHour: 6, schedulesPerHour: 50, feeds: 20 };
    try {
      const led = {
        id: 'q-led',
        title: 'Led',
        dueOn: '2099-12-31',
        assignees: { units: ['an-giang'] },
        coordinatingUnits: ['bo-ca', 'bo-tttt', 'bo-khcn'],
      };
      const created = await post('/v1/directives/q/tasks', led);
      expect(created.status).toBe(202);
      expect(created.body.assignmentCount).toBe(4);
      const [charged] = await db.sql<{ n: number }[]>`SELECT sum(amount)::int AS n FROM quota_charges WHERE kind = 'assignments'`;
      expect(charged!.n).toBe(4);
      // Three more do not fit (4 + 3 > 6); two do.
      const three = {
        children: ['ag-xa-an-phu', 'ag-xa-vinh-hau', 'ag-xa-nhon-hoi'].map((unitCode) => ({ unitCode, dueOn: '2099-11-30' })),
      };
      const refused = await post('/v1/tasks/q-led/assignments/an-giang/sub-assignments', three);
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      const [none] = await db.sql<
        { n: number }[]
      >`SELECT count(*)::int AS n FROM assignments WHERE task_id = 'q-led' AND parent_workflow_id IS NOT NULL`;
      expect(none!.n).toBe(0);
      const two = { children: three.children.slice(0, 2) };
      expect((await post('/v1/tasks/q-led/assignments/an-giang/sub-assignments', two)).status).toBe(202);
      // A repeat starts nothing new, so it is not charged.
      expect((await post('/v1/tasks/q-led/assignments/an-giang/sub-assignments', two)).status).toBe(202);
      const one = { id: 'q-one', title: 'One more', dueOn: '2099-12-31', assignees: { units: ['can-tho'] } };
      const full = await post('/v1/directives/q/tasks', one);
      expect(full.status).toBe(429);
      expect(Number(full.retryAfter)).toBeGreaterThan(0);
    } finally {
      api.deps.quotas = undefined;
    }
  }, 60_000);

  it('let exactly 50 of 70 concurrent schedule creations through', async () => {
    api.deps.quotas = { assignmentsPerHour: 20_000, schedulesPerHour: 50, feeds: 20 };
    try {
      const answers = await Promise.all(
        Array.from({ length: 70 }, (_, i) =>
          post('/v1/directives/q/tasks', {
            id: `q-rec-${i}`,
            title: `Monthly ${i}`,
            deadlineText: 'báo cáo định kỳ hằng tháng',
            assignees: { units: ['an-giang'] },
          }),
        ),
      );
      const created = answers.filter((a) => a.status === 201 || a.status === 202);
      const refused = answers.filter((a) => a.status === 429);
      expect(created).toHaveLength(50);
      expect(refused).toHaveLength(20);
      expect(refused.every((a) => Number(a.retryAfter) > 0)).toBe(true);
      const [tasks] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM tasks WHERE recurring IS NOT NULL`;
      expect(tasks!.n).toBe(50);
    } finally {
      api.deps.quotas = undefined;
    }
  }, 120_000);
});
