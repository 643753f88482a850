/**
 * Tasks flowing down the levels (issue 19), on the real servers: a national task to An Giang as lead with two
 * co-operating ministries; An Giang passes it on to three communes; one misses it and its escalation reaches only
 * the province's people; the roll-ups read 2/3 with the laggard named; the lead confirms the contributions; a commune
 * does not see its sibling's assignment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/system';
import { addPeople } from '../support/people';

let system: TestSystem;
const tokens: Record<string, string> = {};
const [LATE, ON_TIME_A, ON_TIME_B] = ['ag-xa-an-phu', 'ag-xa-vinh-hau', 'ag-xa-nhon-hoi'];
const fast = {
  demo: true,
  reminders: [],
  escalations: [
    { after: { duration: 'PT1S' }, rung: 'supervising_leader' },
    { after: { duration: 'PT2S' }, rung: 'coordinator' },
  ],
  repeatTopRungEvery: null,
};

beforeAll(async () => {
  system = await startTestSystem();
  const people = [
    { id: 'coord', name: 'Government Office coordinator', role: 'coordinator', email: 'coord@chinhphu.vn' },
    { id: 'ag-officer', name: 'An Giang officer', role: 'unit', unitCode: 'an-giang', email: 'officer@angiang.gov.vn' },
    {
      id: 'ag-head',
      name: 'Chủ tịch UBND tỉnh An Giang',
      role: 'unit',
      unitCode: 'an-giang',
      position: 'head',
      email: 'head@angiang.gov.vn',
    },
    { id: 'ag-leader', name: 'Leader for An Giang', role: 'leader', scope: ['an-giang'], email: 'leader-ag@chinhphu.vn' },
    { id: 'ct-leader', name: 'Leader for Can Tho', role: 'leader', scope: ['can-tho'], email: 'leader-ct@chinhphu.vn' },
    { id: 'late-officer', name: 'An Phu officer', role: 'unit', unitCode: LATE, email: 'anphu@angiang.gov.vn' },
    { id: 'a-officer', name: 'Vinh Hau officer', role: 'unit', unitCode: ON_TIME_A },
    { id: 'b-officer', name: 'Nhon Hoi officer', role: 'unit', unitCode: ON_TIME_B },
    { id: 'ca-officer', name: 'MPS officer', role: 'unit', unitCode: 'bo-ca' },
  ];
  Object.assign(tokens, await addPeople(system, people));
  await system.api('/v1/directives', {
    body: { id: 'lv', number: '214/NQ-CP', issuer: 'Chính phủ', issuedOn: '2025-07-23', title: 'Data action plan' },
  });
  const task = await system.api('/v1/directives/lv/tasks', {
    body: {
      id: 'lv-task',
      title: 'Dữ liệu dân cư',
      dueOn: '2099-12-31',
      assignees: { units: ['an-giang'] },
      leadUnits: ['an-giang'],
      coordinatingUnits: ['bo-ca', 'bo-khcn'],
    },
  });
  expect(task.status).toBe(202);
  await eventually(async () => {
    const rows = await system.deps.sql`SELECT unit_code FROM assignments WHERE task_id = 'lv-task' AND version > 0`;
    expect(rows).toHaveLength(3);
  });
}, 180_000);

afterAll(async () => {
  await system?.shutdown();
});

const officer = { token: () => tokens['ag-officer'] };

describe('units directory', () => {
  it('searches with or without diacritics, by kind and parent, without a token', async () => {
    const plain = await system.api('/v1/units?q=vinh%20hau&parent=an-giang', { token: null });
    expect(plain.status).toBe(200);
    expect(plain.body.items.map((u: { code: string }) => u.code)).toEqual([ON_TIME_A]);
    const marked = await system.api(`/v1/units?q=${encodeURIComponent('Vĩnh Hậu')}`, { token: null });
    expect(marked.body.items[0]).toMatchObject({ code: ON_TIME_A, parent: 'an-giang', kind: 'commune' });
    expect(marked.body.items[0].source).toContain('1654/NQ-UBTVQH15');
    const wards = await system.api('/v1/units?kind=ward&parent=ha-noi&limit=2', { token: null });
    expect(wards.body).toMatchObject({ total: 51, nextOffset: 2 });
    expect((await system.api('/v1/units', { token: null, body: { units: [] } })).status).toBe(401);
  });

  it('lets the admin register sub-units, alone or from CSV, and refuses an unknown parent naming the field', async () => {
    const csv =
      'code,nameVi,nameEn,kind,parent,validFrom,headRole,supervisingLeader\n' +
      'ag-so-nv-p1,Phòng Tổ chức,Organisation Division,division,ag-so-noi-vu,2025-07-01,Trưởng phòng,Giám đốc Sở\n';
    expect((await system.api('/v1/units/import', { body: { csv } })).body).toEqual({ created: ['ag-so-nv-p1'], unchanged: [] });
    expect((await system.api('/v1/units/import', { body: { csv } })).body).toEqual({ created: [], unchanged: ['ag-so-nv-p1'] });
    const bad = await system.api('/v1/units', {
      body: {
        units: [
          {
            code: 'x-1',
            nameVi: 'X',
            nameEn: 'X',
            kind: 'division',
            parent: 'nowhere',
            validFrom: '2025-01-01',
            validTo: null,
            headRole: 'h',
            supervisingLeader: 's',
          },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toContainEqual({ field: 'units.0.parent', reason: 'unknown unit nowhere' });
    const byOfficer = await system.api('/v1/units/import', { body: { csv }, token: officer.token() });
    expect(byOfficer.status).toBe(403);
    // Parsed in a bounded thread, read no further than the bound: 413 naming it, nothing registered.
    const header = 'code,nameVi,nameEn,kind,parent,validFrom,headRole,supervisingLeader\n';
    const tooMany = header + Array.from({ length: 2001 }, (_, i) => `ag-bulk-${i},P,P,division,ag-so-noi-vu,2025-07-01,T,G\n`).join('');
    const refused = await system.api('/v1/units/import', { body: { csv: tooMany } });
    expect(refused.status).toBe(413);
    expect(refused.body.errors).toEqual([{ field: 'csv', reason: 'more than 2000 units in one request: split the table' }]);
    const malformed = await system.api('/v1/units/import', { body: { csv: `${header}"unclosed,quote\n` } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('csv');
    expect((await system.deps.sql`SELECT 1 FROM units WHERE code LIKE 'ag-bulk-%'`).length).toBe(0);
    const found = await system.api('/v1/units?parent=ag-so-noi-vu', { token: null });
    expect(found.body.items.map((u: { code: string }) => u.code)).toEqual(['ag-so-nv-p1']);
  });
});

describe('passing an assignment on', () => {
  it('refuses a child due after the parent (422 naming the field) and a unit not below the holder', async () => {
    const late = await system.api('/v1/tasks/lv-task/assignments/an-giang/sub-assignments', {
      token: officer.token(),
      body: {
        children: [
          { unitCode: ON_TIME_A, dueOn: '2100-01-01' },
          { unitCode: 'hn-phuong-ba-dinh', dueOn: '2099-01-01' },
        ],
      },
    });
    expect(late.status).toBe(422);
    expect(late.body.errors.map((e: { field: string }) => e.field)).toEqual(['children.0.dueOn', 'children.1.unitCode']);
    const byCommune = await system.api('/v1/tasks/lv-task/assignments/an-giang/sub-assignments', {
      token: tokens['late-officer'],
      body: { children: [{ unitCode: ON_TIME_A, dueOn: '2099-01-01' }] },
    });
    expect(byCommune.status).toBe(404);
  });

  it('passes it on to three communes; one misses and its escalations reach only the province', async () => {
    const body = {
      children: [
        { unitCode: LATE, dueAt: new Date(Date.now() + 2_000).toISOString(), policy: fast },
        { unitCode: ON_TIME_A, dueOn: '2099-06-30' },
        { unitCode: ON_TIME_B, dueOn: '2099-06-30' },
      ],
      note: 'Triển khai trên địa bàn xã',
    };
    const passed = await system.api('/v1/tasks/lv-task/assignments/an-giang/sub-assignments', { token: officer.token(), body });
    expect(passed.status).toBe(202);
    expect(passed.body.created).toHaveLength(3);
    const again = await system.api('/v1/tasks/lv-task/assignments/an-giang/sub-assignments', { token: officer.token(), body });
    expect(again.body.created).toHaveLength(0);

    const escalations = await eventually(async () => {
      const rows = await system.deps.sql<{ recipient_unit: string; recipient_role: string }[]>`
        SELECT recipient_unit, recipient_role FROM notifications WHERE workflow_id = ${`assignment/lv-task/${LATE}`} AND kind = 'escalation'
        ORDER BY recipient_role`;
      expect(rows).toHaveLength(3);
      return rows;
    }, 30_000);
    expect(escalations).toEqual([
      { recipient_unit: 'an-giang', recipient_role: 'supervising_leader' },
      { recipient_unit: 'an-giang', recipient_role: 'unit_head' },
      { recipient_unit: 'an-giang', recipient_role: 'unit_officer' },
    ]);
    const emailed = await system.deps.sql<{ recipient: string }[]>`
      SELECT DISTINCT d.recipient FROM deliveries d JOIN notifications n ON n.id = d.notification_id
      WHERE n.workflow_id = ${`assignment/lv-task/${LATE}`} AND n.kind = 'escalation' ORDER BY d.recipient`;
    expect(emailed.map((r) => r.recipient)).toEqual(['ag-head', 'ag-leader', 'ag-officer']);
    const inbox = await system.api('/v1/units/an-giang/notifications?kind=escalation', { token: officer.token() });
    expect(inbox.status).toBe(200);
    // The officers' and the head's copies of one notice are one item in an officer's inbox, in both lists.
    const lateItems = (items: { workflowId: string; kind: string }[]) =>
      items.filter((n) => n.workflowId === `assignment/lv-task/${LATE}` && n.kind === 'escalation');
    expect(lateItems(inbox.body.items)).toHaveLength(1);
    const mine = await system.api('/v1/me/notifications?limit=200', { token: officer.token() });
    expect(lateItems(mine.body.items)).toHaveLength(1);
  }, 60_000);

  it('rolls up 2/3 with the laggard named, for the province, the Government Office and the subtree', async () => {
    for (const [unit, who] of [
      [ON_TIME_A, 'a-officer'],
      [ON_TIME_B, 'b-officer'],
    ] as const) {
      await eventually(async () => {
        const res = await system.api(`/v1/tasks/lv-task/assignments/${unit}/complete`, { token: tokens[who], body: { note: 'xong' } });
        expect(res.status).toBe(200);
      });
    }
    const view = await eventually(async () => {
      const res = await system.api('/v1/tasks/lv-task/assignments/an-giang/sub-assignments', { token: officer.token() });
      expect(res.body.direct.done).toBe(2);
      return res.body;
    });
    expect(view.direct).toMatchObject({ done: 2, total: 3, laggards: [{ unitCode: LATE, status: 'overdue' }] });
    expect(view.subtree).toMatchObject({ done: 2, total: 3 });
    expect(view.status).not.toMatch(/^completed/);
    const byCoordinator = await system.api('/v1/tasks/lv-task/assignments/an-giang/sub-assignments', { token: tokens.coord });
    expect(byCoordinator.body.direct).toMatchObject({ done: 2, total: 3 });
    const byLeader = await system.api(`/v1/tasks/lv-task/assignments/${LATE}`, { token: tokens['ag-leader'] });
    expect(byLeader.status).toBe(200);
    expect((await system.api(`/v1/tasks/lv-task/assignments/${LATE}`, { token: tokens['ct-leader'] })).status).toBe(404);
    const list = await system.api('/v1/assignments?task=lv-task', { token: officer.token() });
    expect(list.body.items.map((a: { unitCode: string }) => a.unitCode).sort()).toEqual(
      ['an-giang', 'bo-ca', 'bo-khcn', LATE, ON_TIME_B, ON_TIME_A].sort(),
    );
  });

  it("hides a sibling commune's assignment (404) and lets a commune see only its own", async () => {
    expect((await system.api(`/v1/tasks/lv-task/assignments/${ON_TIME_A}`, { token: tokens['late-officer'] })).status).toBe(404);
    expect((await system.api(`/v1/tasks/lv-task/assignments/${LATE}`, { token: tokens['late-officer'] })).status).toBe(200);
    const list = await system.api('/v1/assignments?task=lv-task', { token: tokens['late-officer'] });
    expect(list.body.items.map((a: { unitCode: string }) => a.unitCode)).toEqual([LATE]);
    // Nor may the province act for the commune: deciding is its part, doing is the commune's.
    expect((await system.api(`/v1/tasks/lv-task/assignments/${LATE}/acknowledge`, { token: officer.token(), body: {} })).status).toBe(403);
  });
});

describe('co-operating units', () => {
  it('gives each ministry a contribution due before the lead, which An Giang confirms', async () => {
    const lead = await system.api('/v1/tasks/lv-task/assignments/an-giang', { token: tokens.coord });
    const contribution = await system.api('/v1/tasks/lv-task/assignments/bo-ca', { token: tokens.coord });
    expect(contribution.body.dueOn < lead.body.dueOn).toBe(true);
    await eventually(async () => {
      expect(
        (await system.api('/v1/tasks/lv-task/assignments/bo-ca/complete', { token: tokens['ca-officer'], body: { note: 'góp ý' } })).status,
      ).toBe(200);
    });
    const reported = await eventually(async () => {
      const rows = await system.deps.sql<{ recipient_unit: string; recipient_role: string }[]>`
        SELECT recipient_unit, recipient_role FROM notifications WHERE workflow_id = 'assignment/lv-task/bo-ca' AND kind = 'completion_reported'`;
      expect(rows.length).toBeGreaterThan(0);
      return rows;
    });
    expect(reported.every((r) => r.recipient_unit === 'an-giang')).toBe(true);
    expect((await system.api('/v1/tasks/lv-task/assignments/bo-ca/confirm', { token: tokens['late-officer'], body: {} })).status).toBe(404);
    const confirmed = await system.api('/v1/tasks/lv-task/assignments/bo-ca/confirm', { token: officer.token(), body: { note: 'đạt' } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toMatch(/^completed/);
  });
});

describe('following the parent', () => {
  it('cancels the children with their parent', async () => {
    await system.api('/v1/directives/lv/tasks', {
      body: { id: 'lv-cancel', title: 'C', dueOn: '2099-12-31', assignees: { units: ['ha-noi'] } },
    });
    await eventually(async () => {
      const res = await system.api('/v1/tasks/lv-cancel/assignments/ha-noi/sub-assignments', {
        body: {
          children: [
            { unitCode: 'hn-phuong-ba-dinh', dueOn: '2099-06-30' },
            { unitCode: 'hn-so-y-te', dueOn: '2099-06-30' },
          ],
        },
      });
      expect(res.status).toBe(202);
    });
    await eventually(async () => {
      expect((await system.api('/v1/tasks/lv-cancel/assignments/ha-noi/cancel', { body: { reason: 'superseded' } })).status).toBe(200);
    });
    await eventually(async () => {
      const rows = await system.deps.sql`SELECT status FROM assignments WHERE task_id = 'lv-cancel' AND parent_workflow_id IS NOT NULL`;
      expect(rows.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    });
  });
});

describe('task roll-up', () => {
  it('counts the lead side for k of N: An Giang open at the top, the commune its own', async () => {
    const office = await system.api('/v1/tasks/lv-task/progress', { token: tokens.coord });
    expect(office.body).toMatchObject({ total: 1, completed: 0 });
    // The province row: An Giang open with 2/3 below, the laggard named, the ministries' contributions beside it.
    expect(office.body.units).toHaveLength(1);
    expect(office.body.units[0]).toMatchObject({
      unitCode: 'an-giang',
      subAssignments: { direct: { done: 2, total: 3, laggards: [{ unitCode: LATE }] }, subtree: { done: 2, total: 3 } },
    });
    expect(office.body.units[0].status).not.toMatch(/^completed/);
    const contributions = office.body.units[0].cooperating.map((c: { unitCode: string; status: string }) => [
      c.unitCode,
      c.status.startsWith('completed'),
    ]);
    expect(contributions).toEqual([
      ['bo-ca', true],
      ['bo-khcn', false],
    ]);
    expect(office.body.cooperating).toEqual([]);
    const province = await system.api('/v1/tasks/lv-task/progress', { token: tokens['ag-leader'] });
    expect(province.body.units.map((u: { unitCode: string }) => u.unitCode)).toEqual(['an-giang']);
    expect(province.body.units[0].subAssignments.subtree).toMatchObject({ done: 2, total: 3 });
    const commune = await system.api('/v1/tasks/lv-task/progress', { token: tokens['late-officer'] });
    expect(commune.body.total).toBe(1);
    expect(commune.body.laggards.map((l: { unitCode: string }) => l.unitCode)).toEqual([LATE]);
    expect(commune.body.units).toMatchObject([
      { unitCode: LATE, subAssignments: { direct: { total: 0 }, subtree: { total: 0 } }, cooperating: [] },
    ]);
    expect(commune.body.cooperating).toEqual([]);
    // A co-operating ministry sees its own contribution, beside no lead row of its own.
    const ministry = await system.api('/v1/tasks/lv-task/progress', { token: tokens['ca-officer'] });
    expect(ministry.body).toMatchObject({ total: 0, units: [], cooperating: [{ unitCode: 'bo-ca', answersTo: 'an-giang' }] });
  });
});
