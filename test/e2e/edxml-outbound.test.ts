/**
 * Issue 34, the way back, over HTTP on the real servers: the fixture package (Notice 203 with its DOCX) is received,
 * a task of it assigned to An Giang, which uploads its report's file and completes with the number, date and signer;
 * the coordinator confirms. A local receiver takes every EDXML package the outbox sends (the first attempt of each
 * refused, so each is retried), verifies its Standard Webhooks signature, and Python's lxml parses each back to the
 * facts that went in: the report's number, date, signer, organs, file and ResponseFor, and the status messages
 * received (03), assigned (04) and completed (06). Every package is sent once however often it is retried.
 */
import { execFile } from 'node:child_process';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PYTHON_TOOLS_COMMAND, PYTHON_TOOLS_PYTHON, pythonToolsReady } from '../../dev/python-tools';
import { closeDrafts } from '../../services/draft-pool';
import { eventually } from '../support/eventually';
import { ADMIN_TOKEN, startTestSystem, type TestSystem } from '../support/system';

const DOCS = new URL('../fixtures/documents/', import.meta.url);
const PACKAGE = readFileSync(new URL('tb-203-2024.edxml', DOCS));
// The unit's report as a file: any bytes will do; a PDF, as offices send them.
const REPORT_FILE = readFileSync(new URL('tb-203-2024.pdf', DOCS));
const PARSE_BACK = fileURLToPath(new URL('../support/edxml_parse_back.py', import.meta.url));
const DOCUMENT_ID = 'vpcp-2024-05-06-203-tb';
const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const ORGAN = { organId: '000.00.00.G22', organName: 'Văn phòng Chính phủ (dondoc)' };

interface Received {
  webhookId: string;
  contentType: string;
  verified: boolean;
  answered: number;
  body: Buffer;
}

/**
 * The Standard Webhooks check, written out (the reference library's verify also parses the body as JSON, which XML is
 * not): v1 = base64 HMAC-SHA256 over "id.timestamp.body" with the secret's key, the timestamp within five minutes.
 */
function signatureHolds(body: Buffer, h: Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string>): boolean {
  const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(`${h['webhook-id']}.${h['webhook-timestamp']}.`), body]))
    .digest();
  const fresh = Math.abs(Date.now() / 1000 - Number(h['webhook-timestamp'])) < 300;
  return (
    fresh &&
    h['webhook-signature'].split(' ').some((s) => {
      const given = Buffer.from(s.replace(/^v1,/, ''), 'base64');
      return s.startsWith('v1,') && given.length === expected.length && timingSafeEqual(given, expected);
    })
  );
}

let system: TestSystem;
let receiver: Server;
const received: Received[] = [];

beforeAll(async () => {
  // Each package's first attempt is refused (503), so every one goes through the outbox's retry.
  const attempts = new Map<string, number>();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = {
        'webhook-id': String(req.headers['webhook-id']),
        'webhook-timestamp': String(req.headers['webhook-timestamp']),
        'webhook-signature': String(req.headers['webhook-signature']),
      };
      const verified = signatureHolds(body, headers);
      const n = (attempts.get(headers['webhook-id']) ?? 0) + 1;
      attempts.set(headers['webhook-id'], n);
      const answered = !verified ? 401 : n === 1 ? 503 : 200;
      received.push({ webhookId: headers['webhook-id'], contentType: String(req.headers['content-type']), verified, answered, body });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/edxml`;
  system = await startTestSystem({
    delivery: { edxmlOutbound: { url, secret: SECRET, organ: ORGAN }, retry: { baseMs: 200, maxMs: 1_000 } },
  });
}, 120_000);

afterAll(async () => {
  await closeDrafts();
  await system?.shutdown();
  await new Promise((resolve) => receiver?.close(resolve));
});

const run = promisify(execFile);
/** The facts lxml reads from a package, as the committed script prints them. */
async function parseBack(xml: Buffer | string): Promise<any> {
  const child = run(PYTHON_TOOLS_PYTHON, [PARSE_BACK], { maxBuffer: 64 * 1024 * 1024 });
  child.child.stdin!.end(xml);
  return JSON.parse((await child).stdout);
}

/** The accepted packages, parsed back, each once. */
async function accepted(): Promise<any[]> {
  const seen = new Set<string>();
  const out = [];
  for (const r of received.filter((x) => x.answered === 200)) {
    if (seen.has(r.webhookId)) continue;
    seen.add(r.webhookId);
    out.push({ ...(await parseBack(r.body)), webhookId: r.webhookId, contentType: r.contentType });
  }
  return out;
}
const statusOf = (packages: any[], code: string) => packages.filter((p) => p.kind === 'status' && p.statusCode === code);

const RESPONSE_FOR = {
  organId: 'vpcp',
  codeNumber: '203',
  codeNotation: 'TB-VPCP',
  promulgationDate: '2024-05-06',
  documentId: DOCUMENT_ID,
};

describe('the EDXML way back', () => {
  it('has lxml to parse with (made by dev/python-tools.ts)', async () => {
    // Fails rather than skips: without it the round trip below proves nothing.
    expect(await pythonToolsReady(), `no Python with lxml at ${PYTHON_TOOLS_PYTHON}: run ${PYTHON_TOOLS_COMMAND}`).toBe(true);
  });

  it('sends the report and the status messages, signed, and lxml reads back the facts that went in', async () => {
    const inbound = await fetch(`${system.apiUrl}/v1/inbound/edxml`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/xml' },
      body: PACKAGE,
    });
    const directive = (await inbound.json()) as { directiveId: string };
    expect(inbound.status, JSON.stringify(directive)).toBe(200);
    const directiveId = directive.directiveId as string;

    // Received: 03, to the sender, answering the package.
    const receivedStatus = await eventually(async () => {
      const [s] = statusOf(await accepted(), '03');
      expect(s).toBeDefined();
      return s;
    }, 30_000);
    expect(receivedStatus).toMatchObject({
      from: ORGAN,
      to: { organId: 'vpcp', organName: 'Văn phòng Chính phủ' },
      responseFor: RESPONSE_FOR,
      description: 'Đã tiếp nhận văn bản số 203/TB-VPCP',
    });

    // This directive's completions are reports the coordinator confirms (a package's directive is registered without).
    await system.deps.sql`UPDATE directives SET confirmation_required = true WHERE id = ${directiveId}`;
    const task = await system.api(`/v1/directives/${directiveId}/tasks`, {
      body: { id: 'edxml-report', title: 'Báo cáo kết quả chuyển đổi số', dueOn: '2099-12-31', assignees: { units: ['an-giang'] } },
    });
    expect(task.status, JSON.stringify(task.body)).toBe(202);
    const A = '/v1/tasks/edxml-report/assignments/an-giang';
    await eventually(async () => expect((await system.api(A)).status).toBe(200), 30_000);
    await eventually(async () => expect(statusOf(await accepted(), '04')).toHaveLength(1), 30_000);

    // An Giang's officer uploads the report's file and completes with its number, date and signer.
    expect((await system.api('/v1/admin/people', { body: { id: 'ag', name: 'AG', role: 'unit', unitCode: 'an-giang' } })).status).toBe(201);
    const officer = (await system.api('/v1/admin/people/ag/tokens', { body: { name: 't' } })).body.token as string;
    const upload = (name: string, body: Uint8Array, token = officer) =>
      fetch(`${system.apiUrl}${A}/documents?name=${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' },
        body,
      });
    const sha256 = createHash('sha256').update(REPORT_FILE).digest('hex');
    const up = await upload('bc-1234-ubnd.pdf', REPORT_FILE);
    expect(up.status).toBe(200);
    expect((await up.json()) as unknown).toEqual({
      sha256,
      name: 'bc-1234-ubnd.pdf',
      contentType: 'application/pdf',
      size: REPORT_FILE.byteLength,
      created: true,
    });
    expect((await (await upload('again.pdf', REPORT_FILE)).json()) as unknown).toMatchObject({
      sha256,
      name: 'bc-1234-ubnd.pdf',
      created: false,
    });
    const badName = await upload('a/b.pdf', REPORT_FILE);
    expect(badName.status).toBe(400);
    expect(((await badName.json()) as { errors: unknown }).errors).toEqual([expect.objectContaining({ field: 'name' })]);

    const completion = {
      note: 'Báo cáo đã gửi',
      documentNumber: '1234/BC-UBND',
      documentDate: '2024-06-10',
      documentSigner: { fullName: 'Nguyễn Thị Hoà', position: 'Phó Chủ tịch' },
      documentSha256: sha256,
    };
    // A file never uploaded to this assignment is refused, naming the field, and nothing is reported.
    const unknown = await system.api(`${A}/complete`, { token: officer, body: { ...completion, documentSha256: 'f'.repeat(64) } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'documentSha256' })]);
    const badSigner = await system.api(`${A}/complete`, { token: officer, body: { ...completion, documentSigner: { position: 'x' } } });
    expect(badSigner.status).toBe(400);
    expect(JSON.stringify(badSigner.body.errors)).toMatch(/documentSigner/);

    const reported = await system.api(`${A}/complete`, { token: officer, body: completion, headers: { 'idempotency-key': 'ag-report' } });
    expect(reported.status, JSON.stringify(reported.body)).toBe(200);
    expect(reported.body.status).toBe('awaiting_confirmation');
    // Reported, not yet confirmed: no report leaves.
    expect((await accepted()).filter((p) => p.kind === 'document')).toHaveLength(0);
    const confirmed = await system.api(`${A}/confirm`, { body: { note: 'Đạt' } });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);

    const packages = await eventually(async () => {
      const all = await accepted();
      expect(all.filter((p) => p.kind === 'document')).toHaveLength(1);
      expect(statusOf(all, '06')).toHaveLength(1);
      return all;
    }, 30_000);
    const report = packages.find((p) => p.kind === 'document');
    expect(report).toMatchObject({
      contentType: 'application/xml',
      codeNumber: '1234',
      codeNotation: 'BC-UBND',
      promulgationDate: '2024-06-10',
      documentType: 'Báo cáo',
      signer: { fullName: 'Nguyễn Thị Hoà', position: 'Phó Chủ tịch' },
      // An Giang as the package named it; the report goes back to its sender, answering it.
      from: { organId: '000.00.00.X99', organName: 'Tỉnh An Giang' },
      to: [{ organId: 'vpcp', organName: 'Văn phòng Chính phủ' }],
      responseFor: RESPONSE_FOR,
      trace: ['000.00.00.X99'],
      attachments: [{ name: 'bc-1234-ubnd.pdf', contentType: 'application/pdf', size: REPORT_FILE.byteLength, sha256 }],
    });
    expect(report.subject).toMatch(/Báo cáo kết quả chuyển đổi số.*203\/TB-VPCP/);
    expect(statusOf(packages, '06')[0]).toMatchObject({
      from: ORGAN,
      responseFor: RESPONSE_FOR,
      description: expect.stringMatching(/1\/1/),
    });

    // Every package was refused once, then accepted, always signed over the same bytes; none was sent after its 200.
    for (const p of packages) {
      const tries = received.filter((r) => r.webhookId === p.webhookId);
      expect(tries.map((r) => r.answered)).toEqual([503, 200]);
      expect(tries[0]!.body.equals(tries[1]!.body)).toBe(true);
    }
    expect(received.every((r) => r.verified)).toBe(true);
    const rows = await system.deps.sql<{ message_key: string; status: string }[]>`
      SELECT message_key, status FROM deliveries WHERE channel = 'edxml' ORDER BY id`;
    expect(rows.map((r) => [r.message_key.replace(/\/\d+$/, '/<seq>'), r.status])).toEqual([
      [`status/${DOCUMENT_ID}/received`, 'delivered'],
      [`status/${DOCUMENT_ID}/assigned`, 'delivered'],
      ['report/assignment/edxml-report/an-giang/<seq>', 'delivered'],
      [`status/${DOCUMENT_ID}/completed`, 'delivered'],
    ]);

    // The status now, on request, as EDXML: completed.
    const now = await fetch(`${system.apiUrl}/v1/inbound/edxml/${DOCUMENT_ID}/status`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(now.status).toBe(200);
    expect(now.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(await parseBack(await now.text())).toMatchObject({ kind: 'status', statusCode: '06', from: ORGAN, responseFor: RESPONSE_FOR });
    const missing = await system.api('/v1/inbound/edxml/no-such-package/status');
    expect(missing.status).toBe(404);
  }, 120_000);
});
