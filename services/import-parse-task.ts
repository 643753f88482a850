/**
 * The parsing thread's tasks (services/bounded-worker.ts): a caller's upload — a multipart form or a raw XLSX or
 * CSV body — read into a task table, and a units CSV into its records, off the event loop, inside the thread's
 * heap and time budget. Refusals cross back as `refusal(...)`.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { refusal } from './bounded-worker';
import { DomainError, tooLarge } from './errors';
import { declaredFormat, readTableBytes, type ReadLimits, type ReadTable } from './import-read';

export interface ReadTableInput {
  bytes: Uint8Array;
  declared: 'xlsx' | 'csv' | undefined;
  limits: ReadLimits;
}
export interface ReadUploadInput {
  /** The request body as received. */
  body: Uint8Array;
  /** Its Content-Type: multipart/form-data (the file in field "file"), or the file's own type. */
  contentType: string;
  limits: ReadLimits;
}
export interface ReadUpload {
  table: ReadTable;
  fileName?: string;
}

const formRefusal = (detail: string, reason: string) => new DomainError('invalid', 'validation', detail, [{ field: 'file', reason }]);

async function readUploadBody(input: ReadUploadInput): Promise<ReadUpload> {
  if (!/^multipart\/form-data/i.test(input.contentType)) {
    return { table: await readTableBytes(input.body, declaredFormat(input.contentType), input.limits) };
  }
  const form = await new Response(input.body, { headers: { 'content-type': input.contentType } }).formData().catch(() => {
    throw formRefusal('the multipart/form-data body cannot be read', 'malformed form');
  });
  const upload = form.get('file');
  if (!(upload instanceof File)) throw formRefusal('the form has no file field "file"', 'required');
  const bytes = new Uint8Array(await upload.arrayBuffer());
  return { table: await readTableBytes(bytes, declaredFormat(upload.type, upload.name), input.limits), fileName: upload.name };
}

/** A domain refusal crosses the thread as `refusal(...)`; anything else is a bug and stays an error. */
async function refusing<T>(read: () => Promise<T>): Promise<T | ReturnType<typeof refusal>> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof DomainError) return refusal(err);
    throw err;
  }
}

/** A file's bytes (the dashboard's upload, already taken out of its form). */
export const readTable = (input: ReadTableInput) => refusing(() => readTableBytes(input.bytes, input.declared, input.limits));

/** A request body as it came. */
export const readUpload = (input: ReadUploadInput) => refusing(() => readUploadBody(input));

export interface ReadUnitsCsvInput {
  csv: string;
  maxRows: number;
}

/** A units table (services/units.ts): its records by header, at most `maxRows` of them (read no further). */
export const readUnitsCsv = (input: ReadUnitsCsvInput) =>
  refusing(async () => {
    let records: Record<string, string>[];
    try {
      records = parseCsv(input.csv, { columns: true, skip_empty_lines: true, trim: true, bom: true, to: input.maxRows + 1 });
    } catch (err) {
      throw new DomainError('invalid', 'validation', `csv: ${(err as Error).message}`, [{ field: 'csv', reason: (err as Error).message }]);
    }
    if (records.length > input.maxRows) {
      throw tooLarge('too-many-rows', 'csv', `more than ${input.maxRows} units in one request: split the table`);
    }
    return records;
  });
