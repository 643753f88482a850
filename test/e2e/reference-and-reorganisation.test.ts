/**
 * Issue 4 over HTTP on the real servers: deadline phrases and calendars as reference data, and the 2025
 * reorganisation moving open 2024 assignments to the successor units (a second application is a no-op).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/system';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.shutdown();
});

describe('deadline phrases and the official calendar', () => {
  it('resolves phrases in both languages without a token, and refuses text with no deadline', async () => {
    const resolve = (text: string) => system.api('/v1/deadlines/resolve', { body: { text, issuedOn: '2024-05-06' }, token: null });
    expect((await resolve('before May 10, 2024')).body).toEqual({ recurring: false, dueOn: '2024-05-10', rule: 'explicit_date' });
    expect((await resolve('hoàn thành trong quý II/2024')).body).toMatchObject({ dueOn: '2024-06-30', rule: 'quarter' });
    expect((await resolve('báo cáo định kỳ hằng tháng')).body).toEqual({ recurring: true, frequency: 'monthly', rule: 'recurring' });
    // Issue 18: Civil Code periods, receipt, provisional years, due days of recurring obligations.
    expect((await resolve('trong 15 ngày')).body).toEqual({ recurring: false, dueOn: '2024-05-21', rule: 'within_days' });
    const fromReceipt = {
      text: 'trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản này',
      issuedOn: '2024-06-03',
      receivedOn: '2024-06-07',
    };
    expect((await system.api('/v1/deadlines/resolve', { body: fromReceipt, token: null })).body).toEqual({
      recurring: false,
      dueOn: '2024-06-14',
      rule: 'from_receipt',
    });
    const early = await system.api('/v1/deadlines/resolve', { body: { ...fromReceipt, receivedOn: '2024-06-01' }, token: null });
    expect(early.status).toBe(400);
    expect(early.body.errors[0].field).toBe('receivedOn');
    const in2027 = await system.api('/v1/deadlines/resolve', {
      body: { text: 'trong 10 ngày làm việc', issuedOn: '2027-02-01' },
      token: null,
    });
    expect(in2027.body).toEqual({ recurring: false, dueOn: '2027-02-22', rule: 'within_working_days', provisional: true });
    expect((await resolve('trước ngày 20 hằng tháng')).body).toEqual({
      recurring: true,
      frequency: 'monthly',
      dueDay: 20,
      rule: 'recurring',
    });
    const none = await resolve('khẩn trương thực hiện');
    expect(none.status).toBe(422);
    expect(none.body.errors[0].field).toBe('text');
    const impossible = await resolve('trước ngày 30/2/2024');
    expect(impossible.status).toBe(422);
    expect(
      (await system.api('/deadlines/resolve', { body: { text: 'in May 2024', issuedOn: '2024-05-06' }, token: null })).body.dueOn,
    ).toBe('2024-05-31');
  });

  it('serves a year of the calendar with its sources, and lets an admin load one', async () => {
    const y2025 = await system.api('/v1/calendar/2025', { token: null });
    expect(y2025.status).toBe(200);
    expect(y2025.body.daysOff.map((d: { date: string }) => d.date)).toEqual(expect.arrayContaining(['2025-01-28', '2025-09-02']));
    expect(y2025.body.provisional).toBe(false);
    // A year with no official schedule answers the statutory calendar, marked provisional (issue 18).
    const statutory = await system.api('/v1/calendar/2031', { token: null });
    expect(statutory.status).toBe(200);
    expect(statutory.body).toMatchObject({ year: 2031, provisional: true });
    expect(statutory.body.daysOff.map((d: { date: string }) => d.date)).toEqual(expect.arrayContaining(['2031-01-01', '2031-09-02']));
    const y2031 = {
      year: 2031,
      sources: [{ id: 'test', title: 'test notice', url: 'https://example.gov.vn/2031' }],
      daysOff: [{ date: '2031-01-01', name: 'New Year', source: 'test' }],
      workingSaturdays: [],
    };
    expect((await system.api('/v1/admin/calendar/2031', { method: 'PUT', body: y2031, token: null })).status).toBe(401);
    expect((await system.api('/v1/admin/calendar/2031', { method: 'PUT', body: y2031 })).status).toBe(200);
    expect((await system.api('/v1/calendar/2031', { token: null })).body).toMatchObject({
      provisional: false,
      daysOff: [{ date: '2031-01-01' }],
    });
    const bad = await system.api('/v1/admin/calendar/2031', {
      method: 'PUT',
      body: { ...y2031, daysOff: [{ date: '2031-02-30', name: 'x', source: 'test' }] },
    });
    expect(bad.status).toBe(400);
  });
});

describe('the 2025 reorganisation', () => {
  it('moves open assignments of dissolved units to their successors, once', async () => {
    await system.api('/v1/directives', {
      body: {
        id: 'tb-reorg',
        number: '1/TB-TEST',
        issuer: 'Văn phòng Chính phủ',
        issuedOn: '2024-05-06',
        title: 'Before the reorganisation',
      },
    });
    const created = await system.api('/v1/directives/tb-reorg/tasks', {
      body: {
        id: 'fees',
        title: 'Fee resolution',
        dueOn: '2099-05-31',
        assignees: { units: ['an-giang', 'kien-giang', 'soc-trang', 'dak-nong'] },
      },
    });
    expect(created.status).toBe(202);
    await eventually(async () => {
      const rows = await system.deps.sql`SELECT 1 FROM assignments WHERE task_id = 'fees' AND version > 0`;
      expect(rows).toHaveLength(4);
    });
    const done = await system.api('/v1/tasks/fees/assignments/soc-trang/complete', {
      body: { note: 'Resolution issued', documentNumber: '12/2024/NQ-HĐND' },
    });
    expect(done.body.status).toBe('completed_on_time');

    const dryRun = await system.api('/v1/reorganisations/2025-07-provinces/apply?dryRun=true', { body: {} });
    expect(dryRun.status).toBe(200);
    expect(dryRun.body.moves.map((m: { fromUnit: string; toUnit: string; merges: boolean }) => [m.fromUnit, m.toUnit, m.merges])).toEqual([
      ['dak-nong', 'lam-dong', false],
      ['kien-giang', 'an-giang', true],
    ]);
    const unchanged = await system.api('/v1/assignments?task=fees');
    expect(unchanged.body.items.map((a: { unitCode: string }) => a.unitCode)).toEqual(['an-giang', 'dak-nong', 'kien-giang', 'soc-trang']);

    const applied = await system.api('/v1/reorganisations/2025-07-provinces/apply', { body: {} });
    expect(applied.status).toBe(202);
    const status = applied.headers.get('location')!;
    const finished = await eventually(async () => {
      const res = await system.api(status);
      expect(res.body).toMatchObject({ status: 'completed', finished: true });
      return res.body;
    }, 30_000);
    expect(finished).toMatchObject({ total: 2, done: 2, merged: 1, failures: [] });
    // On the batch queue, so assignment steps never wait behind the moves (issue 15 item 3).
    const applyRun = await system.deps.temporal.workflow.getHandle('reorganisation-apply/2025-07-provinces').describe();
    expect(applyRun.taskQueue).toBe(`${system.deps.taskQueue}-batch`);
    const again = await system.api('/v1/reorganisations/2025-07-provinces/apply', { body: {} });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ id: applied.body.id, done: 2, total: 2 });

    const lamDong = await eventually(async () => {
      const res = await system.api('/v1/tasks/fees/assignments/lam-dong');
      expect(res.status).toBe(200);
      return res.body;
    });
    expect(lamDong).toMatchObject({ unitCode: 'lam-dong', originalUnit: 'dak-nong', status: 'not_due' });
    // The successor's timeline carries the predecessor's history.
    expect(lamDong.timeline.map((e: { workflowId: string }) => e.workflowId)).toContain('assignment/fees/dak-nong');
    const kienGiang = await system.api('/v1/tasks/fees/assignments/kien-giang');
    expect(kienGiang.body).toMatchObject({ status: 'reassigned', reassignedTo: 'an-giang' });
    const socTrang = await system.api('/v1/tasks/fees/assignments/soc-trang');
    expect(socTrang.body.status).toBe('completed_on_time');
    expect(socTrang.body.unitCode).toBe('soc-trang');
    expect((await system.api('/v1/reorganisations/nope/apply', { body: {} })).status).toBe(404);
  });
});
