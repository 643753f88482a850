/**
 * Issues 29.3 and 29.10 over HTTP on the real servers: a title that is a formula, accepted by the task API, leaves
 * in tasks/export.csv neutralised (and the export still imports back unchanged); a CSV import refuses cells that
 * begin like a formula after whitespace or control characters, naming row and column; a raw text/csv body imports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestSystem, type TestSystem } from '../support/system';
import { TASK_TABLE_HEADERS } from '../support/task-table';

let system: TestSystem;
const DIRECTIVE = 'tb-csv';

beforeAll(async () => {
  system = await startTestSystem();
  const created = await system.api('/v1/directives', {
    body: { id: DIRECTIVE, number: '79/TB-VPCP', issuer: 'Văn phòng Chính phủ', issuedOn: '2026-11-02', title: 'Kết luận về dữ liệu' },
  });
  expect(created.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await system?.shutdown();
});

async function uploadCsv(text: string, query = '', type = 'text/csv') {
  const res = await fetch(`${system.apiUrl}/v1/directives/${DIRECTIVE}/imports${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': type },
    body: text,
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('CSV injection', () => {
  it('neutralises a formula title in tasks/export.csv, and the export imports back unchanged', async () => {
    const title = '=HYPERLINK("http://x")';
    for (const [id, t] of [
      ['csv-formula', title],
      ['csv-bullet', '- Bộ Công an chủ trì rà soát'],
    ] as const) {
      const task = await system.api(`/v1/directives/${DIRECTIVE}/tasks`, {
        body: { id, title: t, dueOn: '2099-12-31', assignees: { units: ['bo-ca'] } },
      });
      expect(task.status, JSON.stringify(task.body)).toBe(202);
    }
    const exported = await system.api(`/v1/directives/${DIRECTIVE}/tasks/export.csv`);
    expect(exported.status).toBe(200);
    const lines = (exported.body as string).split('\r\n');
    const formulaLine = lines.find((l) => l.startsWith('csv-formula;'))!;
    expect(formulaLine.split(';')[1]).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(lines.find((l) => l.startsWith('csv-bullet;'))!.split(';')[1]).toBe("'- Bộ Công an chủ trì rà soát");
    for (const line of lines) for (const cell of line.split(';')) expect(cell, line).not.toMatch(/^"?[=+\-@\t\r]/);

    // dondoc's own neutralised cells read back as they were: the formula title is refused, the bullet one is not.
    const again = await uploadCsv(exported.body as string);
    expect(again.status).toBe(422);
    expect(again.body.errors).toEqual([{ field: `B${lines.indexOf(formulaLine) + 1}`, reason: expect.stringMatching(/formula/) }]);
    const withoutFormula = lines.filter((l) => l !== formulaLine).join('\r\n');
    const bullet = await uploadCsv(withoutFormula);
    expect(bullet.status, JSON.stringify(bullet.body)).toBe(200);
    expect(bullet.body.rows[0]).toMatchObject({ title: '- Bộ Công an chủ trì rà soát', action: 'unchanged', taskId: 'csv-bullet' });
  });

  it('refuses cells that begin like a formula after whitespace or control characters, naming row and column', async () => {
    const attacks = ['\t=1+1', '\r=1+1', ' =1', '+SUM(1+1)', '-2+3', '@SUM(1)'];
    const csv = [
      TASK_TABLE_HEADERS.join(','),
      ...attacks.map((a) => `,"${a}",,Bộ Công an,,31/12/2026,,`),
      ',- Bộ Tư pháp phối hợp,,Bộ Công an,,31/12/2026,,',
    ].join('\r\n');
    const res = await uploadCsv(csv, '?dryRun=false');
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.type).toBe('https://dondoc.gov.vn/problems/formulas');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(attacks.map((_, i) => `B${i + 2}`));
  });
});

describe('a raw text/csv body', () => {
  it('imports as the OpenAPI document says, bounded by the same size limit', async () => {
    const csv = `\uFEFF${TASK_TABLE_HEADERS.join(';')}\r\n;Rà soát dữ liệu dân cư;;Bộ Công an;;trước ngày 15/12/2026;;\r\n`;
    const res = await uploadCsv(csv, '?dryRun=false', 'text/csv; charset=utf-8');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ format: 'csv', summary: { create: 1, invalid: 0 } });
    const doc = await system.api('/openapi.json');
    expect(Object.keys(doc.body.paths['/v1/directives/{id}/imports'].post.requestBody.content)).toContain('text/csv');
    const big = await uploadCsv(`${TASK_TABLE_HEADERS.join(';')}\r\n${'x'.repeat(5 * 1024 * 1024)}`, '', 'text/csv');
    expect(big.status).toBe(413);
    expect(big.body.detail).toMatch(/IMPORT_MAX_UPLOAD_BYTES=5242880/);
  });
});
