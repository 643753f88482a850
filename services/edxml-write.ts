/**
 * EDXML packages dondoc writes (QCVN 102:2016/BTTTT), the element names and structure services/edxml-read.ts reads:
 * the unit's outgoing document (its completion report) with the file, and the status message of a received package.
 * Pure: the same facts give the same bytes, so a retried delivery sends (and signs) what the first attempt sent.
 * XMLBuilder escapes every text; nothing here concatenates markup.
 */
import { XMLBuilder } from 'fast-xml-parser';

export const EDXML_NAMESPACE = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';

export interface OutgoingOrgan {
  organId: string;
  organName: string | null;
}

/** The document a package answers: the received one's id, its organ, number and date. */
export interface ResponseFor {
  organId: string;
  codeNumber: string;
  codeNotation: string;
  promulgationDate: string;
  documentId: string;
}

export interface OutgoingReport {
  documentId: string;
  from: OutgoingOrgan;
  to: OutgoingOrgan[];
  /** The unit's document number as written ("1234/BC-UBND"): CodeNumber before the first slash, CodeNotation after. */
  documentNumber: string;
  /** YYYY-MM-DD. */
  promulgationDate: string;
  place: string | null;
  documentTypeName: string;
  subject: string;
  signer: { fullName: string; position?: string | null } | null;
  responseFor: ResponseFor | null;
  /** When the report was confirmed (ISO-8601): the trace's timestamp. */
  sentAt: string;
  attachment: { contentId: string; name: string; contentType: string; bytes: Uint8Array } | null;
}

/** QCVN 102's status codes as dondoc sends them: received (đã tiếp nhận), assigned (phân công), completed (hoàn thành). */
export const STATUS_CODES = { received: '03', assigned: '04', completed: '06' } as const;
export type InboundStatus = keyof typeof STATUS_CODES;

export interface StatusMessage {
  status: InboundStatus;
  description: string;
  /** ISO-8601 with offset. */
  timestamp: string;
  from: OutgoingOrgan;
  to: OutgoingOrgan;
  responseFor: ResponseFor;
}

export function splitDocumentNumber(number: string): { codeNumber: string; codeNotation: string } {
  const slash = number.indexOf('/');
  return slash < 0
    ? { codeNumber: number.trim(), codeNotation: '' }
    : { codeNumber: number.slice(0, slash).trim(), codeNotation: number.slice(slash + 1).trim() };
}

const ns = (name: string) => `edXML:${name}`;
type Tree = { [name: string]: string | Tree | Tree[] };
/** Prefixes every element name, in order (the builder writes keys in insertion order). */
function prefixed(tree: Record<string, unknown>): Tree {
  const out: Tree = {};
  for (const [key, value] of Object.entries(tree)) {
    if (value === undefined || value === null) continue;
    const name = key.startsWith('@_') ? key : ns(key);
    if (Array.isArray(value)) out[name] = value.map((v) => prefixed(v as Record<string, unknown>));
    else if (typeof value === 'object') out[name] = prefixed(value as Record<string, unknown>);
    else out[name] = String(value);
  }
  return out;
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: false,
});

function envelope(header: Record<string, unknown>, body: Record<string, unknown> | null): string {
  const tree = { edXMLEnvelope: { '@_xmlns:edXML': EDXML_NAMESPACE, edXMLHeader: header, ...(body ? { edXMLBody: body } : {}) } };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(prefixed(tree)) as string}`;
}

const organ = (o: OutgoingOrgan) => ({ OrganId: o.organId, ...(o.organName ? { OrganName: o.organName } : {}) });
const responseFor = (r: ResponseFor) => ({
  OrganId: r.organId,
  Code: { CodeNumber: r.codeNumber, CodeNotation: r.codeNotation },
  PromulgationDate: r.promulgationDate,
  DocumentId: r.documentId,
});

/** Base64 in lines of 76 characters, as MIME and the exchange's own packages carry it. */
const base64Lines = (bytes: Uint8Array) =>
  (
    Buffer.from(bytes)
      .toString('base64')
      .match(/.{1,76}/g) ?? ['']
  ).join('\n');

export function buildEdxmlReport(r: OutgoingReport): string {
  const code = splitDocumentNumber(r.documentNumber);
  const header = {
    MessageHeader: {
      From: organ(r.from),
      To: r.to.map(organ),
      DocumentId: r.documentId,
      Code: { CodeNumber: code.codeNumber, CodeNotation: code.codeNotation },
      PromulgationInfo: { ...(r.place ? { Place: r.place } : {}), PromulgationDate: r.promulgationDate },
      DocumentType: { TypeName: r.documentTypeName },
      Subject: r.subject,
      ...(r.signer ? { SignerInfo: { ...(r.signer.position ? { Position: r.signer.position } : {}), FullName: r.signer.fullName } } : {}),
      ...(r.responseFor ? { ResponseFor: responseFor(r.responseFor) } : {}),
    },
    TraceHeaderList: { TraceHeader: { OrganId: r.from.organId, Timestamp: r.sentAt } },
  };
  const body = r.attachment
    ? {
        AttachmentEncoded: {
          Attachment: {
            ContentId: r.attachment.contentId,
            ContentType: r.attachment.contentType,
            AttachmentName: r.attachment.name,
            ContentTransferEncoded: 'base64',
            Value: base64Lines(r.attachment.bytes),
          },
        },
      }
    : null;
  return envelope(header, body);
}

export function buildEdxmlStatus(s: StatusMessage): string {
  return envelope(
    {
      Status: {
        ResponseFor: responseFor(s.responseFor),
        From: organ(s.from),
        To: organ(s.to),
        StatusCode: STATUS_CODES[s.status],
        Description: s.description,
        Timestamp: s.timestamp,
      },
    },
    null,
  );
}
