/**
 * Issues 29.1 and 29.3: a task table read from a caller's bytes in the parsing thread — formula-like cells refused
 * on their row and column (CSV and XLSX), dondoc's neutralised export read back as it was, a multipart form parsed
 * in the thread, and the thread's time budget ending a hostile archive that the limits were set to let through.
 */
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { BoundedPool } from '../../services/bounded-worker';
import { readTableBytes, type ReadLimits } from '../../services/import-read';
import { xlsxBomb } from '../support/zip-bomb';

const LIMITS: ReadLimits = {
  maxUploadBytes: 5 * 1024 * 1024,
  maxInflatedBytes: 50 * 1024 * 1024,
  maxCompressionRatio: 200,
  maxArchiveEntries: 500,
};
const HEADERS = ['Mã nhiệm vụ', 'Tên nhiệm vụ', 'Mô tả', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Thời hạn'];
const csvBytes = (lines: string[]) => new TextEncoder().encode(lines.join('\r\n'));
const refusalOf = (pending: Promise<unknown>) =>
  pending.then(
    () => null,
    (err: unknown) => err,
  );

const pool = new BoundedPool({ module: new URL('../../services/import-parse-task.ts', import.meta.url), what: 'import', threads: 1 });
afterAll(() => pool.close());

describe('formula-like cells', () => {
  it('refuses them in a CSV after whitespace and control characters, on their row and column', async () => {
    const attacks = ['\t=1+1', '\r=1+1', ' =1', '+SUM(1+1)', '-2+3', '@SUM(1)'];
    const lines = [
      HEADERS.join(','),
      ...attacks.map((a) => `,"${a}",,Bộ Công an,,31/12/2026`),
      ',- Bộ Tư pháp phối hợp,,Bộ Công an,,31/12/2026',
    ];
    const err = await refusalOf(readTableBytes(csvBytes(lines), 'csv', LIMITS));
    expect(err).toMatchObject({ kind: 'unprocessable', slug: 'formulas' });
    expect((err as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['B2', 'B3', 'B4', 'B5', 'B6', 'B7']);
  });

  it("reads dondoc's neutralised cells back as they were, a bullet as text", async () => {
    const lines = [HEADERS.join(';'), ";'- Bộ Công an chủ trì;;Bộ Công an;;31/12/2026", ';- Bộ Tư pháp;;Bộ Công an;;31/12/2026'];
    const table = await readTableBytes(csvBytes(lines), 'csv', LIMITS);
    expect(table.rows.map((r) => r.cells.title)).toEqual(['- Bộ Công an chủ trì', '- Bộ Tư pháp']);
    const formula = [HEADERS.join(';'), ";'=1+2;;Bộ Công an;;31/12/2026"];
    expect(await refusalOf(readTableBytes(csvBytes(formula), 'csv', LIMITS))).toMatchObject({
      slug: 'formulas',
      errors: [{ field: 'B2' }],
    });
  });

  it('refuses a text cell of an XLSX that begins like a formula', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Nhiệm vụ');
    sheet.addRow(HEADERS);
    sheet.addRow([null, '\t=HYPERLINK("http://x")', '', 'Bộ Công an', '', '31/12/2026']);
    const err = await refusalOf(readTableBytes(new Uint8Array(await wb.xlsx.writeBuffer()), 'xlsx', LIMITS));
    expect(err).toMatchObject({ slug: 'formulas', errors: [{ field: 'B2' }] });
  });
});

describe('the parsing thread', () => {
  it('parses a multipart form and its file there', async () => {
    const form = new FormData();
    form.append('file', new Blob([csvBytes([HEADERS.join(','), ',Rà soát,,Bộ Công an,,31/12/2026'])], { type: 'text/csv' }), 'nv.csv');
    const request = new Request('http://x/', { method: 'POST', body: form });
    const body = new Uint8Array(await request.arrayBuffer());
    const read = await pool.run<unknown, { table: { format: string; rows: unknown[] }; fileName: string }>(
      'readUpload',
      { body, contentType: request.headers.get('content-type')!, limits: LIMITS },
      { timeoutMs: 20_000, field: 'file' },
    );
    expect(read).toMatchObject({ fileName: 'nv.csv', table: { format: 'csv', rows: [{ rowNumber: 2 }] } });
  });

  it('ends a hostile archive at its time budget: a bomb the limits were loosened for', async () => {
    const loose = { ...LIMITS, maxInflatedBytes: 1e12, maxCompressionRatio: 1e9 };
    const err = await refusalOf(
      pool.run('readTable', { bytes: xlsxBomb(3_900), declared: 'xlsx', limits: loose }, { timeoutMs: 1_500, field: 'file' }),
    );
    expect(err).toMatchObject({ kind: 'too-large', slug: 'time-limit', errors: [{ field: 'file' }] });
  });
});
