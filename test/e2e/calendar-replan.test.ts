/**
 * Running assignments follow the calendar, on the real dev server: an assignment counts working days before a
 * due date in 2027 (a provisional year, statutory holidays only); an admin loads 2027's official schedule with
 * an extra day off before that due date; the re-plan batch reaches the assignment, whose reminder moves a
 * working day earlier and whose timeline records `calendar_changed` with the year and version. An assignment
 * due beyond the change's reach is not messaged, and loading the same days again starts no batch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daySpreadOf } from '../../domain/day-spread';
import { eventually } from '../support/eventually';
import { ADMIN_TOKEN, startTestSystem, type TestSystem } from '../support/system';
import { webSession } from '../support/web-session';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
  const res = await system.api('/v1/directives', {
    body: { id: 'tb-cal', number: '77/TB-VPCP', issuer: 'Văn phòng Chính phủ', issuedOn: '2026-11-20', title: 'Calendar re-plan' },
  });
  expect(res.status).toBe(201);
});

afterAll(async () => {
  await system?.shutdown();
});

const workingDayPolicy = {
  reminders: [{ workingDays: 5 }],
  escalations: [{ after: { workingDays: 1 }, rung: 'unit_head' }],
  repeatTopRungEvery: { days: 7 },
  timeOfDay: '08:00',
};

type Event = { kind: string; data: Record<string, any>; actor: Record<string, unknown> };
const timeline = async (taskId: string): Promise<Event[]> =>
  (await system.api(`/v1/tasks/${taskId}/assignments/an-giang`)).body.timeline ?? [];

describe('a calendar load re-plans the running assignments', () => {
  it('moves the planned steps of an assignment whose plan touches the year and records it', async () => {
    for (const [id, dueOn] of [
      ['cal-2027', '2027-06-15'],
      ['cal-2027-march', '2027-03-15'],
      ['cal-2029', '2029-06-15'],
    ] as const) {
      const created = await system.api('/v1/directives/tb-cal/tasks', {
        body: { id, title: `Due ${dueOn}`, dueOn, assignees: { units: ['an-giang'] }, policy: workingDayPolicy },
      });
      expect(created.status).toBe(202);
      await eventually(async () => expect((await timeline(id)).map((e) => e.kind)).toContain('assigned'), 60_000, 250);
    }

    // 2027 has no official schedule yet: the statutory one, with an extra day off on Thursday 10 June 2027.
    const statutory = await system.api('/v1/calendar/2027');
    expect(statutory.body.provisional).toBe(true);
    const { provisional: _p, ...year } = statutory.body;
    const source = year.sources[0].id;
    const changed = { ...year, daysOff: [...year.daysOff, { date: '2027-06-10', name: 'Extra day off (test)', source }] };
    const loaded = await system.api('/v1/admin/calendar/2027', { method: 'PUT', body: changed });
    expect(loaded.status).toBe(200);
    expect(loaded.body.replan.workflowId).toBe(`calendar-replan/2027/${loaded.body.version}`);

    const event = await eventually(
      async () => {
        const found = (await timeline('cal-2027')).find((e) => e.kind === 'calendar_changed');
        expect(found).toBeDefined();
        return found!;
      },
      60_000,
      250,
    );
    expect(event.data).toMatchObject({ year: 2027, version: loaded.body.version, official: true });
    // Five working days before Tuesday 15 June: Tuesday 8 June at 08:00 (Vietnam), Monday 7 June with 10 June off;
    // each at this assignment's offset into the hour after 08:00 (the spread of day-based steps).
    const at = (day: string) => new Date(Date.parse(`${day}T01:00:00.000Z`) + daySpreadOf('assignment/cal-2027/an-giang')).toISOString();
    expect(event.data.movedSteps).toEqual([{ step: '2027-06-15/reminder/0', from: at('2027-06-08'), to: at('2027-06-07') }]);

    const status = await eventually(
      async () => {
        const s = await system.api(loaded.body.replan.statusPath);
        expect(s.body.status).toBe('completed');
        return s.body;
      },
      60_000,
      250,
    );
    expect(status).toMatchObject({ year: 2027, sent: 2, closed: 0, finished: true, total: 2 });
    // The dashboard shows the run and how far it got, as its status route does.
    const session = await webSession(system.apiUrl, ADMIN_TOKEN);
    const batches = await fetch(`${system.apiUrl}/web/batches`, { headers: { cookie: `dd_session=${session}` } });
    expect(batches.status).toBe(200);
    expect(batches.headers.get('refresh')).toBeNull();
    expect(await batches.text()).toMatch(
      new RegExp(`data-workflow="${loaded.body.replan.workflowId}" data-status="completed" data-done="2" data-total="2"`),
    );
    expect((await timeline('cal-2029')).map((e) => e.kind)).not.toContain('calendar_changed');
    // Due in March 2027: the change reached it, but moved none of its steps, so its timeline does not show it. An
    // update sent after the signal is handled after it, so once it answers the signal has been seen.
    expect((await system.api('/v1/tasks/cal-2027-march/assignments/an-giang/acknowledge', { body: {} })).status).toBe(200);
    expect((await timeline('cal-2027-march')).map((e) => e.kind)).toEqual(['assigned', 'acknowledged']);

    // The same days again: saved, nothing to re-plan.
    const again = await system.api('/v1/admin/calendar/2027', { method: 'PUT', body: changed });
    expect(again.status).toBe(200);
    expect(again.body.replan).toBeNull();

    // The assignment still answers its lifecycle and keeps one calendar_changed event.
    const ack = await system.api('/v1/tasks/cal-2027/assignments/an-giang/acknowledge', { body: {} });
    expect(ack.status).toBe(200);
    expect((await timeline('cal-2027')).filter((e) => e.kind === 'calendar_changed')).toHaveLength(1);
  }, 180_000);
});
