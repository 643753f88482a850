/** The EDXML packages dondoc writes read back, by dondoc's own reader, to the facts they were built from. */
import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { readEdxml } from '../../services/edxml-read';
import { buildEdxmlReport, buildEdxmlStatus, splitDocumentNumber } from '../../services/edxml-write';

const LIMITS = { maxBytes: 1 << 22, maxDepth: 64, maxAttachmentBytes: 1 << 21, maxAttachments: 50, maxTotalAttachmentBytes: 1 << 22 };
const FILE = new Uint8Array(Buffer.from('%PDF-1.4 báo cáo <&> "quoted"\n'.repeat(40)));
const REPORT = {
  documentId: 'dondoc/report/assignment/t/an-giang/7',
  from: { organId: '000.00.00.X99', organName: 'Tỉnh An Giang' },
  to: [{ organId: 'vpcp', organName: 'Văn phòng Chính phủ' }],
  documentNumber: '1234/BC-UBND',
  promulgationDate: '2024-06-10',
  place: null,
  documentTypeName: 'Báo cáo',
  subject: 'Báo cáo kết quả <thực hiện> & "đánh giá"',
  signer: { fullName: 'Nguyễn Văn A', position: 'Phó Chủ tịch' },
  responseFor: { organId: 'vpcp', codeNumber: '203', codeNotation: 'TB-VPCP', promulgationDate: '2024-05-06', documentId: 'vpcp-2024' },
  sentAt: '2024-06-11T09:00:00.000+07:00',
  attachment: { contentId: 'report', name: 'bc-1234.pdf', contentType: 'application/pdf', bytes: FILE },
};

describe('the outgoing report', () => {
  it("reads back through dondoc's EDXML reader to its number, date, organs, signer, subject and file", () => {
    const xml = buildEdxmlReport(REPORT);
    expect(xml).toContain('&lt;thực hiện&gt; &amp;');
    const read = readEdxml(new TextEncoder().encode(xml), LIMITS);
    expect(read).toMatchObject({
      documentId: REPORT.documentId,
      from: REPORT.from,
      to: REPORT.to,
      codeNumber: '1234',
      codeNotation: 'BC-UBND',
      promulgationDate: '2024-06-10',
      documentType: 'Báo cáo',
      subject: REPORT.subject,
      signer: 'Nguyễn Văn A',
    });
    expect(read.attachments).toHaveLength(1);
    expect(read.attachments[0]).toMatchObject({ name: 'bc-1234.pdf', contentType: 'application/pdf', size: FILE.byteLength });
    expect(read.attachments[0]!.sha256).toBe(createHash('sha256').update(FILE).digest('hex'));
    // The same facts, the same bytes: a retried delivery is signed over what the first attempt sent.
    expect(buildEdxmlReport(REPORT)).toBe(xml);
  });

  it('splits a number at its first slash', () => {
    expect(splitDocumentNumber('12/2024/QĐ-UBND')).toEqual({ codeNumber: '12', codeNotation: '2024/QĐ-UBND' });
    expect(splitDocumentNumber('77')).toEqual({ codeNumber: '77', codeNotation: '' });
  });
});

describe('the status message', () => {
  it('answers the received document with its code, description and time', () => {
    const xml = buildEdxmlStatus({
      status: 'assigned',
      description: 'Đã phân công 3 đơn vị',
      timestamp: '2024-05-07T08:00:00.000+07:00',
      from: { organId: 'vpcp', organName: 'Văn phòng Chính phủ' },
      to: { organId: 'bo-ca', organName: null },
      responseFor: REPORT.responseFor,
    });
    const parsed = new XMLParser({ removeNSPrefix: true, parseTagValue: false }).parse(xml);
    expect(parsed.edXMLEnvelope.edXMLHeader.Status).toEqual({
      ResponseFor: {
        OrganId: 'vpcp',
        Code: { CodeNumber: '203', CodeNotation: 'TB-VPCP' },
        PromulgationDate: '2024-05-06',
        DocumentId: 'vpcp-2024',
      },
      From: { OrganId: 'vpcp', OrganName: 'Văn phòng Chính phủ' },
      To: { OrganId: 'bo-ca' },
      StatusCode: '04',
      Description: 'Đã phân công 3 đơn vị',
      Timestamp: '2024-05-07T08:00:00.000+07:00',
    });
  });
});
