/**
 * Issue 18 in the application core, on the real servers: a task whose working-day deadline runs through 2027 (no
 * official calendar, so the statutory holidays stand in) says so on the task-created answer and on every assignment,
 * one in 2025 (official) does not, and the mark goes once 2027's official schedule is loaded. A task made from a
 * recurring phrase keeps the phrase's due day unless the input names one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../domain/policy';
import { defaultPolicyForUrgency } from '../../domain/urgency';
import { eventually } from '../support/eventually';
import { ADMIN_TOKEN, startTestSystem, type TestSystem } from '../support/system';
import { webSession } from '../support/web-session';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.shutdown();
});

const UNITS = ['ha-noi', 'can-tho'];

async function directive(id: string, issuedOn: string) {
  const res = await system.api('/v1/directives', { body: { id, number: `${id}/TB`, issuer: 'Văn phòng Chính phủ', issuedOn, title: id } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

async function task(directiveId: string, body: Record<string, unknown>) {
  const res = await system.api(`/v1/directives/${directiveId}/tasks`, {
    body: { title: String(body.id), assignees: { units: UNITS }, ...body },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body;
}

async function flags(taskId: string): Promise<Record<string, boolean>> {
  const res = await system.api(`/v1/assignments?task=${taskId}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return Object.fromEntries(res.body.items.map((a: { unitCode: string; provisional: boolean }) => [a.unitCode, a.provisional]));
}

describe('deadlines on provisional days', () => {
  it('flags the assignments of a 2027 working-day deadline, not those of 2025, until 2027 is official', async () => {
    await directive('prov-2027', '2027-01-25');
    await directive('prov-2025', '2025-03-03');
    // Ten working days from 25 January 2027 run over Tết 2027, known only from the statutory calendar.
    const in2027 = await task('prov-2027', { id: 'prov-a', deadlineText: 'trong 10 ngày làm việc' });
    expect(in2027).toMatchObject({ provisional: true });
    expect(in2027.dueOn.startsWith('2027-')).toBe(true);
    const in2025 = await task('prov-2025', { id: 'prov-b', deadlineText: 'trong 10 ngày làm việc' });
    expect(in2025).toMatchObject({ dueOn: '2025-03-17', provisional: false });
    // An explicit date is the date itself, whatever the year.
    expect(await task('prov-2027', { id: 'prov-c', dueOn: '2027-03-15' })).toMatchObject({ provisional: false });

    await eventually(async () => expect(await flags('prov-a')).toEqual({ 'ha-noi': true, 'can-tho': true }));
    expect(await flags('prov-b')).toEqual({ 'ha-noi': false, 'can-tho': false });
    expect(await flags('prov-c')).toEqual({ 'ha-noi': false, 'can-tho': false });
    const one = await system.api('/v1/tasks/prov-a/assignments/ha-noi');
    expect(one.status).toBe(200);
    expect(one.body.provisional).toBe(true);
    // The dashboard marks the provisional date, and only that one.
    const session = await webSession(system.apiUrl, ADMIN_TOKEN);
    const page = async (path: string) => (await fetch(`${system.apiUrl}${path}`, { headers: { cookie: `dd_session=${session}` } })).text();
    expect(await page('/web/assignments/prov-a/ha-noi?lang=vi')).toContain('data-testid="provisional"');
    expect(await page('/web/assignments/prov-b/ha-noi?lang=vi')).not.toContain('data-testid="provisional"');
    expect(await page('/web/tasks/prov-a')).toContain('data-testid="provisional"');

    // 2027's schedule published (here: the statutory days, confirmed): the due date now rests on official days.
    const statutory = await system.api('/v1/calendar/2027');
    expect(statutory.body).toMatchObject({ year: 2027, provisional: true });
    const { provisional: _, ...year } = statutory.body;
    const official = {
      ...year,
      sources: [{ id: 'test', title: 'test notice', url: 'https://example.gov.vn/2027' }],
      daysOff: year.daysOff.map((d: Record<string, unknown>) => ({ ...d, source: 'test' })),
      workingSaturdays: year.workingSaturdays.map((d: Record<string, unknown>) => ({ ...d, source: 'test' })),
    };
    const loaded = await system.api('/v1/admin/calendar/2027', { method: 'PUT', body: official });
    expect(loaded.status, JSON.stringify(loaded.body)).toBe(200);
    expect(await flags('prov-a')).toEqual({ 'ha-noi': false, 'can-tho': false });
  });

  it("gives a recurring task the phrase's due day, unless the input names one", async () => {
    await directive('prov-rec', '2025-03-03');
    const fromText = await task('prov-rec', { id: 'prov-monthly', deadlineText: 'báo cáo trước ngày 20 hằng tháng' });
    expect(fromText).toMatchObject({ recurring: 'monthly', dueDay: 20, provisional: false });
    const given = await task('prov-rec', { id: 'prov-monthly-25', deadlineText: 'báo cáo trước ngày 20 hằng tháng', recurrenceDueDay: 25 });
    expect(given).toMatchObject({ recurring: 'monthly', dueDay: 25 });
    const quarterly = await task('prov-rec', { id: 'prov-quarterly', deadlineText: 'hằng quý, trước ngày 20 tháng cuối quý' });
    expect(quarterly).toMatchObject({ recurring: 'quarterly', dueDay: 20 });
    const saved = await system.deps.sql<{ id: string; recurrence_due_day: number | null }[]>`
      SELECT id, recurrence_due_day FROM tasks WHERE id IN ('prov-monthly', 'prov-monthly-25', 'prov-quarterly') ORDER BY id`;
    expect(saved.map((t) => [t.id, t.recurrence_due_day])).toEqual([
      ['prov-monthly', 20],
      ['prov-monthly-25', 25],
      ['prov-quarterly', 20],
    ]);
  });
});

describe('urgency', () => {
  it("selects the urgency's tighter default policy when the task names none, and keeps an explicit one", async () => {
    await directive('urgent', '2025-03-03');
    await task('urgent', { id: 'urgent-fire', dueOn: '2025-03-20', urgency: 'hoa_toc' });
    await task('urgent', { id: 'urgent-own', dueOn: '2025-03-20', urgency: 'hoa_toc', policy: DEFAULT_POLICY });
    await task('urgent', { id: 'urgent-none', dueOn: '2025-03-20' });
    const stored = async (id: string) =>
      (await system.deps.sql<{ policy: unknown }[]>`SELECT policy FROM tasks WHERE id = ${id}`)[0]!.policy;
    expect(await stored('urgent-fire')).toEqual(defaultPolicyForUrgency('hoa_toc'));
    expect(await stored('urgent-fire')).not.toEqual(DEFAULT_POLICY);
    expect(await stored('urgent-own')).toEqual(DEFAULT_POLICY);
    expect(await stored('urgent-none')).toEqual(DEFAULT_POLICY);
    const refused = await system.api('/v1/directives/urgent/tasks', {
      body: { title: 'x', dueOn: '2025-03-20', urgency: 'very', assignees: { units: UNITS } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].field).toBe('urgency');
  });
});
