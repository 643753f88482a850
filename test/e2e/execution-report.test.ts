/**
 * Issue 21 on the real servers: a scripted history (completions on time and late, an extension, a cancellation,
 * the 2025 reorganisation with a merge and a move) read back as the five columns at three cut-offs, worked out
 * by hand; the SQL pass agrees with the domain's reducer over the same events; the seeded Project 06 review gives
 * 62/63 and 22/28; the XLSX reads back; the seeded Decision 320 target is judged against a reported value.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toVnDate } from '../../domain/dates';
import { addTo, classify, emptyFigures, factsAsOf, type LifecycleEvent } from '../../domain/execution-figures';
import { loadSeeds } from '../../seeds/load';
import { SEED_DIRECTIVES } from '../../seeds/directives';
import { eventually } from '../support/eventually';
import { ADMIN_TOKEN, startTestSystem, type TestSystem } from '../support/system';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.shutdown();
});

const PERIOD = 'assignedFrom=2023-01-01&assignedTo=2023-12-31';
const five = (f: { total: number; completedOnTime: number; completedLate: number; openWithinDeadline: number; openOverdue: number }) => [
  f.total,
  f.completedOnTime,
  f.completedLate,
  f.openWithinDeadline,
  f.openOverdue,
];

async function act(taskId: string, unit: string, action: string, body: unknown) {
  const res = await system.api(`/v1/tasks/${taskId}/assignments/${unit}/${action}`, { body });
  expect(res.status, `${action} ${taskId}/${unit}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

async function report(asOf: string, extra = '') {
  const res = await system.api(`/v1/reports/execution?${PERIOD}&asOf=${encodeURIComponent(asOf)}${extra}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** The domain's figures over the same events: the reference the SQL pass must agree with. */
async function domainFigures(cutoff: number, basis: 'original' | 'adjusted', directiveId = 'exec-dir') {
  const rows = await system.deps.sql<{ workflow_id: string; original_due_on: string; due_at: Date | null }[]>`
    SELECT a.workflow_id, a.original_due_on, t.due_at FROM assignments a JOIN tasks t ON t.id = a.task_id WHERE a.directive_id = ${directiveId}`;
  const figures = emptyFigures();
  for (const r of rows) {
    const events = await system.deps.sql<{ seq: number; kind: string; at: Date; data: Record<string, unknown> }[]>`
      SELECT seq, kind, at, data FROM assignment_events WHERE workflow_id = ${r.workflow_id} ORDER BY seq`;
    const lifecycle: LifecycleEvent[] = events.map((e) => ({ seq: e.seq, kind: e.kind, at: e.at.getTime(), data: e.data }));
    const facts = factsAsOf(lifecycle, cutoff);
    // The time of day counts on the original due date only (as the report reads tasks.due_at).
    const originalDueAt = r.due_at && toVnDate(r.due_at) === r.original_due_on ? r.due_at.getTime() : null;
    const c = classify(facts, { originalDueOn: r.original_due_on, originalDueAt }, cutoff, basis);
    if (c) addTo(figures, c, facts, cutoff);
  }
  return figures;
}

describe('the five columns as of a cut-off', () => {
  it('counts a deadline with a time of day and confirmed, returned and awaiting reports as the domain does', async () => {
    await system.api('/v1/directives', {
      body: {
        id: 'exec-timed',
        number: '8/TB-EXEC',
        issuer: 'Văn phòng Chính phủ',
        issuedOn: '2024-03-01',
        title: 'Timed',
        confirmationRequired: true,
      },
    });
    // Due at an instant a little ahead: reports before it are on time, after it late (same day, 0 days late).
    const dueAt = Date.now() + 20_000;
    const units = ['an-giang', 'can-tho', 'ha-noi', 'tay-ninh'];
    const created = await system.api('/v1/directives/exec-timed/tasks', {
      body: { id: 'exec-t', title: 'Timed task', dueAt: new Date(dueAt).toISOString(), assignees: { units } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    await eventually(async () => {
      expect(await system.deps.sql`SELECT 1 FROM assignments WHERE task_id = 'exec-t' AND version > 0`).toHaveLength(4);
    });
    await act('exec-t', 'an-giang', 'complete', { note: 'done' });
    await act('exec-t', 'an-giang', 'confirm', {}); // on time
    await act('exec-t', 'can-tho', 'complete', { note: 'done' });
    await act('exec-t', 'can-tho', 'return', { reason: 'evidence missing' }); // open again
    await act('exec-t', 'ha-noi', 'complete', { note: 'done' }); // awaiting confirmation
    const before = Date.now();
    expect(before, 'the actions took longer than the deadline allows').toBeLessThan(dueAt);
    await eventually(() => expect(Date.now()).toBeGreaterThan(dueAt + 1_000), 60_000, 250);
    await act('exec-t', 'can-tho', 'complete', { note: 'done again' });
    await act('exec-t', 'can-tho', 'confirm', {}); // late: reported again after the instant
    const after = Date.now();

    const timed = async (t: number, basis: string) => {
      const res = await system.api(
        `/v1/reports/execution?assignedFrom=2024-01-01&assignedTo=2024-12-31&asOf=${new Date(t).toISOString()}&deadline=${basis}`,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.totals;
    };
    expect(five(await timed(before, 'adjusted'))).toEqual([4, 1, 0, 3, 0]);
    expect((await timed(before, 'adjusted')).awaitingConfirmation).toBe(1);
    expect(five(await timed(after, 'adjusted'))).toEqual([4, 1, 1, 0, 2]);
    for (const t of [before, after]) {
      for (const basis of ['adjusted', 'original'] as const) {
        const { onTimeRate, averageDaysLate, updateRate, keyTasks, attainment, ...figures } = await timed(t, basis);
        expect(figures, `${new Date(t).toISOString()} ${basis}`).toEqual(await domainFigures(t, basis, 'exec-timed'));
      }
    }
  });

  it('follows a scripted history, reproducibly, and agrees with the domain reducer', async () => {
    await system.api('/v1/directives', {
      body: { id: 'exec-dir', number: '7/TB-EXEC', issuer: 'Văn phòng Chính phủ', issuedOn: '2023-05-06', title: 'Scripted history' },
    });
    // A: due far ahead; B: due on 2023-06-20, long past.
    for (const [id, dueOn, units] of [
      ['exec-a', '2099-12-31', ['an-giang', 'can-tho', 'ha-noi', 'kien-giang', 'tay-ninh', 'dak-nong']],
      ['exec-b', '2023-06-20', ['an-giang', 'can-tho', 'ha-noi']],
    ] as const) {
      const created = await system.api('/v1/directives/exec-dir/tasks', { body: { id, title: `Task ${id}`, dueOn, assignees: { units } } });
      expect(created.status).toBe(202);
    }
    await eventually(async () => {
      const rows = await system.deps.sql`SELECT 1 FROM assignments WHERE directive_id = 'exec-dir' AND version > 0`;
      expect(rows).toHaveLength(9);
    });
    const beforeAnything = new Date(Date.now() - 60_000).toISOString();

    await act('exec-a', 'an-giang', 'complete', { note: 'done' }); // on time
    await act('exec-b', 'ha-noi', 'complete', { note: 'done', documentNumber: '5/BC', documentDate: '2023-06-19' }); // on time by its document
    await act('exec-b', 'can-tho', 'complete', { note: 'done' }); // late
    await act('exec-b', 'an-giang', 'extension-requests', { newDueOn: '2099-06-30', reason: 'needs a resolution' });
    const t1 = new Date().toISOString(); // the extension asked for, not yet granted
    await act('exec-b', 'an-giang', 'extension-decision', { approve: true, note: 'granted' });
    await act('exec-a', 'tay-ninh', 'cancel', { reason: 'not in its remit' });
    const t2 = new Date().toISOString();

    const applied = await system.api('/v1/reorganisations/2025-07-provinces/apply', { body: {} });
    expect([200, 202]).toContain(applied.status);
    await eventually(async () => {
      const rows = await system.deps.sql<{ unit_code: string; status: string }[]>`
        SELECT unit_code, status FROM assignments WHERE task_id = 'exec-a' AND unit_code IN ('kien-giang', 'dak-nong', 'lam-dong') AND version > 0
        ORDER BY unit_code`;
      expect(rows.map((r) => [r.unit_code, r.status])).toEqual([
        ['dak-nong', 'reassigned'],
        ['kien-giang', 'reassigned'],
        ['lam-dong', 'not_due'],
      ]);
    });
    await act('exec-a', 'lam-dong', 'complete', { note: 'done' });
    const t3 = new Date().toISOString();

    // Before anything: nothing assigned yet at that instant.
    expect((await report(beforeAnything)).totals.total).toBe(0);
    // t1: A — an-giang on time, five open; B — ha-noi on time, can-tho late, an-giang overdue (extension only asked).
    const atT1 = await report(t1);
    expect(five(atT1.totals)).toEqual([9, 2, 1, 5, 1]);
    // t2: tay-ninh cancelled (not counted); an-giang's B extended to 2099, so within the deadline.
    expect(five((await report(t2)).totals)).toEqual([8, 2, 1, 5, 0]);
    // …against the original deadline the extended one is still overdue.
    expect(five((await report(t2, '&deadline=original')).totals)).toEqual([8, 2, 1, 4, 1]);
    // t3: kien-giang merged into an-giang (counted once, under an-giang); dak-nong moved to lam-dong, which completed.
    const atT3 = await report(t3);
    expect(five(atT3.totals)).toEqual([7, 3, 1, 3, 0]);
    const byUnit = Object.fromEntries(atT3.groups.map((g: { key: string }) => [g.key, five(g as never)]));
    expect(byUnit).toEqual({
      'an-giang': [2, 1, 0, 1, 0],
      'can-tho': [2, 0, 1, 1, 0],
      'ha-noi': [2, 1, 0, 1, 0],
      'lam-dong': [1, 1, 0, 0, 0],
    });
    expect(atT3.groups.find((g: { key: string }) => g.key === 'can-tho').daysLateTotal).toBeGreaterThan(365);
    // Reproducible: the first cut-off read again after all that gives the same figures.
    expect((await report(t1)).totals).toEqual(atT1.totals);
    // The SQL pass and the domain reducer agree at every cut-off and on both deadlines.
    for (const t of [t1, t2, t3]) {
      for (const basis of ['adjusted', 'original'] as const) {
        const sqlTotals = (await report(t, `&deadline=${basis}`)).totals;
        const { onTimeRate, averageDaysLate, updateRate, keyTasks, attainment, ...figures } = sqlTotals;
        expect(figures, `${t} ${basis}`).toEqual(await domainFigures(Date.parse(t), basis));
      }
    }
    // Grouped by kind and by directive, the totals are the same.
    expect(five((await report(t3, '&groupBy=kind')).groups[0])).toEqual([7, 3, 1, 3, 0]);
    expect((await report(t3, '&groupBy=directive')).groups.map((g: { label: string }) => g.label)).toEqual(['7/TB-EXEC']);
    // The assignments behind a figure.
    const behind = await system.api(`/v1/reports/execution/assignments?${PERIOD}&asOf=${encodeURIComponent(t1)}&column=openOverdue`);
    expect(behind.body.items.map((i: { taskId: string; unitCode: string }) => `${i.taskId}/${i.unitCode}`)).toEqual(['exec-b/an-giang']);

    // Visibility: a unit officer sees only its own unit.
    const person = await system.api('/v1/admin/people', { body: { id: 'officer-ht', name: 'Officer', role: 'unit', unitCode: 'ha-noi' } });
    expect(person.status).toBe(201);
    const token = await system.api('/v1/admin/people/officer-ht/tokens', { body: { name: 'test' } });
    const mine = await system.api(`/v1/reports/execution?${PERIOD}&asOf=${encodeURIComponent(t3)}`, { token: token.body.token });
    expect(mine.body.groups.map((g: { key: string }) => g.key)).toEqual(['ha-noi']);

    // Ranking: ha-noi and an-giang (all judged on time) ahead of can-tho; the previous period (2022) had nothing.
    const ranking = await system.api(`/v1/reports/ranking?${PERIOD}&asOf=${encodeURIComponent(t3)}`);
    expect(ranking.status).toBe(200);
    expect(ranking.body.previous).toMatchObject({ assignedFrom: '2022-01-01', assignedTo: '2022-12-31' });
    const ranks = Object.fromEntries(ranking.body.units.map((u: { unitCode: string; rank: number | null }) => [u.unitCode, u.rank]));
    expect(ranks).toEqual({ 'an-giang': 1, 'ha-noi': 1, 'lam-dong': 1, 'can-tho': 4 });
    expect(ranking.body.units[3]).toMatchObject({ unitCode: 'can-tho', onTimeRate: 0, rankChange: null });

    // Bad input is a 400 naming the field.
    const bad = await system.api(`/v1/reports/execution?assignedFrom=2023-02-30`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toContain('assignedFrom');
    const backwards = await system.api(`/v1/reports/execution?assignedFrom=2023-12-01&assignedTo=2023-01-01`);
    expect(backwards.status).toBe(400);

    // Exports: the XLSX read back; CSV and the printable page.
    const xlsx = await fetch(
      `${system.apiUrl}/v1/reports/execution.xlsx?${PERIOD}&asOf=${encodeURIComponent(t3)}&agency=UBND tỉnh An Giang`,
      {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      },
    );
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const ws = wb.worksheets[0]!;
    const texts: string[] = [];
    ws.eachRow((row) => texts.push((row.values as unknown[]).filter((v) => v != null && v !== '').join(' | ')));
    expect(texts[0]).toContain('UBND TỈNH AN GIANG');
    expect(texts.some((t) => t.includes('từ ngày 01/01/2023 đến ngày 31/12/2023'))).toBe(true);
    expect(texts.some((t) => t.startsWith('Số liệu tính đến'))).toBe(true);
    const totalsRow = texts.find((t) => t.startsWith('Tổng cộng'));
    expect(totalsRow).toBe('Tổng cộng / Total | 7 | 3 | 1 | 3 | 0 | 75.0%');
    expect(texts.some((t) => t.includes('THỦ TRƯỞNG CƠ QUAN'))).toBe(true);
    const csv = await system.api(`/v1/reports/execution.csv?${PERIOD}&asOf=${encodeURIComponent(t3)}`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(
      String(csv.body)
        .split('\r\n')
        .find((l) => l.startsWith(',Tổng cộng')),
    ).toMatch(/^,Tổng cộng \/ Total,7,3,1,3,0,75\.0%,/);
    const html = await system.api(`/v1/reports/execution.html?${PERIOD}&asOf=${encodeURIComponent(t3)}`);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(String(html.body)).toContain('@page { size: A4 landscape');

    const openapi = await system.api('/openapi.json', { token: null });
    for (const path of [
      '/v1/reports/execution',
      '/v1/reports/ranking',
      '/v1/reports/execution.xlsx',
      '/v1/tasks/{taskId}/assignments/{unitCode}/measurements',
    ]) {
      expect(Object.keys(openapi.body.paths)).toContain(path);
    }
  });
});

describe('the seeded reviews and targets', () => {
  it('gives 62/63 and 22/28 for Project 06 and judges the Decision 320 target against a reported value', async () => {
    await loadSeeds(
      system.deps,
      SEED_DIRECTIVES.filter((d) => d.id === 'cv-452-review-2024' || d.id === 'qd-320-bxd-2024'),
    );
    const p06 = await eventually(async () => {
      const res = await system.api(
        '/v1/reports/execution?assignedFrom=2024-06-01&assignedTo=2024-06-01&groupBy=kind&directive=cv-452-review-2024',
      );
      const groups = res.body.groups as { key: string; total: number; completedOnTime: number; completedLate: number }[];
      const done = (g: { completedOnTime: number; completedLate: number }) => g.completedOnTime + g.completedLate;
      const localities = groups.filter((g) => g.key === 'province');
      const ministries = groups.filter((g) => g.key !== 'province');
      const sum = (gs: typeof groups, f: (g: (typeof groups)[number]) => number) => gs.reduce((s, g) => s + f(g), 0);
      const figures = {
        localities: `${sum(localities, done)}/${sum(localities, (g) => g.total)}`,
        ministries: `${sum(ministries, done)}/${sum(ministries, (g) => g.total)}`,
      };
      expect(figures).toEqual({ localities: '62/63', ministries: '22/28' });
      return res.body;
    }, 120_000);
    // Reported with documents dated 2024-06-20, before the due date: on time; the rest overdue.
    expect(p06.totals).toMatchObject({ total: 91, completedOnTime: 84, completedLate: 0, openOverdue: 7 });
    // 96/124 systems against "all of them": the MIC's assignment missed its target; the others reported no value.
    expect(p06.totals.attainment).toMatchObject({ withTarget: 91, missed: 1, unreported: 90 });

    // Decision 320: "at least 60% of records processed online", reported by the Ministry of Construction.
    const path = '/v1/tasks/qd320-online-records/assignments/bo-xd/measurements';
    const bad = await system.api(path, { body: { value: 160, measuredOn: '2024-12-20', source: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('value');
    const first = await system.api(path, {
      body: { value: 55, measuredOn: '2024-06-30', source: 'Báo cáo 6 tháng' },
      headers: { 'idempotency-key': 'm-1' },
    });
    expect(first.status).toBe(201);
    const again = await system.api(path, {
      body: { value: 55, measuredOn: '2024-06-30', source: 'Báo cáo 6 tháng' },
      headers: { 'idempotency-key': 'm-1' },
    });
    expect(again.body.id).toBe(first.body.id);
    const afterHalfYear = await system.api('/v1/tasks/qd320-online-records/assignments/bo-xd/target');
    expect(afterHalfYear.body).toMatchObject({ target: { value: 60, unit: 'percent', direction: 'at_least' }, dueOn: '2024-12-31' });
    expect(afterHalfYear.body.measurements).toHaveLength(1);
    expect(afterHalfYear.body.attainment).toMatchObject({ judgement: 'missed', latest: 55 });
    await system.api(path, {
      body: { value: 62, measuredOn: '2024-12-20', source: 'Báo cáo năm 2024' },
      headers: { 'idempotency-key': 'm-2' },
    });
    const judged = await system.api('/v1/tasks/qd320-online-records/assignments/bo-xd/target');
    expect(judged.body.attainment).toMatchObject({ judgement: 'met', latest: 62, latestOn: '2024-12-20' });
    // A task without a target refuses values.
    const none = await system.api('/v1/tasks/exec-a/assignments/ha-noi/measurements', {
      body: { value: 1, measuredOn: '2024-01-01', source: 's' },
    });
    expect(none.status).toBe(409);
    // The report shows attainment beside the columns.
    const q320 = await system.api('/v1/reports/execution?assignedFrom=2024-04-16&assignedTo=2024-04-16&directive=qd-320-bxd-2024');
    expect(q320.body.groups).toHaveLength(1);
    expect(q320.body.groups[0]).toMatchObject({ key: 'bo-xd', total: 2, attainment: { withTarget: 2, met: 1, unreported: 1 } });
  });
});

describe('the kept summary', () => {
  it('equals what `npm run summary:rebuild` builds again from the event log of every workflow above', async () => {
    const spans = () => system.deps.sql`SELECT * FROM execution_spans ORDER BY workflow_id, valid_from`;
    const kept = await spans();
    const [counted] = await system.deps.sql<{ assignments: number }[]>`SELECT count(*)::int AS assignments FROM assignments`;
    const assignments = counted!.assignments;
    // The seeds' reviews and the scripted history: hundreds of workflows, each with its spans.
    expect(kept.length).toBeGreaterThan(100);
    await system.deps
      .sql`DELETE FROM execution_spans WHERE workflow_id IN (SELECT workflow_id FROM execution_spans ORDER BY workflow_id LIMIT 5)`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/rebuild-summary.ts'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, DATABASE_URL: system.databaseUrl },
    });
    expect(stdout).toContain(`execution summary rebuilt: ${assignments} assignments, ${kept.length} spans`);
    expect(await spans()).toEqual(kept);
  });
});
