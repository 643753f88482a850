/**
 * Issue 34 over HTTP on the real servers: POST /v1/directives/drafts takes a notice as a DOCX or a PDF (the raw
 * body with ?issuedOn=, or a form with `file` and `issuedOn`) and answers the draft its text gives; hostile and
 * wrong files are 4xx naming the problem while /healthz keeps answering, and a normal draft still works after.
 */
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDrafts } from '../../services/draft-pool';
import { MAX_IMPORT_BYTES } from '../../services/imports';
import { ADMIN_TOKEN, startTestSystem, type TestSystem } from '../support/system';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const DOCS = new URL('../fixtures/documents/', import.meta.url);
const file = (name: string) => new Uint8Array(readFileSync(new URL(name, DOCS)));

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
}, 120_000);

afterAll(async () => {
  await closeDrafts();
  await system?.shutdown();
});

async function post(body: Uint8Array | FormData, contentType: string | undefined, query = '?issuedOn=2024-05-06') {
  const headers: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}` };
  if (contentType) headers['content-type'] = contentType;
  const res = await fetch(`${system.apiUrl}/v1/directives/drafts${query}`, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), body: text ? JSON.parse(text) : null };
}

const meaning = (tasks: { text: string; units: unknown; deadline: { dueOn: string | null } }[]) =>
  tasks.map((t) => ({ text: t.text.replace(/\s+/g, ' ').trim(), units: t.units, dueOn: t.deadline.dueOn }));

/** A PDF whose one content stream is `inflated` bytes of zeros, Flate-compressed (about a thousandth the size). */
function pdfBomb(inflated: number): Uint8Array {
  const stream = deflateSync(Buffer.alloc(inflated), { level: 9 });
  const head = Buffer.from(
    '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n' +
      '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj\n' +
      `4 0 obj << /Length ${stream.byteLength} /Filter /FlateDecode >>\nstream\n`,
    'latin1',
  );
  const tail = Buffer.from('\nendstream\nendobj\ntrailer << /Root 1 0 R /Size 5 >>\n%%EOF\n', 'latin1');
  return new Uint8Array(Buffer.concat([head, stream, tail]));
}

describe('drafts from a notice as a file', () => {
  it('answers the same draft for the text, the raw DOCX and the PDF in a form', async () => {
    const text = await system.api('/v1/directives/drafts', {
      body: { text: readFileSync(new URL('tb-203-2024.txt', DOCS), 'utf8'), issuedOn: '2024-05-06' },
    });
    expect(text.status).toBe(200);
    expect(text.body.tasks).toHaveLength(19);

    const docx = await post(file('tb-203-2024.docx'), DOCX);
    expect(docx.status, JSON.stringify(docx.body)).toBe(200);
    expect(docx.body.document).toMatchObject({ format: 'docx', fileName: null, pages: null });
    expect(docx.body.document.sha256).toMatch(/^[0-9a-f]{64}$/);

    const form = new FormData();
    form.set('file', new Blob([file('tb-203-2024.pdf')], { type: 'application/pdf' }), 'tb-203-2024.pdf');
    form.set('issuedOn', '2024-05-06');
    const pdf = await post(form, undefined, '');
    expect(pdf.status, JSON.stringify(pdf.body)).toBe(200);
    expect(pdf.body.document).toMatchObject({ format: 'pdf', fileName: 'tb-203-2024.pdf', pages: 4 });

    expect(meaning(docx.body.tasks)).toEqual(meaning(text.body.tasks));
    expect(meaning(pdf.body.tasks)).toEqual(meaning(text.body.tasks));
    const first = docx.body.tasks[0];
    expect(docx.body.text.slice(first.span.start, first.span.end)).toBe(first.text);
  }, 60_000);

  it('reads a DOCX appendix task table as the task the seed holds', async () => {
    const res = await post(file('cv-452-review-2024.docx'), DOCX, '?issuedOn=2024-06-01');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.tasks).toHaveLength(1);
    expect(res.body.tasks[0]).toMatchObject({ deadline: { dueOn: '2024-06-30' }, units: { cooperating: [] } });
    expect(res.body.tasks[0].units.lead).toEqual(expect.arrayContaining(['bo-ca', 'bo-tttt', 'vass', 'group:provinces']));
    expect(res.body.tasks[0].row).toMatchObject({ deadline: expect.stringMatching(/30\/6\/2024/) });
  }, 60_000);
});

describe('a file the drafter refuses', () => {
  const problem = (status: number, field: string, reason: RegExp | string) => ({
    status,
    type: expect.stringMatching(/^application\/problem\+json/),
    body: expect.objectContaining({ status, errors: [expect.objectContaining({ field, reason: expect.stringMatching(reason) })] }),
  });

  it('names each problem with a 4xx while /healthz keeps answering', async () => {
    const cases: [string, Promise<Awaited<ReturnType<typeof post>>>, ReturnType<typeof problem> | { status: number }][] = [
      ['scanned PDF', post(file('scanned.pdf'), 'application/pdf'), problem(422, 'file', 'no text layer')],
      ['password-protected DOCX', post(file('protected.docx'), DOCX), problem(422, 'file', /encrypted/)],
      ['PDF bomb', post(pdfBomb(200 * 1024 * 1024), 'application/pdf'), problem(413, 'file', /inflate past/)],
      ['not a document', post(new TextEncoder().encode('GIF89a…'), DOCX), problem(400, 'file', /neither a DOCX document nor a PDF/)],
      ['no issuedOn', post(file('tb-203-2024.docx'), DOCX, ''), problem(400, 'issuedOn', 'required')],
      ['wrong content type', post(file('tb-203-2024.docx'), 'image/png'), { status: 415 }],
      ['over the upload limit', post(new Uint8Array(MAX_IMPORT_BYTES + 128 * 1024), 'application/pdf'), { status: 413 }],
    ];
    const health: number[] = [];
    let running = true;
    const all = Promise.all(cases.map(([, answer]) => answer)).finally(() => (running = false));
    while (running) {
      const t = performance.now();
      const res = await fetch(`${system.apiUrl}/healthz`);
      await res.arrayBuffer();
      expect(res.status).toBe(200);
      health.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
    const answers = await all;
    answers.forEach((answer, i) => expect(answer, cases[i]![0]).toMatchObject(cases[i]![2]));
    console.log(`/healthz during the refusals: ${health.length} polls, slowest ${Math.max(...health).toFixed(0)} ms`);
    expect(Math.max(...health)).toBeLessThan(1_000);

    // The drafter still drafts.
    const after = await post(file('tb-203-2024.pdf'), 'application/pdf');
    expect(after.status).toBe(200);
    expect(after.body.tasks).toHaveLength(19);
  }, 120_000);
});
