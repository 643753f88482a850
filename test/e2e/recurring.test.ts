/**
 * Recurring obligations on the real dev server: a monthly task's Temporal Schedule creates one period task
 * with its assignments per month, due on the month's last working day; a backfill over half a year creates
 * exactly one per month, and running it again creates nothing new; changing the due day moves later periods.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/system';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
  await system.api('/v1/directives', {
    body: { id: 'nq-rec', number: '214/NQ-CP', issuer: 'Chính phủ', issuedOn: '2025-06-20', title: 'Recurring' },
  });
});

afterAll(async () => {
  await system?.shutdown();
});

const periods = async () =>
  system.deps.sql<{ id: string; period_key: string; due_on: string; n: number }[]>`
    SELECT t.id, t.period_key, t.due_on, (SELECT count(*)::int FROM assignments a WHERE a.task_id = t.id AND a.version > 0) AS n
    FROM tasks t WHERE t.recurrence_of = 'monthly-report' ORDER BY t.period_key`;

describe('recurring obligations', () => {
  it('creates one period of assignments per month, once, including on backfill', async () => {
    const res = await system.api('/v1/directives/nq-rec/tasks', {
      body: {
        id: 'monthly-report',
        title: 'Báo cáo định kỳ',
        deadlineText: 'báo cáo định kỳ hằng tháng',
        assignees: { units: ['an-giang', 'bo-ca'] },
      },
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ recurring: 'monthly', dueOn: null, assignmentCount: 2, scheduleId: 'recurrence/monthly-report' });
    // The current period is created at once.
    await eventually(async () => expect((await periods()).map((p) => p.n)).toEqual([2]), 60_000, 250);

    const schedule = system.deps.temporal.schedule.getHandle('recurrence/monthly-report');
    const halfYear = { start: new Date('2025-06-30T17:00:00Z'), end: new Date('2025-12-31T16:59:00Z'), overlap: 'ALLOW_ALL' as const };
    await schedule.backfill([halfYear]);
    const expected = ['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12'];
    const rows = await eventually(
      async () => {
        const r = (await periods()).filter((p) => p.period_key.startsWith('2025'));
        expect(r.map((p) => [p.period_key, p.n])).toEqual(expected.map((k) => [k, 2]));
        return r;
      },
      120_000,
      500,
    );
    // Due on the last working day: 31 Aug 2025 is a Sunday, so Friday 29 Aug; 31 Dec 2025 is a Wednesday.
    expect(rows.find((p) => p.period_key === '2025-08')?.due_on).toBe('2025-08-29');
    expect(rows.find((p) => p.period_key === '2025-12')?.due_on).toBe('2025-12-31');

    // Every period above exists, so each of the first backfill's actions was taken. The second backfill's six
    // actions taken and none still running is the signal that it had its chance to create something.
    const actionsBefore = (await schedule.describe()).info.numActionsTaken;
    await schedule.backfill([halfYear]);
    await eventually(
      async () => {
        const { info } = await schedule.describe();
        expect(info.numActionsTaken).toBeGreaterThanOrEqual(actionsBefore + 6);
        expect(info.runningActions).toEqual([]);
      },
      120_000,
      500,
    );
    expect((await periods()).filter((p) => p.period_key.startsWith('2025'))).toHaveLength(6);
    const assignments = await system.deps.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE t.recurrence_of = 'monthly-report'`;
    expect(assignments[0]!.n).toBe(2 * 7);

    // Changed to the 20th of each month: the next periods follow; those made already keep their dates.
    const changed = await system.api('/v1/tasks/monthly-report/recurrence', { body: { action: 'change', dueDay: 20 } });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ taskId: 'monthly-report', state: 'active', frequency: 'monthly', dueDay: 20 });
    await schedule.backfill([{ start: new Date('2025-12-31T17:00:00Z'), end: new Date('2026-03-31T16:59:00Z'), overlap: 'ALLOW_ALL' }]);
    const next = await eventually(
      async () => {
        const r = (await periods()).filter((p) => p.period_key >= '2026-01' && p.period_key <= '2026-03');
        expect(r.map((p) => [p.period_key, p.n])).toEqual([
          ['2026-01', 2],
          ['2026-02', 2],
          ['2026-03', 2],
        ]);
        return r;
      },
      120_000,
      500,
    );
    // 20 February 2026 falls in the Tết holiday (16–20 Feb): due the working day before, Friday 13 February.
    expect(next.map((p) => p.due_on)).toEqual(['2026-01-20', '2026-02-13', '2026-03-20']);
    expect((await periods()).find((p) => p.period_key === '2025-08')?.due_on).toBe('2025-08-29');
    const refused = await system.api('/v1/tasks/monthly-report/recurrence', { body: { action: 'change', dueDay: 32 } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].field).toBe('dueDay');

    expect((await system.api('/v1/tasks/monthly-report/recurrence', { body: { action: 'pause' } })).body.state).toBe('paused');
    expect((await schedule.describe()).state.paused).toBe(true);
    expect((await system.api('/v1/tasks/monthly-report/recurrence', { body: { action: 'end' } })).body.state).toBe('ended');
    expect((await system.api('/v1/tasks/2025-07/recurrence', { body: { action: 'end' } })).status).toBe(404);
  }, 240_000);
});
