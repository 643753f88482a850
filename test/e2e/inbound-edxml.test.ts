/**
 * Issue 34 over HTTP on the real servers: the EDXML package make.py builds with lxml around Notice 203's DOCX
 * becomes a directive with its facts, recipients resolved to units, its attachment stored and downloadable, and
 * the draft of its notice; the same package again writes nothing; unknown organs and hostile packages are 4xx
 * naming the problem, nothing is saved, and /healthz keeps answering.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDrafts } from '../../services/draft-pool';
import { ADMIN_TOKEN, startTestSystem, type TestSystem } from '../support/system';

const DOCS = new URL('../fixtures/documents/', import.meta.url);
const PACKAGE = readFileSync(new URL('tb-203-2024.edxml', DOCS), 'utf8');
const DOCX = readFileSync(new URL('tb-203-2024.docx', DOCS));

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
}, 120_000);

afterAll(async () => {
  await closeDrafts();
  await system?.shutdown();
});

async function receive(body: string | Uint8Array, contentType = 'application/xml') {
  const res = await fetch(`${system.apiUrl}/v1/inbound/edxml`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': contentType },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
const counts = async () => {
  const sql = system.deps.sql;
  const [row] = await sql<{ directives: number; inbound: number; attachments: number; blobs: number }[]>`
    SELECT (SELECT count(*) FROM directives)::int AS directives, (SELECT count(*) FROM inbound_documents)::int AS inbound,
           (SELECT count(*) FROM directive_attachments)::int AS attachments, (SELECT count(*) FROM attachment_blobs)::int AS blobs`;
  return row!;
};

describe('an EDXML package received', () => {
  it('becomes a directive with its facts, recipients, attachment and draft tasks, once', async () => {
    const first = await receive(PACKAGE);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({
      created: true,
      documentId: 'vpcp-2024-05-06-203-tb',
      number: '203/TB-VPCP',
      issuedOn: '2024-05-06',
      documentType: 'Thông báo',
      dueDate: '2024-12-31',
      steeringType: '1',
      signer: 'Trần Văn Sơn',
      sender: { organId: 'vpcp', unitCode: 'vpcp' },
      recipients: [{ unitCode: 'bo-ca' }, { unitCode: 'bo-tttt' }, { organId: '000.00.00.X99', unitCode: 'an-giang' }],
      attachments: [{ name: 'tb-203-2024.docx', size: DOCX.byteLength }],
      draft: { contentId: 'notice' },
    });
    expect(first.body.draft.tasks).toHaveLength(19);
    const id = first.body.directiveId;

    const directive = await system.api(`/v1/directives/${id}`);
    expect(directive.status).toBe(200);
    expect(directive.body).toMatchObject({
      number: '203/TB-VPCP',
      issuedOn: '2024-05-06',
      issuer: expect.stringMatching(/Văn phòng Chính phủ/),
    });

    const list = await system.api(`/v1/directives/${id}/attachments`);
    expect(list.body.items).toEqual([expect.objectContaining({ name: 'tb-203-2024.docx', sha256: first.body.attachments[0].sha256 })]);
    const file = await fetch(`${system.apiUrl}/v1/directives/${id}/attachments/${first.body.attachments[0].sha256}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/attachment; filename="tb-203-2024.docx"/);
    expect(Buffer.from(await file.arrayBuffer()).equals(DOCX)).toBe(true);

    // A recipient's officer (An Giang, named by the package) reads them; an officer of a unit it does not name gets 404.
    const officer = async (id: string, unitCode: string) => {
      expect((await system.api('/v1/admin/people', { body: { id, name: id, role: 'unit', unitCode } })).status).toBe(201);
      return (await system.api(`/v1/admin/people/${id}/tokens`, { body: { name: 'test' } })).body.token as string;
    };
    const [recipient, stranger] = [await officer('ag-officer', 'an-giang'), await officer('ct-officer', 'can-tho')];
    expect((await system.api(`/v1/directives/${id}/attachments`, { token: recipient })).body.items).toHaveLength(1);
    expect((await system.api(`/v1/directives/${id}/attachments`, { token: stranger })).status).toBe(404);
    const hidden = await fetch(`${system.apiUrl}/v1/directives/${id}/attachments/${first.body.attachments[0].sha256}`, {
      headers: { authorization: `Bearer ${stranger}` },
    });
    expect(hidden.status).toBe(404);

    const before = await counts();
    const again = await receive(PACKAGE);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, directiveId: id, attachments: first.body.attachments });
    expect(again.body.draft.tasks).toEqual(first.body.draft.tasks);
    expect(await counts()).toEqual(before);
  }, 60_000);
});

describe('a package refused', () => {
  const other = (n: number) =>
    PACKAGE.replace('vpcp-2024-05-06-203-tb', `refused-${n}`).replace('<edXML:CodeNumber>203<', `<edXML:CodeNumber>9${n}<`);

  it('names the problem with a 4xx, saves nothing and keeps /healthz answering', async () => {
    const before = await counts();
    const unknownOrgan = other(1).replace(
      '<edXML:OrganId>bo-tttt</edXML:OrganId>\n        <edXML:OrganName>Bộ Thông tin và Truyền thông</edXML:OrganName>',
      '<edXML:OrganId>999.99.99.Z00</edXML:OrganId>\n        <edXML:OrganName>Cục Không Tồn Tại</edXML:OrganName>',
    );
    const xxe = `<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]>${other(2)
      .replace(/^<\?xml[^>]*>/, '')
      .replace('Hà Nội', '&x;')}`;
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
      Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('') +
      `]>${other(3)
        .replace(/^<\?xml[^>]*>/, '')
        .replace('Hà Nội', '&lol9;')}`;
    const protectedDocx = other(4).replace(
      /<edXML:Value>[\s\S]*?<\/edXML:Value>/,
      `<edXML:Value>${readFileSync(new URL('protected.docx', DOCS)).toString('base64')}</edXML:Value>`,
    );
    // Encoded before the requests start: the API runs in this process, and a 100 MB string's encoding would stall it.
    const [head, tail] = other(5).split(/<edXML:Value>[\s\S]*?<\/edXML:Value>/) as [string, string];
    const hundredMb = Buffer.concat([
      Buffer.from(`${head}<edXML:Value>`),
      Buffer.alloc(100 * 1024 * 1024, 'A'),
      Buffer.from(`</edXML:Value>${tail}`),
    ]);
    const cases: [string, Promise<{ status: number; body: any }>, number, RegExp][] = [
      ['unknown organ', receive(unknownOrgan), 422, /999\.99\.99\.Z00 \(Cục Không Tồn Tại\)/],
      ['malformed XML', receive(other(6).replace('</edXML:Subject>', '')), 400, /malformed XML/],
      ['external entity', receive(xxe), 400, /DOCTYPE/],
      ['billion laughs', receive(laughs), 400, /DOCTYPE/],
      ['password-protected DOCX', receive(protectedDocx), 422, /password-protected/],
      ['wrong content type', receive(other(7), 'application/json'), 415, /application\/xml/],
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
    answers.forEach((answer, i) => {
      const [name, , status, detail] = cases[i]!;
      expect(answer.status, `${name}: ${JSON.stringify(answer.body)}`).toBe(status);
      expect(answer.body.detail, name).toMatch(detail);
    });
    expect(answers[0]!.body.errors).toEqual([{ field: 'MessageHeader.To[1].OrganId', reason: expect.stringMatching(/not a unit/) }]);
    expect(answers[4]!.body.errors[0].field).toMatch(/^AttachmentEncoded\.Attachment\[0\]\.file$/);
    console.log(`/healthz during the refusals: ${health.length} polls, slowest ${Math.max(...health).toFixed(0)} ms`);
    expect(Math.max(...health)).toBeLessThan(1_000);
    // 100 MB of base64 is refused on its Content-Length, unread (alone: this process sends it, too, and its
    // sending would count against /healthz above).
    const huge = await receive(hundredMb);
    expect(huge.status).toBe(413);
    expect(huge.body.detail).toMatch(/bytes/);
    expect((await fetch(`${system.apiUrl}/healthz`)).status).toBe(200);
    expect(await counts()).toEqual(before);
  }, 120_000);
});
