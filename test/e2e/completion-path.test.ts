/**
 * One completion through the API as the benchmark's path sends it (docs/completion-path.md), on the real servers:
 * a request sent again with its Idempotency-Key answers the same and records one event; an expired key is claimed
 * anew, and the workflow still applies the completion once; the answer is the read model as the update left it; the
 * unit's officer of another unit is refused without learning the assignment exists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/system';

let system: TestSystem;
let otherOfficer = '';

beforeAll(async () => {
  system = await startTestSystem();
  expect(
    (
      await system.api('/v1/directives', {
        body: { id: 'cp', number: '8/TB-CP', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'Completion path' },
      })
    ).status,
  ).toBe(201);
  const task = await system.api('/v1/directives/cp/tasks', {
    body: { id: 'cp-task', title: 'Report', dueOn: '2099-12-31', assignees: { units: ['an-giang', 'can-tho', 'tay-ninh'] } },
  });
  expect(task.status).toBe(202);
  await eventually(async () => {
    const [row] = await system.deps.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM assignments WHERE task_id = 'cp-task' AND version >= 1`;
    expect(row?.n).toBe(3);
  }, 60_000);
  const person = { id: 'cp-officer-ct', name: 'Cần Thơ officer', role: 'unit', unitCode: 'can-tho' };
  expect((await system.api('/v1/admin/people', { body: person })).status).toBe(201);
  otherOfficer = (await system.api(`/v1/admin/people/${person.id}/tokens`, { body: { name: 'test' } })).body.token;
}, 120_000);

afterAll(async () => {
  await system?.shutdown();
});

const eventsOf = async (workflowId: string, kind: string) =>
  (
    await system.deps.sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM assignment_events WHERE workflow_id = ${workflowId} AND kind = ${kind}`
  )[0]!.n;

describe('a completion through the API', () => {
  it('sent again with the same Idempotency-Key answers the same, records one event and audits both requests', async () => {
    const path = '/v1/tasks/cp-task/assignments/an-giang/complete';
    const body = { note: 'done', documentNumber: '12/QĐ' };
    const headers = { 'idempotency-key': 'cp-complete-1' };
    const first = await system.api(path, { body, headers });
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const second = await system.api(path, { body, headers });
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await eventsOf('assignment/cp-task/an-giang', 'completed')).toBe(1);
    // The answer is the read model as the update left it: the detail without its timeline.
    const { timeline: _timeline, ...detail } = (await system.api('/v1/tasks/cp-task/assignments/an-giang')).body;
    expect(first.body).toEqual(detail);
    expect(first.body.completion).toMatchObject({ note: 'done', documentNumber: '12/QĐ' });
    const audited = await system.deps.sql<{ status: number }[]>`
      SELECT status FROM audit_log WHERE path = ${path} AND idempotency_key = 'cp-complete-1' ORDER BY id`;
    expect(audited.map((r) => r.status)).toEqual([200, 200]);
    const [kept] = await system.deps.sql<{ status: number | null }[]>`
      SELECT status FROM idempotency_keys WHERE key = 'cp-complete-1'`;
    expect(kept?.status).toBe(200);
  });

  it('with an expired key runs again, and the workflow still applies the completion once', async () => {
    const path = '/v1/tasks/cp-task/assignments/tay-ninh/complete';
    const body = { note: 'done' };
    const headers = { 'idempotency-key': 'cp-complete-2' };
    const first = await system.api(path, { body, headers });
    expect(first.status).toBe(200);
    await system.deps.sql`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'cp-complete-2'`;
    // Even with another body: an expired key is a new request, not a 409 (claimed anew in one statement).
    const again = await system.api(path, { body: { note: 'done again' }, headers });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(again.body.completion).toMatchObject({ note: 'done' });
    expect(await eventsOf('assignment/cp-task/tay-ninh', 'completed')).toBe(1);
    const [claim] = await system.deps.sql<{ status: number | null; fresh: boolean }[]>`
      SELECT status, created_at > now() - interval '1 hour' AS fresh FROM idempotency_keys WHERE key = 'cp-complete-2'`;
    expect(claim).toEqual({ status: 200, fresh: true });
  });

  it("is refused to another unit's officer without revealing the assignment, and sends nothing", async () => {
    const path = '/v1/tasks/cp-task/assignments/an-giang/complete';
    const refused = await system.api(path, { body: { note: 'not mine' }, token: otherOfficer });
    expect(refused.status).toBe(404);
    const own = await system.api('/v1/tasks/cp-task/assignments/can-tho/complete', { body: { note: 'mine' }, token: otherOfficer });
    expect(own.status).toBe(200);
    expect(own.body.status).toBe('completed_on_time');
    expect(await eventsOf('assignment/cp-task/an-giang', 'completed')).toBe(1);
  });
});
