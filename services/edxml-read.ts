/**
 * An EDXML package (QCVN 102:2016/BTTTT, the envelope of the national document exchange) read from a caller's
 * bytes: the message header's facts and the attachments, decoded. Pure of I/O: it runs in a drafting thread
 * (services/draft-task.ts), whose heap and time budget bound it; here the bytes, the nesting, each attachment and
 * their total are bounded, and no DOCTYPE is read at all (no external entity, no entity expansion: a package that
 * declares one is refused, and fast-xml-parser runs with entity processing off; only the five predefined entities
 * and character references are decoded, in one pass).
 */
import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DomainError, tooLarge } from './errors';

export interface EdxmlLimits {
  maxBytes: number;
  maxDepth: number;
  maxAttachmentBytes: number;
  maxAttachments: number;
  maxTotalAttachmentBytes: number;
}

export interface EdxmlOrgan {
  organId: string;
  organName: string | null;
}

export interface EdxmlAttachment {
  contentId: string;
  name: string;
  contentType: string;
  sha256: string;
  size: number;
  bytes: Uint8Array;
}

export interface EdxmlPackage {
  documentId: string;
  from: EdxmlOrgan;
  to: EdxmlOrgan[];
  codeNumber: string;
  codeNotation: string;
  promulgationDate: string;
  place: string | null;
  documentType: string | null;
  subject: string;
  dueDate: string | null;
  steeringType: string | null;
  signer: string | null;
  attachments: EdxmlAttachment[];
}

const invalid = (field: string, reason: string, detail = `${field}: ${reason}`) =>
  new DomainError('invalid', 'edxml', detail, [{ field, reason }]);

/** The nesting of the elements, counted in one pass before any parse (comments, CDATA and PIs skipped). */
export function xmlDepth(xml: string, max: number): number {
  let depth = 0;
  let deepest = 0;
  for (let i = xml.indexOf('<'); i >= 0; i = xml.indexOf('<', i + 1)) {
    const next = xml[i + 1];
    if (next === '!' || next === '?') {
      const end = xml.startsWith('<!--', i)
        ? xml.indexOf('-->', i)
        : xml.startsWith('<![CDATA[', i)
          ? xml.indexOf(']]>', i)
          : xml.indexOf('>', i);
      if (end < 0) return deepest;
      i = end;
      continue;
    }
    const close = xml.indexOf('>', i);
    if (close < 0) return deepest;
    if (next === '/') depth -= 1;
    else if (xml[close - 1] !== '/') {
      depth += 1;
      deepest = Math.max(deepest, depth);
      if (deepest > max) return deepest;
    }
    i = close;
  }
  return deepest;
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** The predefined entities and character references, nothing else (an undeclared entity stays as written). */
const decodeText = (s: string) =>
  s.replace(/&(?:(amp|lt|gt|quot|apos)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/g, (whole, name?: string, dec?: string, hex?: string) => {
    if (name) return PREDEFINED[name]!;
    const code = dec ? Number(dec) : parseInt(hex!, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });

type Node = Record<string, unknown>;
const node = (v: unknown): Node | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : undefined);
const list = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const text = (v: unknown): string | null => {
  if (typeof v === 'string' || typeof v === 'number') {
    const t = decodeText(String(v)).trim();
    return t || null;
  }
  const n = node(v);
  return n && typeof n['#text'] === 'string' ? text(n['#text']) : null;
};
const required = (parent: Node | undefined, name: string, path: string): string => {
  const value = text(parent?.[name]);
  if (!value) throw invalid(`${path}.${name}`, 'required');
  if (value.length > 2000) throw invalid(`${path}.${name}`, 'at most 2000 characters');
  return value;
};
const optional = (parent: Node | undefined, name: string): string | null => text(parent?.[name])?.slice(0, 2000) ?? null;

const organ = (v: unknown, path: string): EdxmlOrgan => {
  const n = node(v);
  return { organId: required(n, 'OrganId', path), organName: optional(n, 'OrganName') };
};

/** A date as the standard writes it (YYYY-MM-DD, or DD/MM/YYYY as some e-office systems send), as YYYY-MM-DD. */
function dateOf(value: string | null, field: string): string | null {
  if (!value) return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (vn) return `${vn[3]}-${vn[2]!.padStart(2, '0')}-${vn[1]!.padStart(2, '0')}`;
  throw invalid(field, 'a date YYYY-MM-DD (or DD/MM/YYYY)');
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A base64 value decoded, its size judged from its length before a byte is decoded. */
function decodeAttachment(value: string, field: string, limits: EdxmlLimits, sofar: number): Uint8Array {
  const compact = value.replace(/\s+/g, '');
  const size = Math.floor((compact.length * 3) / 4) - (compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0);
  if (size > limits.maxAttachmentBytes) {
    throw tooLarge(
      'attachment-too-large',
      field,
      `the attachment has ${size} bytes; at most ${limits.maxAttachmentBytes} (EDXML_MAX_ATTACHMENT_BYTES)`,
    );
  }
  if (sofar + size > limits.maxTotalAttachmentBytes) {
    throw tooLarge(
      'attachments-too-large',
      field,
      `the attachments pass ${limits.maxTotalAttachmentBytes} bytes together (EDXML_MAX_BYTES)`,
    );
  }
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) throw invalid(field, 'not base64');
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

export function readEdxml(bytes: Uint8Array, limits: EdxmlLimits): EdxmlPackage {
  if (bytes.byteLength > limits.maxBytes) {
    throw tooLarge(
      'package-too-large',
      'package',
      `the package has ${bytes.byteLength} bytes; at most ${limits.maxBytes} (EDXML_MAX_BYTES)`,
    );
  }
  let xml: string;
  try {
    xml = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalid('package', 'not UTF-8 text');
  }
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    throw invalid(
      'package',
      'a DOCTYPE or entity declaration is not allowed',
      'the package declares a DOCTYPE or entities: EDXML needs neither',
    );
  }
  if (xmlDepth(xml, limits.maxDepth) > limits.maxDepth) throw invalid('package', `elements nested deeper than ${limits.maxDepth}`);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw invalid('package', `malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  const parser = new XMLParser({
    removeNSPrefix: true,
    ignoreAttributes: true,
    parseTagValue: false,
    processEntities: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    maxNestedTags: limits.maxDepth,
    isArray: (name) => name === 'To' || name === 'Attachment',
  });
  let root: Node;
  try {
    root = parser.parse(xml) as Node;
  } catch (err) {
    throw invalid('package', `malformed XML: ${(err as Error).message}`);
  }
  const envelope = node(root['edXMLEnvelope']);
  if (!envelope) throw invalid('package', 'no edXML:edXMLEnvelope', 'the XML is not an EDXML package (no edXML:edXMLEnvelope)');
  const header = node(node(envelope['edXMLHeader'])?.['MessageHeader']);
  if (!header) throw invalid('edXMLHeader.MessageHeader', 'required');
  const path = 'MessageHeader';
  const code = node(header['Code']);
  const promulgation = node(header['PromulgationInfo']);
  const to = list(header['To']).map((t, i) => organ(t, `${path}.To[${i}]`));
  const attachments: EdxmlAttachment[] = [];
  const found = list(node(node(envelope['edXMLBody'])?.['AttachmentEncoded'])?.['Attachment']);
  if (found.length > limits.maxAttachments) {
    throw tooLarge('too-many-attachments', 'edXMLBody.AttachmentEncoded', `${found.length} attachments; at most ${limits.maxAttachments}`);
  }
  let total = 0;
  found.forEach((a, i) => {
    const n = node(a);
    const field = `AttachmentEncoded.Attachment[${i}]`;
    const encoding = (optional(n, 'ContentTransferEncoded') ?? 'base64').toLowerCase();
    if (encoding !== 'base64') throw invalid(`${field}.ContentTransferEncoded`, 'only base64 is taken');
    const value = typeof n?.['Value'] === 'string' ? n['Value'] : '';
    const decoded = decodeAttachment(value, `${field}.Value`, limits, total);
    total += decoded.byteLength;
    attachments.push({
      contentId: optional(n, 'ContentId') ?? `attachment-${i + 1}`,
      name: required(n, 'AttachmentName', field),
      contentType: optional(n, 'ContentType') ?? 'application/octet-stream',
      sha256: createHash('sha256').update(decoded).digest('hex'),
      size: decoded.byteLength,
      bytes: decoded,
    });
  });
  const signer = node(header['SignerInfo']);
  return {
    documentId: required(header, 'DocumentId', path),
    from: organ(header['From'], `${path}.From`),
    to,
    codeNumber: required(code, 'CodeNumber', `${path}.Code`),
    codeNotation: required(code, 'CodeNotation', `${path}.Code`),
    promulgationDate: dateOf(
      required(promulgation, 'PromulgationDate', `${path}.PromulgationInfo`),
      `${path}.PromulgationInfo.PromulgationDate`,
    )!,
    place: optional(promulgation, 'Place'),
    documentType: optional(node(header['DocumentType']), 'TypeName') ?? optional(node(header['DocumentType']), 'Type'),
    subject: required(header, 'Subject', path),
    dueDate: dateOf(optional(header, 'DueDate'), `${path}.DueDate`),
    steeringType: optional(header, 'SteeringType'),
    signer: optional(signer, 'FullName'),
    attachments,
  };
}
