/**
 * Tasks down the levels (issue 19), the rest, on the real servers: a reorganisation applied to provinces holding
 * sub-assignments keeps every level's counts right (the dissolved holder's children follow it to the successor,
 * merged or new); the task roll-up's province rows carry the subtree counts and the co-operating units' state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/system';
import { addPeople } from '../support/people';

let system: TestSystem;
const tokens: Record<string, string> = {};

/** Kien Giang's and Dak Nong's own units, registered as their officers would before the 2025 reorganisation. */
const subUnit = (code: string, parent: string, kind = 'department') => ({
  code,
  nameVi: `Đơn vị ${code}`,
  nameEn: `Unit ${code}`,
  kind,
  parent,
  validFrom: '2024-01-01',
  validTo: null,
  headRole: 'Giám đốc',
  supervisingLeader: 'Chủ tịch UBND tỉnh',
});

async function passOn(taskId: string, holder: string, children: string[]): Promise<void> {
  await eventually(async () => {
    const res = await system.api(`/v1/tasks/${taskId}/assignments/${holder}/sub-assignments`, {
      body: { children: children.map((unitCode) => ({ unitCode, dueOn: '2099-06-30' })) },
    });
    expect(res.status).toBe(202);
  });
  await eventually(async () => {
    const rows = await system.deps
      .sql`SELECT 1 FROM assignments WHERE task_id = ${taskId} AND unit_code = ANY(${children}) AND version > 0`;
    expect(rows).toHaveLength(children.length);
  });
}

async function complete(taskId: string, unitCode: string): Promise<void> {
  await eventually(async () => {
    const res = await system.api(`/v1/tasks/${taskId}/assignments/${unitCode}/complete`, { body: { note: 'xong' } });
    expect(res.status).toBe(200);
  });
}

async function createTask(body: Record<string, unknown>, units: number): Promise<void> {
  expect((await system.api('/v1/directives/rl/tasks', { body })).status).toBe(202);
  await eventually(async () => {
    const rows = await system.deps.sql`SELECT 1 FROM assignments WHERE task_id = ${body.id as string} AND version > 0`;
    expect(rows).toHaveLength(units);
  });
}

async function applyReorganisation(id: string): Promise<unknown> {
  const applied = await system.api(`/v1/reorganisations/${id}/apply`, { body: {} });
  expect(applied.status).toBe(202);
  return eventually(async () => {
    const res = await system.api(applied.headers.get('location')!);
    expect(res.body).toMatchObject({ finished: true });
    return res.body;
  }, 60_000);
}

const subtreeOf = (taskId: string, unitCode: string, token?: string) =>
  system.api(`/v1/tasks/${taskId}/assignments/${unitCode}/sub-assignments`, token ? { token } : {});

beforeAll(async () => {
  system = await startTestSystem();
  const people = [
    { id: 'ag-officer', name: 'An Giang officer', role: 'unit', unitCode: 'an-giang', email: 'officer@angiang.gov.vn' },
    { id: 'ld-officer', name: 'Lam Dong officer', role: 'unit', unitCode: 'lam-dong' },
    { id: 'hn-officer', name: 'Ha Noi officer', role: 'unit', unitCode: 'ha-noi', email: 'officer@hanoi.gov.vn', language: 'en' },
  ];
  Object.assign(tokens, await addPeople(system, people));
  const units = [
    subUnit('kg-so-tai-chinh', 'kien-giang'),
    subUnit('kg-so-tc-ngan-sach', 'kg-so-tai-chinh', 'division'),
    subUnit('kg-so-y-te', 'kien-giang'),
    subUnit('dn-so-y-te', 'dak-nong'),
    subUnit('dn-so-gddt', 'dak-nong'),
    subUnit('hn-so-nv-to-chuc', 'hn-so-noi-vu', 'division'),
  ];
  expect((await system.api('/v1/units', { body: { units } })).status).toBe(201);
  await system.api('/v1/directives', {
    body: { id: 'rl', number: '7/NQ-CP', issuer: 'Chính phủ', issuedOn: '2024-05-06', title: 'Before the reorganisation' },
  });

  // Both provinces hold the task: Kien Giang's work merges into An Giang's, children and grandchildren with it.
  await createTask({ id: 'rl-merge', title: 'Merged', dueOn: '2099-12-31', assignees: { units: ['an-giang', 'kien-giang'] } }, 2);
  await passOn('rl-merge', 'an-giang', ['ag-xa-vinh-hau', 'ag-xa-nhon-hoi']);
  await passOn('rl-merge', 'kien-giang', ['kg-so-tai-chinh', 'kg-so-y-te']);
  await passOn('rl-merge', 'kg-so-tai-chinh', ['kg-so-tc-ngan-sach']);
  await complete('rl-merge', 'ag-xa-nhon-hoi');
  await complete('rl-merge', 'kg-so-y-te');
  await complete('rl-merge', 'kg-so-tc-ngan-sach');
  // Only Dak Nong holds it: Lam Dong takes it over as a new assignment, with its children.
  await createTask({ id: 'rl-move', title: 'Moved', dueOn: '2099-12-31', assignees: { units: ['dak-nong'] } }, 1);
  await passOn('rl-move', 'dak-nong', ['dn-so-y-te', 'dn-so-gddt']);
  await complete('rl-move', 'dn-so-y-te');
  // Kien Giang leads, two ministries co-operate; one of them is merged into another ministry first. Both contributions
  // end up answering to An Giang.
  await createTask(
    { id: 'rl-lead', title: 'Led', dueOn: '2099-12-31', assignees: { units: ['kien-giang'] }, coordinatingUnits: ['bo-ca', 'bo-tttt'] },
    3,
  );

  expect(await applyReorganisation('2025-03-ministries')).toMatchObject({ total: 1, done: 1, merged: 0, failures: [] });
  expect(await applyReorganisation('2025-07-provinces')).toMatchObject({ total: 3, done: 3, merged: 1, failures: [] });
  // The successors' timelines are written by their own workflows, after the batch answers.
  await eventually(async () => {
    const rows = await system.deps.sql`
      SELECT 1 FROM assignments WHERE (task_id, unit_code) IN (('rl-move', 'lam-dong'), ('rl-lead', 'an-giang'), ('rl-lead', 'bo-khcn'))
        AND version > 0`;
    expect(rows).toHaveLength(3);
  });
}, 240_000);

afterAll(async () => {
  await system?.shutdown();
});

describe('a reorganisation with sub-assignments', () => {
  it("merges the dissolved holder's children under the successor, counting each level once", async () => {
    const view = await eventually(async () => {
      const res = await subtreeOf('rl-merge', 'an-giang', tokens['ag-officer']);
      expect(res.status).toBe(200);
      expect(res.body.direct.total).toBe(4);
      return res.body;
    });
    expect(view.direct).toMatchObject({ done: 2, total: 4 });
    expect(view.subtree).toMatchObject({ done: 3, total: 5 });
    const parents = Object.fromEntries(
      view.children.map((c: { unitCode: string; parentUnit: string; depth: number }) => [c.unitCode, [c.parentUnit, c.depth]]),
    );
    expect(parents).toEqual({
      'ag-xa-vinh-hau': ['an-giang', 1],
      'ag-xa-nhon-hoi': ['an-giang', 1],
      'kg-so-tai-chinh': ['an-giang', 1],
      'kg-so-y-te': ['an-giang', 1],
      'kg-so-tc-ngan-sach': ['kg-so-tai-chinh', 2],
    });
    // The level in between keeps its own count.
    expect((await subtreeOf('rl-merge', 'kg-so-tai-chinh')).body.direct).toMatchObject({ done: 1, total: 1 });
    // The merged assignment is counted once at the top, its row carrying the merged subtree; its children answer to An Giang now.
    const top = await system.api('/v1/tasks/rl-merge/progress');
    expect(top.body).toMatchObject({ total: 1, completed: 0 });
    expect(top.body.units).toMatchObject([
      { unitCode: 'an-giang', subAssignments: { direct: { done: 2, total: 4 }, subtree: { done: 3, total: 5 } } },
    ]);
    const levels = await system.deps.sql<{ unit_code: string; answers_to: string; ancestor_units: string[] }[]>`
      SELECT unit_code, answers_to, ancestor_units FROM assignments WHERE task_id = 'rl-merge' AND parent_workflow_id IS NOT NULL ORDER BY unit_code`;
    expect(levels.filter((l) => l.unit_code.startsWith('kg-'))).toEqual([
      { unit_code: 'kg-so-tai-chinh', answers_to: 'an-giang', ancestor_units: ['an-giang'] },
      { unit_code: 'kg-so-tc-ngan-sach', answers_to: 'kg-so-tai-chinh', ancestor_units: ['an-giang', 'kg-so-tai-chinh'] },
      { unit_code: 'kg-so-y-te', answers_to: 'an-giang', ancestor_units: ['an-giang'] },
    ]);
    // An Giang's people see the grandchild now; the dissolved holder has no subtree left.
    expect((await system.api('/v1/tasks/rl-merge/assignments/kg-so-tc-ngan-sach', { token: tokens['ag-officer'] })).status).toBe(200);
    expect((await subtreeOf('rl-merge', 'kien-giang')).body.direct).toMatchObject({ done: 0, total: 0 });
  });

  it("gives a new successor the dissolved holder's children", async () => {
    const view = await eventually(async () => {
      const res = await subtreeOf('rl-move', 'lam-dong', tokens['ld-officer']);
      expect(res.status).toBe(200);
      expect(res.body.direct.total).toBe(2);
      return res.body;
    });
    expect(view.direct).toMatchObject({ done: 1, total: 2, laggards: [] });
    expect(view.children.map((c: { parentUnit: string }) => c.parentUnit)).toEqual(['lam-dong', 'lam-dong']);
    expect((await system.api('/v1/tasks/rl-move/progress')).body).toMatchObject({
      total: 1,
      completed: 0,
      units: [{ unitCode: 'lam-dong', subAssignments: { direct: { done: 1, total: 2 }, subtree: { done: 1, total: 2 } } }],
    });
    expect((await system.api('/v1/tasks/rl-move/assignments/dn-so-gddt', { token: tokens['ld-officer'] })).status).toBe(200);
  });

  it("sends the co-operating contributions to the lead's successor, which confirms them", async () => {
    const rows = await system.deps.sql<{ unit_code: string; answers_to: string; ancestor_units: string[]; role: string }[]>`
      SELECT unit_code, answers_to, ancestor_units, role FROM assignments WHERE task_id = 'rl-lead' AND role = 'cooperating'
        AND status <> 'reassigned' ORDER BY unit_code`;
    expect(rows).toEqual([
      { unit_code: 'bo-ca', answers_to: 'an-giang', ancestor_units: ['an-giang'], role: 'cooperating' },
      { unit_code: 'bo-khcn', answers_to: 'an-giang', ancestor_units: ['an-giang'], role: 'cooperating' },
    ]);
    await complete('rl-lead', 'bo-ca');
    const confirmed = await eventually(async () => {
      const res = await system.api('/v1/tasks/rl-lead/assignments/bo-ca/confirm', { token: tokens['ag-officer'], body: { note: 'đạt' } });
      expect(res.status).toBe(200);
      return res.body;
    });
    expect(confirmed.status).toMatch(/^completed/);
    const rollUp = await system.api('/v1/tasks/rl-lead/progress', { token: tokens['ag-officer'] });
    expect(rollUp.body.units).toHaveLength(1);
    expect(rollUp.body.units[0].unitCode).toBe('an-giang');
    expect(rollUp.body.units[0].cooperating.map((c: { unitCode: string; status: string }) => [c.unitCode, c.status])).toEqual([
      ['bo-ca', confirmed.status],
      ['bo-khcn', 'not_due'],
    ]);
  });
});

describe('the holder told when all its sub-assignments are done', () => {
  const allDone = (workflowId: string) =>
    system.deps.sql<{ recipient_unit: string; recipient_role: string; id: string }[]>`
      SELECT recipient_unit, recipient_role, id::text FROM notifications WHERE workflow_id = ${workflowId} AND kind = 'sub_assignments_done'`;

  it("tells the holder's officers once, when the last children complete at the same moment", async () => {
    await createTask({ id: 'rl-done', title: 'Xong hết', titleEn: 'All done', dueOn: '2099-12-31', assignees: { units: ['ha-noi'] } }, 1);
    await passOn('rl-done', 'ha-noi', ['hn-phuong-ba-dinh', 'hn-so-y-te', 'hn-so-gddt']);
    await complete('rl-done', 'hn-phuong-ba-dinh');
    expect(await allDone('assignment/rl-done/ha-noi')).toEqual([]);
    await Promise.all([complete('rl-done', 'hn-so-y-te'), complete('rl-done', 'hn-so-gddt')]);
    const notices = await eventually(async () => {
      const rows = await allDone('assignment/rl-done/ha-noi');
      expect(rows).toHaveLength(1);
      return rows;
    });
    expect(notices[0]).toMatchObject({ recipient_unit: 'ha-noi', recipient_role: 'unit_officer' });
    const inbox = await system.api('/v1/units/ha-noi/notifications?kind=sub_assignments_done', { token: tokens['hn-officer'] });
    expect(inbox.body.items).toHaveLength(1);
    expect(inbox.body.items[0].title).toBe('All sub-assignments done: All done');
    const emailed = await system.deps.sql<{ recipient: string }[]>`
      SELECT recipient FROM deliveries WHERE notification_id = ${notices[0]!.id} AND channel = 'email'`;
    expect(emailed.map((r) => r.recipient)).toEqual(['hn-officer']);
    // The holder's own completion stays its decision.
    expect((await system.api('/v1/tasks/rl-done/assignments/ha-noi')).body.status).not.toMatch(/^completed/);
  });

  it("tells a reorganisation's successor when the children it took over are done", async () => {
    expect(await allDone('assignment/rl-move/lam-dong')).toEqual([]);
    await complete('rl-move', 'dn-so-gddt');
    const notices = await eventually(async () => {
      const rows = await allDone('assignment/rl-move/lam-dong');
      expect(rows).toHaveLength(1);
      return rows;
    });
    expect(notices[0]).toMatchObject({ recipient_unit: 'lam-dong', recipient_role: 'unit_officer' });
  });
});

describe('following the parent, as a workflow', () => {
  it('moves the children after an extension once, however often it is asked', async () => {
    await createTask({ id: 'rl-ext', title: 'Gia hạn', dueOn: '2099-12-31', assignees: { units: ['ha-noi'] } }, 1);
    await passOn('rl-ext', 'ha-noi', ['hn-phuong-cua-nam', 'hn-so-tu-phap']);
    await complete('rl-ext', 'hn-so-tu-phap');
    const base = '/v1/tasks/rl-ext/assignments/ha-noi';
    expect((await system.api(`${base}/extension-requests`, { body: { newDueOn: '2100-01-10', reason: 'tham vấn' } })).status).toBe(200);
    expect((await system.api(`${base}/extension-decision`, { body: { approve: true } })).status).toBe(200);
    const moved = await system.api(`${base}/sub-assignments/move-due-dates`, { body: {} });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({
      moved: [{ unitCode: 'hn-phuong-cua-nam', from: '2099-06-30', to: '2099-07-10' }],
      unchanged: ['hn-so-tu-phap'],
    });
    // Asked again (a retried request): the same cascade answers, and nothing moves twice.
    expect((await system.api(`${base}/sub-assignments/move-due-dates`, { body: {} })).body).toEqual(moved.body);
    const [child] = await system.deps.sql<{ due_on: string }[]>`
      SELECT due_on::text FROM assignments WHERE workflow_id = 'assignment/rl-ext/hn-phuong-cua-nam'`;
    expect(child!.due_on).toBe('2099-07-10');
    const cascade = await system.deps.temporal.workflow.getHandle('cascade/move/assignment/rl-ext/ha-noi/2100-01-10').describe();
    expect(cascade.status.name).toBe('COMPLETED');
    expect(cascade.taskQueue).toMatch(/-fanout$/);
  });

  it('cancels the whole subtree in a cascade workflow the cancel request only starts', async () => {
    await createTask({ id: 'rl-cancel', title: 'Hủy', dueOn: '2099-12-31', assignees: { units: ['ha-noi'] } }, 1);
    await passOn('rl-cancel', 'ha-noi', ['hn-so-noi-vu', 'hn-so-khcn', 'hn-phuong-hoan-kiem']);
    await passOn('rl-cancel', 'hn-so-noi-vu', ['hn-so-nv-to-chuc']);
    await complete('rl-cancel', 'hn-phuong-hoan-kiem');
    const cancelled = await system.api('/v1/tasks/rl-cancel/assignments/ha-noi/cancel', { body: { reason: 'thay thế' } });
    expect(cancelled.status).toBe(200);
    const result = await system.deps.temporal.workflow.getHandle('cascade/cancel/assignment/rl-cancel/ha-noi').result();
    expect(result.done.map((s: { unitCode: string }) => s.unitCode).sort()).toEqual(['hn-so-khcn', 'hn-so-noi-vu', 'hn-so-nv-to-chuc']);
    const rows = await system.deps.sql<{ unit_code: string; status: string }[]>`
      SELECT unit_code, status FROM assignments WHERE task_id = 'rl-cancel' AND parent_workflow_id IS NOT NULL ORDER BY unit_code`;
    expect(rows).toEqual([
      { unit_code: 'hn-phuong-hoan-kiem', status: 'completed_on_time' },
      { unit_code: 'hn-so-khcn', status: 'cancelled' },
      { unit_code: 'hn-so-noi-vu', status: 'cancelled' },
      { unit_code: 'hn-so-nv-to-chuc', status: 'cancelled' },
    ]);
    // The closed parent refuses a second cancel, so the cascade runs once.
    expect((await system.api('/v1/tasks/rl-cancel/assignments/ha-noi/cancel', { body: { reason: 'thay thế' } })).status).toBe(409);
  });
});
