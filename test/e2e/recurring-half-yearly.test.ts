/**
 * A half-yearly obligation on the real dev server (issue 18): its Temporal Schedule creates one period per half
 * year, so a backfill over a year creates exactly two (H1 due 30 June, H2 due 31 December, each on its last
 * working day), and backfilling the same year again creates nothing new.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/system';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
  await system.api('/v1/directives', {
    body: { id: 'nq-half', number: '215/NQ-CP', issuer: 'Chính phủ', issuedOn: '2024-12-20', title: 'Half-yearly' },
  });
});

afterAll(async () => {
  await system?.shutdown();
});

const periods = async () =>
  system.deps.sql<{ period_key: string; due_on: string; n: number }[]>`
    SELECT t.period_key, t.due_on, (SELECT count(*)::int FROM assignments a WHERE a.task_id = t.id AND a.version > 0) AS n
    FROM tasks t WHERE t.recurrence_of = 'half-yearly-report' ORDER BY t.period_key`;

describe('a half-yearly Schedule', () => {
  it('creates two periods a year, each once', async () => {
    const res = await system.api('/v1/directives/nq-half/tasks', {
      body: {
        id: 'half-yearly-report',
        title: 'Báo cáo 6 tháng',
        deadlineText: 'báo cáo định kỳ 6 tháng',
        assignees: { units: ['an-giang'] },
      },
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ recurring: 'half_yearly', scheduleId: 'recurrence/half-yearly-report' });
    // The current half year's period is created at once.
    await eventually(async () => expect((await periods()).map((p) => p.n)).toEqual([1]), 60_000, 250);

    const schedule = system.deps.temporal.schedule.getHandle('recurrence/half-yearly-report');
    // All of 2025 in Vietnam time: midnight 1 January to the last minute of 31 December.
    const year2025 = { start: new Date('2024-12-31T17:00:00Z'), end: new Date('2025-12-31T16:59:00Z'), overlap: 'ALLOW_ALL' as const };
    await schedule.backfill([year2025]);
    const rows = await eventually(
      async () => {
        const r = (await periods()).filter((p) => p.period_key.startsWith('2025'));
        expect(r.map((p) => [p.period_key, p.n])).toEqual([
          ['2025-H1', 1],
          ['2025-H2', 1],
        ]);
        return r;
      },
      120_000,
      500,
    );
    // Due on the last working day of each half: Monday 30 June 2025, Wednesday 31 December 2025.
    expect(rows.map((p) => p.due_on)).toEqual(['2025-06-30', '2025-12-31']);

    // Both periods exist, so the first backfill's actions were taken; the second's two actions taken, none
    // running, is the signal that it had its chance to create something.
    const actionsBefore = (await schedule.describe()).info.numActionsTaken;
    await schedule.backfill([year2025]);
    await eventually(
      async () => {
        const { info } = await schedule.describe();
        expect(info.numActionsTaken).toBeGreaterThanOrEqual(actionsBefore + 2);
        expect(info.runningActions).toEqual([]);
      },
      120_000,
      500,
    );
    expect((await periods()).filter((p) => p.period_key.startsWith('2025'))).toHaveLength(2);
    const [assignments] = await system.deps.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE t.recurrence_of = 'half-yearly-report'`;
    expect(assignments!.n).toBe(3);
  }, 240_000);
});
