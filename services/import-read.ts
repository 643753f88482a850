/**
 * Reading a task table from a caller's bytes: XLSX (after its archive passes services/import-zip-scan.ts) or CSV
 * into rows of cells with their sheet row numbers, every refusal on its cell. Pure of I/O: it runs in a parsing
 * thread, so it imports no database or Temporal code.
 */
import { createHash } from 'node:crypto';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { ImportLimits } from '../config/env';
import { formulaLikeStart, unneutralise } from '../domain/csv';
import {
  cellText,
  columnHeader,
  columnLetter,
  columnOfHeader,
  flatten,
  REQUIRED_COLUMNS,
  TASK_COLUMNS,
  type CellValue,
  type ColumnKey,
  type TableRow,
} from '../domain/task-table';
import { DomainError, tooLarge } from './errors';
import { scanArchive, type ArchiveLimits } from './import-zip-scan';

export type ReadLimits = ArchiveLimits & Pick<ImportLimits, 'maxUploadBytes'>;

export const MAX_IMPORT_ROWS = 2000;

export type TableFormat = 'xlsx' | 'csv' | 'json';
export interface SourceRow {
  /** 1-based row of the sheet (the header is row 1), or the index + 1 of a JSON row. */
  rowNumber: number;
  cells: TableRow;
}
export interface ReadTable {
  format: TableFormat;
  rows: SourceRow[];
  letters: Partial<Record<ColumnKey, string>>;
  sha256: string;
}

const refuse = (slug: string, detail: string, errors?: { field: string; reason: string }[]) =>
  new DomainError('unprocessable', slug, detail, errors);
const badFile = (detail: string) => new DomainError('invalid', 'not-a-spreadsheet', detail, [{ field: 'file', reason: detail }]);

// ---------------------------------------------------------------------------------------------------------------
// Reading

const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** Compound File Binary: an encrypted (password-protected) OOXML workbook, or an old .xls. */
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (bytes: Uint8Array, sig: number[]) => sig.every((b, i) => bytes[i] === b);

/**
 * Reads an upload as XLSX or CSV, whatever its declared type says, and refuses a file that is neither. Runs in a
 * parsing thread (services/import-parse-task.ts): an XLSX archive is checked against the limits before exceljs
 * sees it, and the thread's heap and time bound the rest.
 */
export async function readTableBytes(bytes: Uint8Array, declared: 'xlsx' | 'csv' | undefined, limits: ReadLimits): Promise<ReadTable> {
  if (bytes.byteLength > limits.maxUploadBytes) throw uploadTooLarge(bytes.byteLength, limits.maxUploadBytes);
  if (bytes.byteLength === 0) throw badFile('the file is empty');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (startsWith(bytes, CFB)) {
    throw refuse(
      'password-protected',
      'the workbook is password-protected (or an old .xls file): save it without a password as .xlsx and upload again',
      [{ field: 'file', reason: 'encrypted or legacy Compound File workbook' }],
    );
  }
  if (startsWith(bytes, ZIP)) {
    await scanArchive(bytes, limits);
    return { ...(await readXlsx(bytes)), sha256 };
  }
  if (declared === 'xlsx') throw badFile('the file is not an XLSX workbook');
  return { ...readCsv(bytes), sha256 };
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The format an upload's media type or file name claims (the bytes decide; this only tells XLSX from CSV). */
export function declaredFormat(type: string, name = ''): 'xlsx' | 'csv' | undefined {
  const t = type.toLowerCase();
  if (t.startsWith(XLSX_TYPE) || /\.xlsx$/i.test(name)) return 'xlsx';
  if (/csv/.test(t) || /\.csv$/i.test(name)) return 'csv';
  return undefined;
}

/** The upload-size refusal, the same before the thread (the route) and in it. */
export function uploadTooLarge(bytes: number, max: number) {
  return tooLarge('too-large', 'file', `the file has ${bytes} bytes; at most ${max} (IMPORT_MAX_UPLOAD_BYTES=${max})`);
}

async function readXlsx(bytes: Uint8Array): Promise<Omit<ReadTable, 'sha256'>> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares load() with an older Node Buffer type than @types/node's; the bytes are a plain Buffer.
    await workbook.xlsx.load(Buffer.from(bytes) as never);
  } catch {
    throw badFile('the file is a ZIP archive but not an XLSX workbook');
  }
  const sheet = workbook.worksheets.find((w) => /nhiem vu|tasks?/.test(flatten(w.name))) ?? workbook.worksheets[0];
  if (!sheet) throw badFile('the workbook has no sheet');
  const merges: string[] = ((sheet.model as { merges?: string[] }).merges ?? []).filter((range) => /^[A-Z]+1(?::|$)/.test(range));
  if (merges.length) {
    throw refuse(
      'merged-header',
      `the header row has merged cells (${merges.join(', ')}): unmerge them so each column has its own header`,
      merges.map((m) => ({ field: m, reason: 'merged header cell' })),
    );
  }
  const headerRow = sheet.getRow(1);
  const headers: string[] = [];
  headerRow.eachCell({ includeEmpty: true }, (cell, col) => (headers[col - 1] = cellText(plainValue(cell.value))));
  const columns = mapHeaders(headers);
  if (sheet.actualRowCount - 1 > MAX_IMPORT_ROWS) throw tooManyRows(sheet.actualRowCount - 1);
  const rows: SourceRow[] = [];
  const formulas: { field: string; reason: string }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: TableRow = {};
    for (const [index, key] of columns.byIndex) {
      const cell = row.getCell(index + 1);
      if (cell.type === ExcelJS.ValueType.Formula || isFormula(cell.value)) {
        formulas.push({ field: `${columnLetter(index)}${rowNumber}`, reason: 'a formula where a value is expected' });
        continue;
      }
      const value = plainValue(cell.value);
      if (typeof value === 'string' && formulaLikeStart(value))
        formulas.push({ field: `${columnLetter(index)}${rowNumber}`, reason: FORMULA_TEXT });
      cells[key] = value;
    }
    if (Object.values(cells).some((v) => cellText(v) !== '')) rows.push({ rowNumber, cells });
  });
  if (formulas.length) {
    throw refuse(
      'formulas',
      `${formulas.length} cell(s) hold formulas or begin like one (${formulas
        .slice(0, 5)
        .map((f) => f.field)
        .join(', ')}): paste them as values`,
      formulas,
    );
  }
  if (rows.length > MAX_IMPORT_ROWS) throw tooManyRows(rows.length);
  return { format: 'xlsx', rows, letters: columns.letters };
}

/** Why a text cell that begins like a formula is refused (the rule: domain/csv.ts formulaLikeStart). */
const FORMULA_TEXT = 'begins like a formula (=, +, @, or - not followed by a space): a spreadsheet would run it';

function isFormula(value: unknown): boolean {
  return typeof value === 'object' && value !== null && ('formula' in value || 'sharedFormula' in value);
}

/** A cell's value as text, number, boolean or date (rich text joined, hyperlinks as their text). */
function plainValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value !== 'object') return value as CellValue;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('text' in value) return String((value as { text: unknown }).text);
  if ('error' in value) return null;
  return String(value);
}

function readCsv(bytes: Uint8Array): Omit<ReadTable, 'sha256'> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw badFile('the file is neither an XLSX workbook nor UTF-8 text (CSV): save it as "CSV UTF-8" or .xlsx');
  }
  if (text.includes('\u0000')) throw badFile('the file is binary, not a CSV table or an XLSX workbook');
  text = text.replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = detectDelimiter(firstLine);
  let records: string[][];
  try {
    records = parseCsv(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: false,
      to: MAX_IMPORT_ROWS + 2,
    }) as string[][];
  } catch (err) {
    throw badFile(`the CSV cannot be read: ${(err as Error).message}`);
  }
  const [headers = [], ...body] = records;
  const columns = mapHeaders(headers);
  if (body.length > MAX_IMPORT_ROWS) throw tooManyRows(body.length);
  const formulas: { field: string; reason: string }[] = [];
  const rows = body.flatMap((record, i) => {
    const cells: TableRow = {};
    for (const [index, key] of columns.byIndex) {
      // A cell dondoc's export neutralised reads back as it was; Excel writes a formula's value, so a cell
      // that still begins like a formula was typed as one (or is an injection) and is refused.
      const value = unneutralise(record[index] ?? '');
      if (formulaLikeStart(value)) formulas.push({ field: `${columnLetter(index)}${i + 2}`, reason: FORMULA_TEXT });
      cells[key] = value;
    }
    return Object.values(cells).some((v) => cellText(v) !== '') ? [{ rowNumber: i + 2, cells }] : [];
  });
  if (formulas.length)
    throw refuse(
      'formulas',
      `${formulas.length} cell(s) hold formulas or begin like one (${formulas
        .slice(0, 5)
        .map((f) => f.field)
        .join(', ')}): write the values`,
      formulas,
    );
  return { format: 'csv', rows, letters: columns.letters };
}

/** The separator of the header line: Excel in a Vietnamese locale writes ';', elsewhere ','; tabs too. */
function detectDelimiter(header: string): string {
  const outsideQuotes = header.replace(/"[^"]*"/g, '');
  const counts = [';', ',', '\t'].map((d) => [d, outsideQuotes.split(d).length - 1] as const);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![1] > 0 ? [...counts].sort((a, b) => b[1] - a[1])[0]![0] : ',';
}

function mapHeaders(headers: string[]): { byIndex: Map<number, ColumnKey>; letters: Partial<Record<ColumnKey, string>> } {
  const byIndex = new Map<number, ColumnKey>();
  const letters: Partial<Record<ColumnKey, string>> = {};
  const errors: { field: string; reason: string }[] = [];
  headers.forEach((header, index) => {
    const key = columnOfHeader(header ?? '');
    if (!key) return;
    if (letters[key])
      errors.push({ field: `${columnLetter(index)}1`, reason: `a second "${header}" column (the first is ${letters[key]})` });
    else {
      byIndex.set(index, key);
      letters[key] = columnLetter(index);
    }
  });
  for (const key of REQUIRED_COLUMNS) {
    if (!letters[key]) errors.push({ field: columnHeader(TASK_COLUMNS.find((c) => c.key === key)!), reason: 'missing column' });
  }
  if (errors.length) {
    const found = headers.filter(Boolean).slice(0, 8).join(' | ') || 'nothing';
    throw refuse(
      'columns',
      `the header row (row 1) does not match the template: ${errors.map((e) => `${e.field}: ${e.reason}`).join('; ')}; found: ${found}`,
      errors,
    );
  }
  return { byIndex, letters };
}

export function tooManyRows(n: number) {
  return refuse('too-many-rows', `the table has ${n} rows; at most ${MAX_IMPORT_ROWS} per import: split it`, [
    { field: 'file', reason: `more than ${MAX_IMPORT_ROWS} rows` },
  ]);
}
