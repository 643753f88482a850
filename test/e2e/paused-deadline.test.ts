/**
 * A paused deadline through the public API, on the real dev server in real time: a coordinator pauses an assignment
 * with a reason, its ladder stands still past the due time, the unit cannot report completion meanwhile; resumed, the
 * ladder goes on (a pause within one day moves the due date by no working day, so what was missed fires at once);
 * both deadlines stay in the assignment and the report rows; repeats under one Idempotency-Key apply once.
 * The move by working days paused is shown on the time-skipping server: test/integration/paused-deadline.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toVnDate } from '../../domain/dates';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/system';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
  const res = await system.api('/v1/directives', {
    body: { id: 'tb-pause', number: '35/TB-VPCP', issuer: 'Văn phòng Chính phủ', issuedOn: toVnDate(new Date()), title: 'Pause notice' },
  });
  expect(res.status).toBe(201);
});

afterAll(async () => {
  await system?.shutdown();
});

const secondsPolicy = {
  reminders: [{ duration: 'PT4S' }],
  escalations: [{ after: { duration: 'PT1S' }, rung: 'unit_head' }],
  repeatTopRungEvery: { duration: 'PT1H' },
};

const kindsOf = (body: { timeline: { kind: string }[] }) => body.timeline.map((e) => e.kind);

describe('a paused deadline through the API (dev server, real time)', () => {
  it('stops the ladder while paused and goes on when resumed, applying repeats once', async () => {
    const dueAt = new Date(Date.now() + 12_000).toISOString();
    const created = await system.api('/v1/directives/tb-pause/tasks', {
      body: { id: 'wait-opinion', title: 'Draft decree', dueAt, assignees: { units: ['an-giang'] }, policy: secondsPolicy },
    });
    expect(created.status).toBe(202);
    const base = '/v1/tasks/wait-opinion/assignments/an-giang';
    await eventually(async () => expect(kindsOf((await system.api(base)).body)).toContain('assigned'), 30_000, 250);

    // Bad input names the field; resuming what is not paused is a conflict.
    const missing = await system.api(`${base}/pause`, { body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
    const notPaused = await system.api(`${base}/resume`, { body: {} });
    expect(notPaused.status).toBe(409);
    expect(notPaused.body.detail).toMatch(/not paused/);

    const headers = { 'idempotency-key': 'pause-wait-opinion' };
    const body = { reason: "Waiting for the Ministry of Justice's opinion" };
    const [first, second] = await Promise.all([
      system.api(`${base}/pause`, { body, headers }),
      system.api(`${base}/pause`, { body, headers }),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body.paused).toMatchObject({ reason: body.reason });
    const again = await system.api(`${base}/pause`, { body });
    expect(again.status).toBe(409);
    const complete = await system.api(`${base}/complete`, { body: { note: 'done' } });
    expect(complete.status).toBe(409);
    expect(complete.body.detail).toMatch(/paused/);

    // Past the due time and the first escalation's: nothing fires while paused.
    await eventually(async () => expect(Date.now()).toBeGreaterThan(Date.parse(dueAt) + 3_000), 30_000, 250);
    const during = await system.api(base);
    expect(kindsOf(during.body).filter((k) => k === 'paused')).toHaveLength(1);
    expect(kindsOf(during.body)).not.toContain('overdue');
    expect(kindsOf(during.body)).not.toContain('escalation');
    expect(during.body.paused).toMatchObject({ reason: body.reason });

    const resumeHeaders = { 'idempotency-key': 'resume-wait-opinion' };
    const resumed = await system.api(`${base}/resume`, { body: { note: 'opinion received' }, headers: resumeHeaders });
    expect(resumed.status).toBe(200);
    expect((await system.api(`${base}/resume`, { body: { note: 'opinion received' }, headers: resumeHeaders })).status).toBe(200);
    expect(resumed.body).toMatchObject({ paused: null, dueOn: toVnDate(new Date(dueAt)), originalDueOn: toVnDate(new Date(dueAt)) });

    // The ladder goes on: the overdue mark and the unit head, once each.
    const detail = await eventually(
      async () => {
        const res = await system.api(base);
        expect(kindsOf(res.body)).toEqual(expect.arrayContaining(['resumed', 'overdue', 'escalation']));
        return res.body;
      },
      30_000,
      250,
    );
    const kinds = kindsOf(detail);
    expect(kinds.filter((k) => k === 'paused')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'resumed')).toHaveLength(1);
    expect(kinds.indexOf('resumed')).toBeLessThan(kinds.indexOf('overdue'));
    expect(detail.status).toBe('overdue');

    // The unit heard of both; the report rows carry both deadlines.
    const inbox = await system.api('/v1/units/an-giang/notifications');
    const mine = inbox.body.items.filter((n: { workflowId: string }) => n.workflowId === 'assignment/wait-opinion/an-giang');
    expect(mine.map((n: { kind: string }) => n.kind)).toEqual(expect.arrayContaining(['paused', 'resumed']));
    const today = toVnDate(new Date());
    const rows = await system.api(`/v1/reports/execution/assignments?assignedFrom=${today}&assignedTo=${today}&directive=tb-pause`);
    expect(rows.status).toBe(200);
    expect(rows.body.items).toEqual([
      expect.objectContaining({ unitCode: 'an-giang', originalDueOn: toVnDate(new Date(dueAt)), adjustedDueOn: toVnDate(new Date(dueAt)) }),
    ]);
  });
});
