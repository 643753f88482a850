/**
 * Issues 29.6, 30.1–30.4 and 30.14 on the real servers: the web's directive list, report and exports give the same
 * k of N as the API from the same scoped calls (no co-operating contributions, no sub-assignments, communes not
 * under "bộ, cơ quan", no task titles out of scope); a commune's sub-assignment past its dueAt is overdue in the
 * execution report; a unit's own document date does not beat a time-of-day deadline; page 1 is the first page; the
 * issuer filter lists the Government Office once; the API's headline has a Vietnamese twin.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toVnDate } from '../../domain/dates';
import { eventually } from '../support/eventually';
import { addPeople } from '../support/people';
import { startTestSystem, type TestSystem } from '../support/system';
import { webSession } from '../support/web-session';

let system: TestSystem;
const tokens: Record<string, string> = {};
const COMMUNE = 'ag-xa-an-phu';
const SECRET = 'Nhiệm vụ riêng của Bộ Tài chính';
const today = toVnDate(new Date());

async function act(taskId: string, unit: string, action: string, body: unknown, token?: string) {
  const res = await system.api(`/v1/tasks/${taskId}/assignments/${unit}/${action}`, { body, ...(token ? { token } : {}) });
  expect(res.status, `${action} ${taskId}/${unit}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body;
}

async function web(token: string, path: string): Promise<Response> {
  const session = await webSession(system.apiUrl, token);
  return fetch(`${system.apiUrl}${path}`, { headers: { cookie: `dd_session=${session}` } });
}

beforeAll(async () => {
  system = await startTestSystem();
  const people = [
    { id: 'fg-coord', name: 'Coordinator', role: 'coordinator' },
    { id: 'fg-ag', name: 'An Giang officer', role: 'unit', unitCode: 'an-giang' },
    { id: 'fg-commune', name: 'An Phu officer', role: 'unit', unitCode: COMMUNE },
    { id: 'fg-vpcp', name: 'Government Office unit officer', role: 'unit', unitCode: 'vpcp' },
    { id: 'fg-ct', name: 'Can Tho officer', role: 'unit', unitCode: 'can-tho' },
  ];
  Object.assign(tokens, await addPeople(system, people));
  const directives = [
    { id: 'fg', number: '1/TB-FG', issuer: 'Văn phòng Chính phủ', issuedOn: today, title: 'Figures' },
    { id: 'fg-vpcp', number: '2/TB-FG', issuer: 'VPCP', issuedOn: today, title: 'Abbreviated issuer' },
    { id: 'fg-bilingual', number: '3/TB-FG', issuer: 'Văn phòng Chính phủ / Government Office', issuedOn: today, title: 'Bilingual' },
  ];
  for (const body of directives) expect((await system.api('/v1/directives', { body })).status).toBeLessThan(300);
  const tasks: [string, Record<string, unknown>][] = [
    // A lead province with two co-operating ministries: 0/1, one locality, no "bộ, cơ quan".
    [
      'fg',
      {
        id: 'fg-lead',
        title: 'Dữ liệu dân cư',
        dueOn: '2099-12-31',
        assignees: { units: ['an-giang'] },
        coordinatingUnits: ['bo-ca', 'bo-xd'],
      },
    ],
    // Two ministries and a province as leads: 0/3, 0/1 localities, 0/2 ministries.
    ['fg', { id: 'fg-three', title: 'Báo cáo chung', dueOn: '2099-12-31', assignees: { units: ['an-giang', 'bo-ca', 'bo-xd'] } }],
    // Assigned only to another ministry: no An Giang, commune or Government Office officer may see its title.
    ['fg', { id: 'fg-secret', title: SECRET, dueOn: '2099-12-31', assignees: { units: ['bo-tc'] } }],
    ['fg-vpcp', { id: 'fg-v', title: 'VPCP task', dueOn: '2099-12-31', assignees: { units: ['bo-tc'] } }],
    ['fg-bilingual', { id: 'fg-b', title: 'Bilingual task', dueOn: '2099-12-31', assignees: { units: ['bo-tc'] } }],
  ];
  for (const [directive, body] of tasks) expect((await system.api(`/v1/directives/${directive}/tasks`, { body })).status).toBe(202);
  await eventually(async () => {
    const rows = await system.deps.sql`SELECT 1 FROM assignments WHERE directive_id LIKE 'fg%' AND version > 0`;
    expect(rows).toHaveLength(9);
  }, 60_000);
  // An Giang passes the lead task on to a commune, due a few seconds from now.
  const passed = await system.api('/v1/tasks/fg-lead/assignments/an-giang/sub-assignments', {
    token: tokens['fg-ag'],
    body: { children: [{ unitCode: COMMUNE, dueAt: new Date(Date.now() + 3_000).toISOString() }] },
  });
  expect(passed.status, JSON.stringify(passed.body)).toBe(202);
  await eventually(async () => {
    const [row] = await system.deps.sql<
      { status: string }[]
    >`SELECT status FROM assignments WHERE task_id = 'fg-lead' AND unit_code = ${COMMUNE}`;
    expect(row?.status).toBe('overdue');
  }, 60_000);
}, 240_000);

afterAll(async () => {
  await system?.shutdown();
});

/** The `<li data-task=…>` text of the web's directive list for one task. */
function taskLine(html: string, taskId: string): string {
  const m = new RegExp(`<li[^>]*data-task="${taskId}"[^>]*>([\\s\\S]*?)</li>`).exec(html);
  return m ? m[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ') : '';
}

describe('the web list, the task page, the API and the exports give the same k of N (issue 30.3)', () => {
  it('counts the lead assignments of the level only, and communes are not "bộ, cơ quan"', async () => {
    const api = await system.api('/v1/directives/fg/progress');
    expect(api.status).toBe(200);
    const byTask = Object.fromEntries(api.body.tasks.map((t: { taskId: string }) => [t.taskId, t]));
    expect(byTask['fg-lead']).toMatchObject({
      completed: 0,
      total: 1,
      byGroup: { localities: { done: 0, total: 1 }, ministries: { done: 0, total: 0 } },
    });
    expect(byTask['fg-three']).toMatchObject({
      completed: 0,
      total: 3,
      byGroup: { localities: { done: 0, total: 1 }, ministries: { done: 0, total: 2 } },
    });
    expect(api.body.headlineVi).toBe('0/2 địa phương và 0/3 bộ, cơ quan hoàn thành');

    const html = await (await web(ADMIN(), '/web/directives?lang=vi')).text();
    for (const id of ['fg-lead', 'fg-three']) {
      const t = byTask[id];
      expect(taskLine(html, id)).toContain(`${t.completed}/${t.total} `);
    }
    expect(taskLine(html, 'fg-lead')).toContain('0/1 địa phương');
    expect(taskLine(html, 'fg-lead')).not.toContain('bộ, cơ quan');
    expect(taskLine(html, 'fg-three')).toContain('0/1 địa phương, 0/2 bộ, cơ quan');
  });

  it('names one on-time rate, the API’s, on the web report', async () => {
    const html = await (await web(ADMIN(), '/web/reports/fg?lang=vi')).text();
    expect(html).toContain('data-testid="on-time-rate-definition"');
    expect(html).toContain('hoàn thành đúng hạn ÷ (đã hoàn thành + quá hạn chưa hoàn thành)');
  });
});

describe('a sub-assignment past its dueAt is overdue in the report and on the board (issue 30.2)', () => {
  it('counts the commune open overdue, as its status says', async () => {
    const res = await system.api(`/v1/reports/execution?assignedFrom=${today}&assignedTo=${today}&groupBy=unit`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const commune = res.body.groups.find((g: { key: string }) => g.key === COMMUNE);
    expect(commune).toMatchObject({ total: 1, openWithinDeadline: 0, openOverdue: 1 });
    const behind = await system.api(`/v1/reports/execution/assignments?assignedFrom=${today}&assignedTo=${today}&column=openOverdue`);
    expect(behind.body.items.map((i: { unitCode: string }) => i.unitCode)).toContain(COMMUNE);
  });
});

describe('task titles stay in scope on the web (issue 29.6) and the list is the caller’s (issue 30.14)', () => {
  it.each(['fg-ag', 'fg-commune', 'fg-vpcp'])('%s does not see another ministry’s task anywhere', async (person) => {
    const token = tokens[person]!;
    const list = await (await web(token, '/web/directives?lang=vi')).text();
    expect(list).not.toContain(SECRET);
    // Directives never addressed to the caller's unit are not listed.
    expect(list).not.toContain('2/TB-FG');
    const report = await web(token, '/web/reports/fg?lang=vi');
    if (report.status === 200) expect(await report.text()).not.toContain(SECRET);
    const csv = await web(token, '/web/reports/fg/report.csv?lang=vi');
    if (csv.status === 200) expect(await csv.text()).not.toContain(SECRET);
    const xlsx = await web(token, '/web/reports/fg/report.xlsx?lang=vi');
    if (xlsx.status === 200) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
      const cells: string[] = [];
      wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => cells.push(String(c.value)))));
      expect(cells.join('\n')).not.toContain(SECRET);
    }
  });

  it('the An Giang and commune officers still see their own task', async () => {
    for (const person of ['fg-ag', 'fg-commune']) {
      const list = await (await web(tokens[person]!, '/web/directives?lang=vi')).text();
      expect(list).toContain('data-task="fg-lead"');
    }
  });

  it('page 1 is the first page and the issuer filter lists the Government Office once', async () => {
    const first = await (await web(ADMIN(), '/web/directives?lang=vi')).text();
    const one = await (await web(ADMIN(), '/web/directives?lang=vi&page=1')).text();
    const ids = (html: string) => [...html.matchAll(/data-directive="([^"]+)"/g)].map((m) => m[1]);
    expect(ids(one)).toEqual(ids(first));
    const options = [...first.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]).filter((v) => /ch[ií]nh ph/i.test(v!) || v === 'VPCP');
    expect(options.filter((o) => o!.startsWith('Văn phòng Chính phủ'))).toHaveLength(1);
    expect(options).not.toContain('VPCP');
    // Filtering by it finds every spelling of it.
    const filtered = await (await web(ADMIN(), `/web/directives?lang=vi&issuer=${encodeURIComponent('Văn phòng Chính phủ')}`)).text();
    expect(ids(filtered)).toEqual(expect.arrayContaining(['fg', 'fg-vpcp', 'fg-bilingual']));
  });
});

describe('a unit’s own document date does not make a late completion on time (issue 30.1)', () => {
  it('judges a completion against a time-of-day deadline by its recorded time, and says so', async () => {
    const dueAt = Date.now() + 3_000;
    const created = await system.api('/v1/directives/fg/tasks', {
      body: { id: 'fg-timed', title: 'Timed', dueAt: new Date(dueAt).toISOString(), assignees: { units: ['can-tho', 'ha-noi'] } },
    });
    expect(created.status).toBe(202);
    await eventually(async () => {
      const rows = await system.deps.sql<{ status: string }[]>`SELECT status FROM assignments WHERE task_id = 'fg-timed'`;
      expect(rows.map((r) => r.status)).toEqual(['overdue', 'overdue']);
    }, 60_000);
    await act('fg-timed', 'can-tho', 'complete', { note: 'done', documentNumber: '1/BC', documentDate: toVnDate(new Date(dueAt)) });
    await act('fg-timed', 'ha-noi', 'complete', { note: 'done' });
    const both = await eventually(async () => {
      const items = await Promise.all(['can-tho', 'ha-noi'].map((u) => system.api(`/v1/tasks/fg-timed/assignments/${u}`)));
      const body = items.map((r) => r.body);
      expect(body.map((b) => b.status)).toEqual(['completed_late', 'completed_late']);
      return body;
    });
    expect(both.map((b) => b.completionBasis)).toEqual(['recorded', 'recorded']);
    const behind = await system.api(`/v1/reports/execution/assignments?assignedFrom=${today}&assignedTo=${today}&column=completedLate`);
    const timed = behind.body.items.filter((i: { taskId: string }) => i.taskId === 'fg-timed');
    expect(timed.map((i: { unitCode: string; completionBasis: string }) => [i.unitCode, i.completionBasis]).sort()).toEqual([
      ['can-tho', 'recorded'],
      ['ha-noi', 'recorded'],
    ]);
  });
});

describe('a self-declared date against a whole-day deadline (issue 30.1)', () => {
  it('counts only once the assigner stands behind it', async () => {
    const directive = { id: 'fg-old', number: '4/TB-FG', issuer: 'Văn phòng Chính phủ', issuedOn: '2023-05-06', title: 'Old' };
    expect((await system.api('/v1/directives', { body: directive })).status).toBeLessThan(300);
    const created = await system.api('/v1/directives/fg-old/tasks', {
      body: { id: 'fg-day', title: 'Whole day', dueOn: '2023-06-20', assignees: { units: ['can-tho', 'ha-noi'] } },
    });
    expect(created.status).toBe(202);
    await eventually(async () => {
      const rows = await system.deps.sql`SELECT 1 FROM assignments WHERE task_id = 'fg-day' AND version > 0`;
      expect(rows).toHaveLength(2);
    });
    const documented = { note: 'done', documentNumber: '9/BC', documentDate: '2023-06-19' };
    // The unit's own officer, no confirmation asked: the recorded time (today) decides.
    await act('fg-day', 'can-tho', 'complete', documented, tokens['fg-ct']);
    // The coordinator records it: the assigner's side stands behind the date.
    await act('fg-day', 'ha-noi', 'complete', documented, ADMIN());
    const views = await eventually(async () => {
      const items = await Promise.all(['can-tho', 'ha-noi'].map((u) => system.api(`/v1/tasks/fg-day/assignments/${u}`)));
      const body = items.map((r) => r.body);
      expect(body.every((b) => b.status.startsWith('completed'))).toBe(true);
      return body;
    });
    expect(views.map((b) => [b.status, b.completionBasis])).toEqual([
      ['completed_late', 'recorded'],
      ['completed_on_time', 'confirmed-document-date'],
    ]);
    const behind = await system.api(`/v1/reports/execution/assignments?assignedFrom=2023-01-01&assignedTo=2023-12-31&directive=fg-old`);
    const day = behind.body.items.filter((i: { taskId: string }) => i.taskId === 'fg-day');
    expect(
      day.map((i: { unitCode: string; column: string; completionBasis: string }) => [i.unitCode, i.column, i.completionBasis]).sort(),
    ).toEqual([
      ['can-tho', 'completedLate', 'recorded'],
      ['ha-noi', 'completedOnTime', 'confirmed-document-date'],
    ]);
  });
});

function ADMIN(): string {
  return tokens['fg-coord']!;
}
