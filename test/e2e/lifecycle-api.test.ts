/**
 * The running API against a real Temporal dev server and Postgres, in real time: a task with a deadline
 * seconds away and second-scale policy offsets shows its reminder, overdue status and escalations in the
 * timeline and the notifications; lifecycle actions work over HTTP, twice-sent ones apply once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerApp } from '../../server/app';
import { createSql } from '../../db/sql';
import { freePort } from '../../worker/ports';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/system';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
  const res = await system.api('/v1/directives', {
    body: { id: 'tb-e2e', number: '999/TB-VPCP', issuer: 'Văn phòng Chính phủ', issuedOn: '2024-05-06', title: 'E2E notice' },
  });
  expect(res.status).toBe(201);
});

afterAll(async () => {
  await system?.shutdown();
});

const secondsPolicy = {
  reminders: [{ duration: 'PT4S' }],
  escalations: [
    { after: { duration: 'PT1S' }, rung: 'unit_head' },
    { after: { duration: 'PT3S' }, rung: 'coordinator' },
  ],
  repeatTopRungEvery: { duration: 'PT3S' },
};

describe('assignment lifecycle through the API (dev server, real time)', () => {
  it('shows reminders, the overdue status and escalations in the timeline and the notifications', async () => {
    const dueAt = new Date(Date.now() + 10_000).toISOString();
    const created = await system.api('/v1/directives/tb-e2e/tasks', {
      body: {
        id: 'fast',
        title: 'Report on the steering committee',
        dueAt,
        assignees: { units: ['an-giang', 'can-tho'] },
        policy: secondsPolicy,
      },
    });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ taskId: 'fast', assignmentCount: 2 });

    const detail = await eventually(
      async () => {
        const res = await system.api('/v1/tasks/fast/assignments/an-giang');
        expect(res.status).toBe(200);
        const kinds = res.body.timeline.map((e: { kind: string }) => e.kind);
        expect(kinds.filter((k: string) => k === 'escalation').length).toBeGreaterThanOrEqual(3);
        return res.body;
      },
      30_000,
      250,
    );
    const kinds: string[] = detail.timeline.map((e: { kind: string }) => e.kind);
    expect(kinds.slice(0, 4)).toEqual(['assigned', 'reminder', 'overdue', 'escalation']);
    expect(detail.status).toBe('overdue');
    expect(detail.escalationRung).toBe('coordinator');

    const unitInbox = await system.api('/v1/units/an-giang/notifications');
    expect(unitInbox.status).toBe(200);
    const unitKinds = unitInbox.body.items.map((n: { kind: string; recipientRole: string }) => `${n.kind}:${n.recipientRole}`);
    expect(unitKinds).toEqual(
      expect.arrayContaining(['assigned:unit_officer', 'reminder:unit_officer', 'overdue:unit_officer', 'escalation:unit_head']),
    );
    const office = await system.api('/v1/units/vpcp/notifications?role=coordinator');
    expect(
      office.body.items.filter((n: { workflowId: string }) => n.workflowId === 'assignment/fast/an-giang').length,
    ).toBeGreaterThanOrEqual(2);

    const overdue = await system.api('/v1/assignments?status=overdue&task=fast');
    expect(overdue.body.items.map((a: { unitCode: string }) => a.unitCode)).toEqual(['an-giang', 'can-tho']);
  });

  it('completes once when the same completion is sent twice, and stops escalating', async () => {
    const path = '/v1/tasks/fast/assignments/can-tho/complete';
    const body = { note: 'Decision issued', documentNumber: '1234/QĐ-UBND', evidenceUrl: 'https://cantho.gov.vn/qd-1234.pdf' };
    const headers = { 'idempotency-key': 'complete-can-tho-1' };
    const [first, second] = await Promise.all([system.api(path, { body, headers }), system.api(path, { body, headers })]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body.status).toBe('completed_late');
    const again = await system.api(path, { body });
    expect(again.status).toBe(409);
    const detail = await system.api('/v1/tasks/fast/assignments/can-tho');
    const kinds: string[] = detail.body.timeline.map((e: { kind: string }) => e.kind);
    expect(kinds.filter((k) => k === 'completed')).toHaveLength(1);
    const escalationsAtCompletion = kinds.filter((k) => k === 'escalation').length;
    // The signals: can-tho's workflow has closed, and an-giang, on the same due time and policy, has had two more
    // escalations since (its top rung repeats every 3 s), so can-tho's next repeat would have come by now.
    await eventually(
      async () => {
        expect((await system.deps.temporal.workflow.getHandle('assignment/fast/can-tho').describe()).status.name).toBe('COMPLETED');
      },
      30_000,
      250,
    );
    const escalationsOf = async (unit: string) =>
      (await system.api(`/v1/tasks/fast/assignments/${unit}`)).body.timeline.filter((e: { kind: string }) => e.kind === 'escalation')
        .length;
    const siblingBefore = await escalationsOf('an-giang');
    await eventually(async () => expect(await escalationsOf('an-giang')).toBeGreaterThanOrEqual(siblingBefore + 2), 30_000, 250);
    const later = await system.api('/v1/tasks/fast/assignments/can-tho');
    expect(later.body.timeline.filter((e: { kind: string }) => e.kind === 'escalation')).toHaveLength(escalationsAtCompletion);
  });

  it('extension request and decision, progress and acknowledgement over HTTP', async () => {
    const created = await system.api('/v1/directives/tb-e2e/tasks', {
      body: { id: 'slow', title: 'Issue the fee resolution', dueOn: '2099-05-31', assignees: { units: ['tay-ninh'] } },
    });
    expect(created.status).toBe(202);
    const base = '/v1/tasks/slow/assignments/tay-ninh';
    await eventually(async () => expect((await system.api(base)).body.timeline.length).toBeGreaterThan(0));
    expect((await system.api(`${base}/acknowledge`, { body: {} })).body.acknowledged).toBe(true);
    expect((await system.api(`${base}/progress`, { body: { percent: 40, note: 'drafted' } })).body).toMatchObject({
      progressPercent: 40,
      progressNote: 'drafted',
    });
    const requested = await system.api(`${base}/extension-requests`, { body: { newDueOn: '2099-06-30', reason: 'public consultation' } });
    expect(requested.body.pendingExtension).toMatchObject({ newDueOn: '2099-06-30' });
    const decided = await system.api(`${base}/extension-decision`, { body: { approve: true, note: 'agreed' } });
    expect(decided.body).toMatchObject({ dueOn: '2099-06-30', originalDueOn: '2099-05-31', pendingExtension: null });
    const noPending = await system.api(`${base}/extension-decision`, { body: { approve: true } });
    expect(noPending.status).toBe(409);
    expect(noPending.body.detail).toMatch(/no pending extension/);
    const cancelled = await system.api(`${base}/cancel`, { body: { reason: 'superseded by Resolution 214' } });
    expect(cancelled.body.status).toBe('cancelled');
    const afterCancel = await system.api(`${base}/complete`, { body: { note: 'x' } });
    expect(afterCancel.status).toBe(409);
  });

  it('assigns a task to every province of the issue date at once without waiting for hundreds of starts', async () => {
    const res = await system.api('/v1/directives/tb-e2e/tasks', {
      body: { id: 'all-provinces', title: 'Mobile signal coverage', dueOn: '2099-12-31', assignees: { groups: ['provinces'] } },
    });
    expect(res.status).toBe(202);
    expect(res.body.assignmentCount).toBe(63); // the provinces of the directive's issue date
    await eventually(
      async () => {
        const [row] = await system.deps.sql<{ started: number }[]>`
        SELECT count(*)::int AS started FROM assignments WHERE task_id = 'all-provinces' AND version > 0`;
        expect(row?.started).toBe(63);
      },
      60_000,
      500,
    );
  });
});

describe('the API contract basics', () => {
  it('answers bad input with a problem document naming the field and the reason', async () => {
    const res = await system.api('/v1/directives/tb-e2e/tasks', {
      body: { title: '', dueOn: '2024-02-30', assignees: { units: ['nowhere'] }, policy: { reminders: [{ duration: 'P1M' }] } },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['title', 'dueOn']));
    const unknownUnit = await system.api('/v1/directives/tb-e2e/tasks', {
      body: { title: 'x', dueOn: '2099-01-01', assignees: { units: ['nowhere'] } },
    });
    expect(unknownUnit.status).toBe(400);
    expect(unknownUnit.body.errors).toEqual([{ field: 'assignees.units.0', reason: 'unknown unit nowhere' }]);
    const malformed = await system.api('/v1/directives', { body: '{"number": ' });
    expect(malformed.status).toBe(400);
    expect((await system.api('/v1/directives/nope')).status).toBe(404);
    expect((await system.api('/v1/tasks/nope/assignments/an-giang')).status).toBe(404);
    expect((await system.api('/v1/directives', { token: null })).status).toBe(401);
    expect((await system.api('/v1/directives', { token: 'wrong-token' })).status).toBe(401);
  });

  it('reports health and publishes the OpenAPI document and docs page', async () => {
    const health = await system.api('/healthz', { token: null });
    expect(health).toMatchObject({ status: 200, body: { status: 'ok', checks: { database: 'ok', temporal: 'ok' } } });
    const doc = await system.api('/openapi.json', { token: null });
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/v1/directives', '/v1/assignments', '/v1/tasks/{taskId}/assignments/{unitCode}/complete']),
    );
    const docs = await system.api('/docs', { token: null });
    expect(docs.status).toBe(200);
  });

  it('answers 503 naming the database when it is unreachable', async () => {
    const deadSql = createSql(`postgres://nobody:nothing@127.0.0.1:${await freePort()}/none`, { max: 1 });
    const app = createServerApp({ ...system.deps, sql: deadSql });
    const res = await app.request('/healthz');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe('unavailable');
    expect(body.checks.temporal).toBe('ok');
    expect(body.checks.database).not.toBe('ok');
    await deadSql.end({ timeout: 1 });
  });
});
