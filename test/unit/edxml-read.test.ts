/**
 * EDXML packages (QCVN 102:2016) read by services/edxml-read.ts and drafted by the drafting thread's task: the
 * package test/fixtures/documents/make.py builds with lxml around Notice 203's DOCX, and hostile XML (malformed,
 * external entities, billion laughs, deep nesting, oversized or bad base64) refused naming the problem.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { officialCalendar } from '../../data/calendar';
import { UNITS } from '../../data/units';
import { readEdxml, xmlDepth, type EdxmlLimits } from '../../services/edxml-read';
import { DomainError } from '../../services/errors';
import { inboundEdxml } from '../../services/draft-task';

const DOCS = new URL('../fixtures/documents/', import.meta.url);
const PACKAGE = new Uint8Array(readFileSync(new URL('tb-203-2024.edxml', DOCS)));
const limits: EdxmlLimits = {
  maxBytes: 8 * 1024 * 1024,
  maxDepth: 32,
  maxAttachmentBytes: 5 * 1024 * 1024,
  maxAttachments: 20,
  maxTotalAttachmentBytes: 6 * 1024 * 1024,
};
const utf8 = (s: string) => new TextEncoder().encode(s);
const refusalOf = (xml: string | Uint8Array, over: Partial<EdxmlLimits> = {}) => {
  try {
    readEdxml(typeof xml === 'string' ? utf8(xml) : xml, { ...limits, ...over });
  } catch (err) {
    if (err instanceof DomainError) return { kind: err.kind, slug: err.slug, errors: err.errors };
    throw err;
  }
  return undefined;
};
const NS = 'xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"';

describe('an EDXML package', () => {
  it("reads the lxml-built package's header facts and its DOCX attachment", () => {
    const pkg = readEdxml(PACKAGE, limits);
    expect(pkg).toMatchObject({
      documentId: 'vpcp-2024-05-06-203-tb',
      from: { organId: 'vpcp', organName: 'Văn phòng Chính phủ' },
      to: [{ organId: 'bo-ca' }, { organId: 'bo-tttt' }, { organId: '000.00.00.X99', organName: 'Tỉnh An Giang' }],
      codeNumber: '203',
      codeNotation: 'TB-VPCP',
      promulgationDate: '2024-05-06',
      documentType: 'Thông báo',
      dueDate: '2024-12-31',
      steeringType: '1',
      signer: 'Trần Văn Sơn',
    });
    expect(pkg.attachments).toHaveLength(1);
    const docx = readFileSync(new URL('tb-203-2024.docx', DOCS));
    expect(pkg.attachments[0]).toMatchObject({ name: 'tb-203-2024.docx', contentId: 'notice', size: docx.byteLength });
    expect(Buffer.from(pkg.attachments[0]!.bytes).equals(docx)).toBe(true);
  });

  it('drafts the attached notice as the DOCX alone drafts it', async () => {
    const read = await inboundEdxml({
      body: PACKAGE,
      units: UNITS,
      calendar: officialCalendar(),
      limits: { maxTasks: 500, maxUnitsPerTask: 120 },
      edxmlLimits: limits,
      documentLimits: {
        ...limits,
        maxBytes: 5 * 1024 * 1024,
        maxInflatedBytes: 5e7,
        maxCompressionRatio: 200,
        maxArchiveEntries: 500,
        maxPages: 200,
        maxTextChars: 200_000,
      },
    });
    if ('refused' in read) throw new Error(JSON.stringify(read.refused));
    expect(read.draft).toMatchObject({ contentId: 'notice', document: { format: 'docx', fileName: 'tb-203-2024.docx' } });
    expect(read.draft!.tasks).toHaveLength(19);
  });
});

describe('a hostile package', () => {
  it('refuses malformed XML, naming the line', () => {
    expect(refusalOf(`<edXML:edXMLEnvelope ${NS}><edXML:edXMLHeader></edXML:edXMLEnvelope>`)).toMatchObject({
      kind: 'invalid',
      errors: [{ field: 'package', reason: expect.stringMatching(/malformed XML at line 1/) }],
    });
    expect(refusalOf('not xml at all')).toMatchObject({ kind: 'invalid', errors: [{ field: 'package' }] });
    expect(refusalOf(new Uint8Array([0x3c, 0xff, 0xfe, 0x3e]))).toMatchObject({ errors: [{ reason: 'not UTF-8 text' }] });
  });

  it('refuses an external entity and the billion laughs without expanding anything', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]><edXML:edXMLEnvelope ${NS}>&x;</edXML:edXMLEnvelope>`;
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
      Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('') +
      `]><edXML:edXMLEnvelope ${NS}>&lol9;</edXML:edXMLEnvelope>`;
    for (const xml of [xxe, laughs]) {
      const t = performance.now();
      expect(refusalOf(xml)).toMatchObject({ kind: 'invalid', errors: [{ field: 'package', reason: expect.stringMatching(/DOCTYPE/) }] });
      expect(performance.now() - t).toBeLessThan(100);
    }
    // An undeclared entity is no expansion either: it stays as written.
    const pkg = new TextDecoder().decode(PACKAGE).replace('<edXML:Place>Hà Nội', '<edXML:Place>Hà Nội &x; &amp; &#272;');
    expect(readEdxml(utf8(pkg), limits).place).toBe('Hà Nội &x; & Đ');
  });

  it('refuses nesting past the bound before parsing', () => {
    const deep = `<edXML:edXMLEnvelope ${NS}>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</edXML:edXMLEnvelope>`;
    expect(xmlDepth(deep, 32)).toBe(33);
    expect(refusalOf(deep)).toMatchObject({ errors: [{ field: 'package', reason: 'elements nested deeper than 32' }] });
  });

  it('refuses an oversized package, attachment or bad base64 before decoding, naming the attachment', () => {
    expect(refusalOf(PACKAGE, { maxBytes: 1024 })).toMatchObject({ kind: 'too-large', slug: 'package-too-large' });
    expect(refusalOf(PACKAGE, { maxAttachmentBytes: 1024 })).toMatchObject({
      kind: 'too-large',
      slug: 'attachment-too-large',
      errors: [{ field: 'AttachmentEncoded.Attachment[0].Value' }],
    });
    const bad = new TextDecoder().decode(PACKAGE).replace(/<edXML:Value>[^<]{10}/, '<edXML:Value>!!!!not-b64');
    expect(refusalOf(bad)).toMatchObject({ errors: [{ field: 'AttachmentEncoded.Attachment[0].Value', reason: 'not base64' }] });
  });

  it('names a missing header fact', () => {
    const xml = new TextDecoder().decode(PACKAGE).replace(/<edXML:DocumentId>[^<]*<\/edXML:DocumentId>/, '');
    expect(refusalOf(xml)).toMatchObject({ errors: [{ field: 'MessageHeader.DocumentId', reason: 'required' }] });
  });
});
