/**
 * The text of a notice sent as a file, for the drafter: a DOCX (mammoth, after its archive passes the import's
 * zip checks; tables included, a task table's rows written as the items the extractor reads) or a PDF's text
 * layer (pdfjs-dist, lines in reading order). Pure of I/O: it runs in a drafting thread (services/draft-task.ts),
 * whose heap and time budget bound what the parsers cost; the bytes, pages and characters are bounded here.
 */
import { createHash } from 'node:crypto';
import { inflateSync, constants as zlib } from 'node:zlib';
import mammoth from 'mammoth';
import { columnOfHeader, flatten } from '../domain/task-table';
import { DomainError, tooLarge } from './errors';
import { scanArchive, type ArchiveLimits } from './import-zip-scan';

export type DocumentFormat = 'docx' | 'pdf';

export interface DocumentLimits extends ArchiveLimits {
  maxBytes: number;
  maxPages: number;
  maxTextChars: number;
}

export interface DocumentText {
  format: DocumentFormat;
  text: string;
  sha256: string;
  bytes: number;
  pages: number | null;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** Compound File Binary: an encrypted (password-protected) OOXML document, or an old .doc. */
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const startsWith = (bytes: Uint8Array, sig: number[]) => sig.every((b, i) => bytes[i] === b);

const refuse = (slug: string, detail: string, reason = detail) =>
  new DomainError('unprocessable', slug, detail, [{ field: 'file', reason }]);
const notADocument = (detail: string) => new DomainError('invalid', 'not-a-document', detail, [{ field: 'file', reason: detail }]);

/** The format the bytes are, whatever the declared type says; a file that is neither DOCX nor PDF is refused. */
export function sniffDocument(bytes: Uint8Array): DocumentFormat | 'cfb' | undefined {
  if (startsWith(bytes, PDF)) return 'pdf';
  if (startsWith(bytes, ZIP)) return 'docx';
  if (startsWith(bytes, CFB)) return 'cfb';
  // A PDF may carry a few bytes of junk before its header (the specification lets readers look in the first 1024).
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-') ? 'pdf' : undefined;
}

export async function documentText(bytes: Uint8Array, limits: DocumentLimits): Promise<DocumentText> {
  if (bytes.byteLength > limits.maxBytes) {
    throw tooLarge(
      'upload-too-large',
      'file',
      `the file has ${bytes.byteLength} bytes; at most ${limits.maxBytes} (IMPORT_MAX_UPLOAD_BYTES)`,
    );
  }
  if (bytes.byteLength === 0) throw notADocument('the file is empty');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const format = sniffDocument(bytes);
  if (format === 'cfb') {
    throw refuse(
      'password-protected',
      'the document is password-protected (or an old .doc file): save it without a password as .docx or PDF and upload again',
      'encrypted or legacy Compound File document',
    );
  }
  if (format === undefined) throw notADocument('the file is neither a DOCX document nor a PDF');
  const read = format === 'docx' ? await docxText(bytes, limits) : await pdfText(bytes, limits);
  const text = read.text.trim();
  if (text.length > limits.maxTextChars) {
    throw tooLarge(
      'text-too-long',
      'file',
      `the document's text has ${text.length} characters; at most ${limits.maxTextChars} (DRAFT_MAX_TEXT_CHARS): send it in parts`,
    );
  }
  if (format === 'pdf' && !/\p{L}/u.test(text)) {
    throw refuse(
      'no-text-layer',
      'the PDF has no text layer (a scanned image?): send the DOCX, a PDF exported with its text, or the text itself',
      'no text layer',
    );
  }
  if (!text) throw refuse('no-text', 'the document has no text', 'no text');
  return { format, text, sha256, bytes: bytes.byteLength, pages: read.pages };
}

// ---------------------------------------------------------------------------------------------------------------
// DOCX

async function docxText(bytes: Uint8Array, limits: DocumentLimits): Promise<{ text: string; pages: null }> {
  await scanArchive(bytes, limits, 'DOCX document');
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      // Images are not read at all (their bytes would only cost memory).
      { convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })) },
    );
    html = result.value;
  } catch (err) {
    throw refuse('not-a-docx', `the file is a ZIP archive but not a DOCX document: ${(err as Error).message}`, 'not a DOCX document');
  }
  return { text: htmlText(html), pages: null };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, e: string) => ENTITIES[e]!);
const cellText = (html: string) =>
  decode(
    html
      .replace(/<br\s*\/?>/g, ' ')
      .replace(/<\/p>/g, ' ')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Mammoth's HTML (its own, so a small closed set of tags) as the text of the notice: a paragraph, heading or list
 * item a line, blank lines between blocks, a table as its rows (a task table's as items, see tableText).
 */
export function htmlText(html: string): string {
  const blocks: string[] = [];
  // Tables are taken whole first (mammoth does not nest them in paragraphs); what lies between is block text.
  const parts = html.split(/(<table>[\s\S]*?<\/table>)/);
  for (const part of parts) {
    if (part.startsWith('<table>')) {
      blocks.push(...tableText(part));
      continue;
    }
    let ordinal = 0;
    for (const m of part.matchAll(/<(ol|\/ol|p|h[1-6]|li)\b[^>]*>([\s\S]*?)(?=<(?:\/?(?:p|h[1-6]|li|ol|ul))\b|$)/g)) {
      const tag = m[1]!;
      if (tag === 'ol') ordinal = 0;
      if (tag === 'ol' || tag === '/ol') continue;
      const text = cellText(m[2]!);
      if (!text) continue;
      blocks.push(tag === 'li' ? `${++ordinal}. ${text}` : text);
    }
  }
  return blocks.join('\n\n');
}

type Column = 'number' | 'title' | 'leadUnits' | 'cooperatingUnits' | 'deadline';

/** A header cell of a task table: the import template's columns, or the words appendices use for them. */
function columnOf(header: string): Column | undefined {
  const known = columnOfHeader(header);
  if (known === 'title' || known === 'leadUnits' || known === 'cooperatingUnits' || known === 'deadline') return known;
  const h = flatten(header).replace(/\s+/g, ' ').trim();
  if (/^(stt|tt|so tt|no\.?|#)$/.test(h)) return 'number';
  if (/chu tri|\blead\b/.test(h)) return 'leadUnits';
  if (/phoi hop|co-?operat|coordinat/.test(h)) return 'cooperatingUnits';
  if (/thoi han|han hoan thanh|deadline|due/.test(h)) return 'deadline';
  if (/nhiem vu|noi dung|\btask/.test(h)) return 'title';
  return undefined;
}

/**
 * A table's rows as lines. A task table (a header naming the task and its lead, as appendices and the import
 * template have them) becomes one item a row, worded as the extractor reads a task: "1. <lead> chủ trì, phối hợp
 * với <co-operating>: <task>, thời hạn: <deadline>." Any other table is a line a row, its cells joined by " – ".
 */
export function tableText(table: string): string[] {
  const rows = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...r[1]!.matchAll(/<t[dh]\b[^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => cellText(c[1]!)),
  );
  if (rows.length === 0) return [];
  const header = rows[0]!.map(columnOf);
  const at = (column: Column) => header.indexOf(column);
  if (at('title') < 0 || at('leadUnits') < 0) return rows.map((cells) => cells.filter(Boolean).join(' – ')).filter(Boolean);
  const lines: string[] = [];
  rows.slice(1).forEach((cells, i) => {
    const cell = (column: Column) => (at(column) >= 0 ? (cells[at(column)] ?? '') : '');
    const title = cell('title').replace(/[.;:]+$/, '');
    if (!title) return;
    const number = cell('number').replace(/\.$/, '') || String(i + 1);
    const lead = cell('leadUnits');
    const co = cell('cooperatingUnits');
    const deadline = cell('deadline').replace(/[.;]+$/, '');
    const who = lead ? `${lead} chủ trì${co ? `, phối hợp với ${co}` : ''}: ` : '';
    lines.push(`${number}. ${who}${title}${deadline ? `, thời hạn: ${deadline}` : ''}.`);
  });
  return lines;
}

// ---------------------------------------------------------------------------------------------------------------
// PDF

interface TextItem {
  str: string;
  hasEOL: boolean;
  transform: number[];
  height: number;
}

/** Below this a stream's ratio is not judged (as for archives: small streams cannot cost much). */
const RATIO_FLOOR_BYTES = 1024 * 1024;

/**
 * A PDF bomb (a few hundred KB of Flate streams that inflate to GB) refused before pdfjs sees it: every Flate
 * stream is inflated once, its output capped at what the limit leaves (zlib stops there), and the total and each
 * stream's ratio held to the archive limits (IMPORT_MAX_INFLATED_BYTES, IMPORT_MAX_COMPRESSION_RATIO).
 */
export function scanPdfStreams(bytes: Uint8Array, limits: ArchiveLimits): void {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buffer.toString('latin1');
  let total = 0;
  const stream = /stream\r?\n/g;
  for (let m = stream.exec(text); m; m = stream.exec(text)) {
    if (text.slice(Math.max(0, m.index - 3), m.index) === 'end') continue;
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    stream.lastIndex = end + 9;
    const dictionary = text.slice(Math.max(0, m.index - 2048), m.index);
    const opened = dictionary.lastIndexOf('<<');
    if (opened < 0 || !/\/(FlateDecode|Fl)\b/.test(dictionary.slice(opened))) continue;
    const left = limits.maxInflatedBytes - total;
    let inflated: number;
    try {
      inflated = inflateSync(buffer.subarray(start, end), {
        maxOutputLength: Math.max(1, left),
        finishFlush: zlib.Z_SYNC_FLUSH,
      }).byteLength;
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw tooLarge(
          'inflated-size',
          'file',
          `the PDF's streams inflate past ${limits.maxInflatedBytes} bytes (IMPORT_MAX_INFLATED_BYTES=${limits.maxInflatedBytes})`,
        );
      }
      continue; // a stream zlib cannot read: pdfjs judges it (and its own errors are refusals)
    }
    total += inflated;
    const compressed = Math.max(1, end - start);
    if (inflated > RATIO_FLOOR_BYTES && inflated / compressed > limits.maxCompressionRatio) {
      throw tooLarge(
        'compression-ratio',
        'file',
        `a stream of the PDF inflates ${Math.round(inflated / compressed)} times its size; at most ${limits.maxCompressionRatio} (IMPORT_MAX_COMPRESSION_RATIO=${limits.maxCompressionRatio})`,
      );
    }
  }
}

async function pdfText(bytes: Uint8Array, limits: DocumentLimits): Promise<{ text: string; pages: number }> {
  scanPdfStreams(bytes, limits);
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    // pdfjs takes ownership of (and detaches) the buffer it is given: a copy, so the caller's bytes stay.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: true,
    verbosity: 0,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'PasswordException') {
      throw refuse('password-protected', 'the PDF is password-protected: send it without a password', 'encrypted PDF');
    }
    throw notADocument(`the file is not a readable PDF: ${(err as Error).message}`);
  }
  try {
    if (doc.numPages > limits.maxPages) {
      throw tooLarge('too-many-pages', 'file', `the PDF has ${doc.numPages} pages; at most ${limits.maxPages} (DRAFT_MAX_PAGES)`);
    }
    const pages: string[] = [];
    let characters = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const text = pageText(content.items as TextItem[]);
      page.cleanup();
      characters += text.length;
      if (characters > limits.maxTextChars) {
        throw tooLarge(
          'text-too-long',
          'file',
          `the document's text has more than ${limits.maxTextChars} characters (DRAFT_MAX_TEXT_CHARS): send it in parts`,
        );
      }
      pages.push(text);
    }
    // A page break is a line break: a paragraph running onto the next page stays one.
    return { text: paragraphsByLayout(pages.join('\n')), pages: doc.numPages };
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw refuse('bad-pdf', `the PDF cannot be read: ${(err as Error).message}`, 'unreadable PDF');
  } finally {
    await doc.destroy();
  }
}

/** An item's opening: "1.", "1.2.", "a)", "(i)", "-", "–", "+", "•" (as the extractor reads them). */
const ITEM_OPENING = /^(?:\d{1,2}(?:\.\d{1,2})*\.|[a-zđ]\)|\((?:\d{1,2}|[a-z]{1,4})\)|[-–+•])\s/u;

/**
 * When the layout parts paragraphs by space (a blank line between them somewhere in the text), the lines of one
 * paragraph are its hard wraps: joined again, unless a line opens an item. Text with no such gaps (an e-office
 * export set line under line) is left as lines, for the extractor's own reading of hard-wrapped text.
 */
function paragraphsByLayout(text: string): string {
  if (!/\n\n/.test(text)) return text;
  return text
    .split(/\n\n/)
    .map((block) =>
      block
        .split('\n')
        .reduce((lines: string[], line) => {
          if (lines.length > 0 && !ITEM_OPENING.test(line)) lines[lines.length - 1] += ` ${line}`;
          else lines.push(line);
          return lines;
        }, [])
        .join('\n'),
    )
    .join('\n\n');
}

/**
 * A page's text items as lines: an item ending a line (hasEOL) or a move down the page starts the next line; a
 * gap down of more than a line and a half is a blank line (a new paragraph), as the extractor reads exports.
 */
function pageText(items: TextItem[]): string {
  let out = '';
  let lastY: number | undefined;
  let lastHeight = 0;
  let lineOpen = false;
  for (const item of items) {
    if (!('str' in item)) continue;
    const y = item.transform[5]!;
    if (lastY !== undefined && lineOpen && Math.abs(y - lastY) > Math.max(1, lastHeight / 2)) {
      out += '\n';
      lineOpen = false;
    }
    if (lastY !== undefined && !lineOpen && lastHeight > 0 && lastY - y > lastHeight * 1.8 && out && !out.endsWith('\n\n')) out += '\n';
    if (item.str) {
      out += item.str;
      lineOpen = true;
      lastY = y;
      lastHeight = item.height || lastHeight;
    }
    if (item.hasEOL && lineOpen) {
      out += '\n';
      lineOpen = false;
    }
  }
  return out
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}
