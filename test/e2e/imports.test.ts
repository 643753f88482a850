/**
 * Issue 20 over HTTP on the real servers: the template, an XLSX written by exceljs and CSVs in both dialects
 * imported with a dry run then a commit, a re-import that creates nothing, an edited row that updates its task
 * (or is a conflict once a unit has acknowledged), bad files refused with their 4xx and nothing changed, and
 * drafts from a notice's text committed through the import.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { ADMIN_TOKEN, startTestSystem, type TestSystem } from '../support/system';
import { TASK_TABLE_HEADERS, taskTableWorkbook, XLSX } from '../support/task-table';

let system: TestSystem;
const DIRECTIVE = 'tb-import';

beforeAll(async () => {
  system = await startTestSystem();
  const created = await system.api('/v1/directives', {
    body: {
      id: DIRECTIVE,
      number: '77/TB-VPCP',
      issuer: 'Văn phòng Chính phủ',
      issuedOn: '2026-11-02',
      title: 'Kết luận về chuyển đổi số',
    },
  });
  expect(created.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await system?.shutdown();
});

async function upload(body: Uint8Array | string, type: string, query = '', path = `/v1/directives/${DIRECTIVE}/imports`) {
  const res = await fetch(`${system.apiUrl}${path}${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': type },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function uploadForm(bytes: Uint8Array, name: string, query = '') {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: XLSX }), name);
  const res = await fetch(`${system.apiUrl}/v1/directives/${DIRECTIVE}/imports${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function counts() {
  const [row] = await system.deps.sql<{ tasks: number; batches: number; sources: number }[]>`
    SELECT (SELECT count(*)::int FROM tasks WHERE directive_id = ${DIRECTIVE}) AS tasks,
           (SELECT count(*)::int FROM import_batches) AS batches,
           (SELECT count(*)::int FROM task_source_rows) AS sources`;
  return row!;
}

const XLSX_ROWS = [
  [
    null,
    'Kiện toàn Ban Chỉ đạo chuyển đổi số',
    'Bảo đảm hoạt động thực chất',
    'Bộ Công an',
    'Bo Tu phap',
    'trước ngày 15/12/2026',
    'x',
    null,
  ],
  [null, 'Miễn, giảm phí dịch vụ công trực tuyến', '', 'Tỉnh An Giang; Can Tho', '', new Date(Date.UTC(2026, 11, 31)), '', 'có'],
  [null, 'Chiến lược công nghiệp bán dẫn', '', 'Bộ Thông tin và Truyền thông', 'bo-tc', 'trong quý IV/2026', '', ''],
];

describe('the template', () => {
  it('serves XLSX and CSV with Vietnamese and English headers, and the routes are in the OpenAPI document', async () => {
    const xlsx = await fetch(`${system.apiUrl}/v1/imports/tasks/template.xlsx`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(xlsx.headers.get('content-type')).toBe(XLSX);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    expect((wb.worksheets[0]!.getRow(1).values as string[]).slice(1)).toEqual(TASK_TABLE_HEADERS);
    expect(wb.worksheets).toHaveLength(2);
    const csv = await fetch(`${system.apiUrl}/v1/imports/tasks/template.csv`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toBe(`${TASK_TABLE_HEADERS.join(';')}\r\n`);
    const doc = await system.api('/openapi.json');
    for (const path of [
      '/v1/imports/tasks/template.xlsx',
      '/v1/directives/{id}/imports',
      '/v1/directives/drafts',
      '/v1/directives/{id}/tasks/export.csv',
    ]) {
      expect(doc.body.paths[path], path).toBeDefined();
    }
  });
});

describe('importing a task table', () => {
  it('previews an XLSX row by row, commits it, and creates nothing when the same file comes again', async () => {
    const file = await taskTableWorkbook(XLSX_ROWS);
    const before = await counts();
    const preview = await uploadForm(file, 'nhiem-vu.xlsx');
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ dryRun: true, format: 'xlsx', summary: { rows: 3, create: 3, invalid: 0 } });
    const [first, second, third] = preview.body.rows;
    expect(first.units.lead).toEqual([{ input: 'Bộ Công an', match: 'name', code: 'bo-ca' }]);
    expect(first.units.cooperating).toEqual([{ input: 'Bo Tu phap', match: 'name_without_diacritics', code: 'bo-tp' }]);
    expect(first.deadline).toEqual({ text: 'trước ngày 15/12/2026', dueOn: '2026-12-15', rule: 'explicit_date' });
    expect(second.units.lead.map((u: { code: string; match: string }) => [u.code, u.match])).toEqual([
      ['an-giang', 'name'],
      ['can-tho', 'name'],
    ]);
    expect(second.deadline).toMatchObject({ dueOn: '2026-12-31' });
    expect(third.units.lead).toEqual([{ input: 'Bộ Thông tin và Truyền thông', match: 'reorganised', code: 'bo-khcn', from: 'bo-tttt' }]);
    expect(third.units.cooperating[0]).toMatchObject({ code: 'bo-tc', match: 'code' });
    expect(third.deadline).toMatchObject({ dueOn: '2026-12-31', rule: 'quarter' });
    expect(await counts()).toEqual(before);

    const committed = await uploadForm(file, 'nhiem-vu.xlsx', '?dryRun=false');
    expect(committed.status).toBe(200);
    expect(committed.body.summary).toMatchObject({ create: 3 });
    const after = await counts();
    expect(after).toEqual({ tasks: before.tasks + 3, batches: before.batches + 1, sources: before.sources + 3 });
    const [task] = await system.deps.sql<
      { lead_units: string[]; coordinating_units: string[]; key_task: boolean; assignment_count: number }[]
    >`
      SELECT lead_units, coordinating_units, key_task, assignment_count FROM tasks WHERE id = ${first.taskId}`;
    // The lead and its co-operating contribution: two workflows started.
    expect(task).toEqual({ lead_units: ['bo-ca'], coordinating_units: ['bo-tp'], key_task: true, assignment_count: 2 });

    const again = await upload(file, XLSX, '?commit=true');
    expect(again.status).toBe(200);
    expect(again.body.summary).toMatchObject({ create: 0, unchanged: 3 });
    expect(await counts()).toEqual(after);
  });

  it('reads CSV as Excel writes it in Vietnamese (BOM, ";") and plain "," CSV, reporting each error on its cell', async () => {
    const semicolons = `\uFEFF${TASK_TABLE_HEADERS.join(';')}\r\n;Rà soát an toàn thông tin;;các tỉnh, thành phố;Bộ Công an;trong tháng 12/2026;;\r\n`;
    const vi = await upload(semicolons, 'text/csv');
    expect(vi.status).toBe(200);
    expect(vi.body.rows[0]).toMatchObject({
      action: 'create',
      units: { lead: [{ group: 'provinces', match: 'group' }] },
      deadline: { dueOn: '2026-12-31', rule: 'month' },
    });

    const commas =
      'Task title,Lead unit(s),Deadline\n"Report on Project 06, results",Ministry of Public Security,before December 20 2026\nBroken,Bộ Phép thuật,trước ngày 30/2/2026\n';
    const before = await counts();
    const plain = await upload(commas, 'text/csv');
    expect(plain.status).toBe(200);
    expect(plain.body.rows[0]).toMatchObject({
      title: 'Report on Project 06, results',
      action: 'create',
      units: { lead: [{ code: 'bo-ca' }] },
    });
    expect(plain.body.rows[1].action).toBe('invalid');
    expect(plain.body.rows[1].errors.map((e: { letter: string; column: string }) => [e.letter, e.column])).toEqual([
      ['B', 'leadUnits'],
      ['C', 'deadline'],
    ]);
    const refused = await upload(commas, 'text/csv', '?dryRun=false');
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['row 3 B3', 'row 3 C3']);
    expect(await counts()).toEqual(before);

    const committed = await upload(semicolons, 'text/csv; charset=utf-8', '?dryRun=false');
    expect(committed.body.summary).toMatchObject({ create: 1 });
  });

  it('round-trips the export: an edited row of an unstarted task updates it; once acknowledged the edit is a conflict', async () => {
    const exported = await system.api(`/v1/directives/${DIRECTIVE}/tasks/export.csv`);
    expect(exported.status).toBe(200);
    const lines = (exported.body as string)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(5);
    const unchanged = await upload(exported.body, 'text/csv', '?dryRun=false');
    expect(unchanged.body.summary).toMatchObject({ create: 0, update: 0, unchanged: 4 });

    const row = lines.findIndex((l) => l.includes('Chiến lược công nghiệp bán dẫn'));
    const edited = [...lines];
    edited[row] = edited[row]!.replace('Chiến lược công nghiệp bán dẫn;', 'Chiến lược công nghiệp bán dẫn;Trình Thủ tướng ban hành');
    const update = await upload(`\uFEFF${edited.join('\r\n')}\r\n`, 'text/csv', '?dryRun=false');
    expect(update.body.summary).toMatchObject({ update: 1, unchanged: 3 });
    const taskId = update.body.rows.find((r: { action: string }) => r.action === 'update').taskId;
    const [task] = await system.deps.sql<{ description: string }[]>`SELECT description FROM tasks WHERE id = ${taskId}`;
    expect(task!.description).toBe('Trình Thủ tướng ban hành');

    await eventually(async () => {
      const res = await system.api(`/v1/tasks/${taskId}/assignments/bo-khcn/acknowledge`, { body: {} });
      expect(res.status).toBe(200);
    }, 30_000);
    edited[row] = edited[row]!.replace('Trình Thủ tướng ban hành', 'Trình Chính phủ');
    const conflict = await upload(`\uFEFF${edited.join('\r\n')}\r\n`, 'text/csv', '?dryRun=false');
    expect(conflict.status).toBe(200);
    const refused = conflict.body.rows.find((r: { taskId: string }) => r.taskId === taskId);
    expect(refused).toMatchObject({ action: 'conflict', conflict: expect.stringMatching(/has been started/) });
    const [still] = await system.deps.sql<{ description: string }[]>`SELECT description FROM tasks WHERE id = ${taskId}`;
    expect(still!.description).toBe('Trình Thủ tướng ban hành');
  }, 60_000);
});

describe('bad files', () => {
  it('refuses each with its 4xx and changes nothing', async () => {
    const before = await counts();
    const cases: [string, Promise<{ status: number; body: any }>, number, string][] = [
      [
        'not a spreadsheet',
        upload(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0x49, 0x48]), 'application/octet-stream'),
        400,
        'not-a-spreadsheet',
      ],
      ['a ZIP that is not XLSX', upload(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]), XLSX), 400, 'not-a-spreadsheet'],
      [
        'password-protected',
        upload(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]), XLSX),
        422,
        'password-protected',
      ],
      [
        'formulas',
        taskTableWorkbook(
          [[null, 'Công thức', '', 'Bộ Công an', '', 'x', '', '']],
          (s) => (s.getCell('F2').value = { formula: 'TEXT(DATE(2026,12,31),"dd/mm/yyyy")', result: '31/12/2026' }),
        ).then((f) => upload(f, XLSX, '?dryRun=false')),
        422,
        'formulas',
      ],
      [
        'merged header cells',
        taskTableWorkbook([[null, 'Gộp ô', '', 'Bộ Công an', '', '31/12/2026']], (s) => s.mergeCells('A1:B1')).then((f) =>
          upload(f, XLSX, '?dryRun=false'),
        ),
        422,
        'merged-header',
      ],
      [
        'more rows than the limit',
        upload(
          `${TASK_TABLE_HEADERS.join(';')}\r\n${Array.from({ length: 2001 }, (_, i) => `;Nhiệm vụ ${i};;Bộ Công an;;31/12/2026;;`).join('\r\n')}`,
          'text/csv',
          '?dryRun=false',
        ),
        422,
        'too-many-rows',
      ],
      [
        'more bytes than the limit',
        upload(`${TASK_TABLE_HEADERS.join(';')}\r\n${'x'.repeat(5 * 1024 * 1024 + 70 * 1024)}`, 'text/csv', '?dryRun=false'),
        413,
        'too-large',
      ],
      ['a CSV without the template columns', upload('Name,Owner\nA,B\n', 'text/csv', '?dryRun=false'), 422, 'columns'],
      [
        'not UTF-8',
        upload(new Uint8Array([0x54, 0x69, 0xea, 0x75, 0x20, 0x64, 0xff, 0x0a]), 'text/csv', '?dryRun=false'),
        400,
        'not-a-spreadsheet',
      ],
    ];
    for (const [name, pending, status, slug] of cases) {
      const res = await pending;
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(status);
      expect(res.body.type, name).toBe(`https://dondoc.gov.vn/problems/${slug}`);
      expect(res.body.detail, name).toBeTruthy();
    }
    expect(await counts()).toEqual(before);
  }, 60_000);
});

describe('drafts from the text of a notice', () => {
  it('answers drafts with units, roles, deadlines and spans, which commit through the import', async () => {
    const text =
      'Giao Bộ Công an chủ trì, phối hợp với Bộ Tư pháp hoàn thiện hồ sơ đề nghị xây dựng Luật Dữ liệu, hoàn thành trước ngày 20/12/2026.\n' +
      'Đề nghị các bộ, ngành, địa phương khẩn trương rà soát hệ thống thông tin giải quyết thủ tục hành chính.';
    const drafts = await system.api('/v1/directives/drafts', { body: { text, issuedOn: '2026-11-02' } });
    expect(drafts.status).toBe(200);
    expect(drafts.body.tasks).toHaveLength(2);
    const [law, review] = drafts.body.tasks;
    expect(law).toMatchObject({
      units: { lead: ['bo-ca'], cooperating: ['bo-tp'] },
      deadline: { dueOn: '2026-12-20', rule: 'explicit_date' },
    });
    expect(text.slice(law.span.start, law.span.end)).toBe(law.text);
    expect(review).toMatchObject({ units: { lead: ['group:all_ministries_agencies_localities'] }, deadline: { dueOn: null } });

    const plain = await fetch(`${system.apiUrl}/v1/directives/drafts?issuedOn=2026-11-02`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/plain; charset=utf-8' },
      body: text,
    });
    expect(((await plain.json()) as any).tasks).toHaveLength(2);

    const rows = [law.row];
    const preview = await system.api(`/v1/directives/${DIRECTIVE}/imports`, { body: { rows } });
    expect(preview.status).toBe(200);
    expect(preview.body.rows[0]).toMatchObject({
      action: 'create',
      units: { lead: [{ code: 'bo-ca' }], cooperating: [{ code: 'bo-tp' }] },
    });
    const committed = await system.api(`/v1/directives/${DIRECTIVE}/imports?dryRun=false`, { body: { rows } });
    expect(committed.body.summary).toMatchObject({ create: 1 });
    const missingDeadline = await system.api(`/v1/directives/${DIRECTIVE}/imports`, { body: { rows: [review.row] } });
    expect(missingDeadline.body.rows[0]).toMatchObject({ action: 'invalid', errors: [{ column: 'deadline' }] });
  });
});
