/**
 * Task tables in and out: the template (XLSX, CSV), a directive's tasks exported in it, an import with a dry
 * run (XLSX or CSV upload, or JSON rows), and draft tasks from the text of a notice.
 *
 * The upload routes take multipart/form-data, raw XLSX or CSV bodies as well as JSON, which the route schema
 * cannot validate: they are documented through the OpenAPI registry and handled by plain handlers.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppDeps } from '../../services/deps';
import {
  directiveTaskRows,
  importTasks,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  readJsonRows,
  readUploadBody,
  MULTIPART_OVERHEAD_BYTES,
  tableCsv,
  tableXlsx,
} from '../../services/imports';
import { draftDocumentTasks, draftTasks } from '../../services/draft-pool';
import { uploadTooLarge } from '../../services/import-read';
import { jsonContent, type ApiApp } from '../env';
import { ApiProblem } from '../problems';
import { isoDate } from '../schemas';
import { errorResponses, principalOf, security } from './common';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PDF_TYPE = 'application/pdf';
/** Raw bodies taken as a CSV (or sniffed) table besides XLSX: what browsers and Excel send for .csv files. */
const RAW_TABLE_TYPES = /^(text\/(csv|plain)|application\/(csv|octet-stream|vnd\.ms-excel))/;
const file = (description: string, type: string) => ({
  description,
  content: { [type]: { schema: z.string().openapi({ format: type.startsWith('text/') ? undefined : 'binary' }) } },
});
const idParam = z.object({
  id: z
    .string()
    .max(80)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const attachment = (name: string) => `attachment; filename="${name}"`;

const jsonRows = z
  .object({
    rows: z
      .array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())])))
      .max(MAX_IMPORT_ROWS)
      .openapi({
        description: 'Rows by column key: id, title, description, leadUnits, cooperatingUnits, deadline, key, confirmationRequired',
      }),
  })
  .openapi('ImportRows');
const importQuery = z.object({
  dryRun: z.enum(['true', 'false']).optional().openapi({ description: 'Default true: answer the preview and change nothing' }),
  commit: z.enum(['true', 'false']).optional().openapi({ description: 'commit=true is dryRun=false' }),
});
const resolvedUnit = z.object({
  input: z.string(),
  match: z.enum(['code', 'name', 'name_without_diacritics', 'alias', 'reorganised', 'group']),
  code: z.string().optional(),
  group: z.string().optional(),
  from: z.string().optional(),
});
const importResult = z
  .object({
    directiveId: z.string(),
    dryRun: z.boolean(),
    format: z.enum(['xlsx', 'csv', 'json']),
    batchId: z.string().nullable(),
    summary: z.object({
      rows: z.number(),
      create: z.number(),
      update: z.number(),
      unchanged: z.number(),
      conflict: z.number(),
      invalid: z.number(),
    }),
    rows: z.array(
      z.object({
        row: z.number(),
        action: z.enum(['create', 'update', 'unchanged', 'conflict', 'invalid']),
        taskId: z.string().nullable(),
        title: z.string(),
        units: z.object({ lead: z.array(resolvedUnit), cooperating: z.array(resolvedUnit) }),
        deadline: z
          .object({ text: z.string(), dueOn: z.string().optional(), frequency: z.string().optional(), rule: z.string().optional() })
          .nullable(),
        errors: z.array(z.object({ column: z.string(), letter: z.string().optional(), header: z.string(), reason: z.string() })),
        conflict: z.string().optional(),
        draft: z.record(z.string(), z.unknown()).nullable(),
      }),
    ),
  })
  .openapi('ImportResult');
const draftInput = z
  .object({
    text: z.string().min(1).openapi({ description: 'At most DRAFT_MAX_TEXT_CHARS characters (default 200,000): longer is 413' }),
    issuedOn: isoDate,
  })
  .strict()
  .openapi('DraftInput');
const draftResult = z
  .object({
    issuedOn: z.string(),
    tasks: z.array(
      z.object({
        span: z.object({ start: z.number(), end: z.number() }),
        text: z.string(),
        units: z.object({ lead: z.array(z.string()), cooperating: z.array(z.string()) }),
        subject: z.enum(['own', 'inherited']),
        deadline: z.object({
          phrase: z.string().nullable(),
          dueOn: z.string().nullable(),
          frequency: z.string().nullable(),
          rule: z.string().nullable(),
          error: z.string().nullable(),
        }),
        recurrence: z
          .object({
            frequency: z.enum(['monthly', 'quarterly', 'half_yearly', 'yearly']),
            day: z.number().int().min(1).max(31).nullable().openapi({ description: "The due day; null: the period's last working day" }),
            dayOf: z.enum(['every_month', 'last_month_of_period']).nullable(),
            phrase: z.string(),
          })
          .nullable()
          .openapi({ description: 'A periodic report the task names, with its due day ("trước ngày 20 hằng tháng": monthly, day 20)' }),
        row: z.record(z.string(), z.union([z.string(), z.boolean()])),
      }),
    ),
  })
  .openapi('DraftTasks');
const documentDraftResult = draftResult
  .extend({
    document: z.object({
      format: z.enum(['docx', 'pdf']),
      fileName: z.string().nullable(),
      sha256: z.string(),
      bytes: z.number(),
      pages: z.number().nullable().openapi({ description: "A PDF's pages; null for a DOCX" }),
      characters: z.number(),
    }),
    text: z.string().openapi({ description: "The document's text as read (tables as rows): the tasks' spans index it" }),
  })
  .openapi('DocumentDraftTasks');
/** A notice as a file: DOCX, PDF, or either in a form; what browsers send for an unknown file is sniffed. */
const DOCUMENT_TYPES = new RegExp(`^(${DOCX_TYPE.replace(/\./g, '\\.')}|${PDF_TYPE}|application/(octet-stream|x-pdf)|multipart/form-data)`);

const importRoute = createRoute({
  method: 'post',
  path: '/v1/directives/{id}/imports',
  tags: ['imports'],
  summary: "Import a directive's task table (XLSX, CSV or JSON rows): a row-by-row dry run, then commit",
  description:
    `multipart/form-data with a \`file\` field, or the raw XLSX / CSV body, or JSON rows. CSV as Excel writes it (UTF-8 with a BOM, ";") ` +
    `and plain UTF-8 "," CSV both work. At most ${MAX_IMPORT_ROWS} rows and ${MAX_IMPORT_BYTES / 1024 / 1024} MiB. Re-importing the same file ` +
    'creates nothing; an edited row of a task no unit has started updates it, otherwise it is a conflict. Password-protected workbooks, ' +
    'formulas, cells that begin like one (=, +, @, or - not followed by a space, after any whitespace or control characters), merged ' +
    'header cells and files that are not spreadsheets are refused and nothing changes. Uploads are bounded: an XLSX archive past its ' +
    'inflated size, compression ratio or file count, or a parse past its time or memory budget, is a 413 naming the limit ' +
    '(IMPORT_* settings); too many uploads in flight at once is a 503 with Retry-After.',
  security,
  request: {
    params: idParam,
    query: importQuery,
    body: {
      required: true,
      content: {
        'multipart/form-data': { schema: z.object({ file: z.string().openapi({ format: 'binary' }) }) },
        [XLSX]: { schema: z.string().openapi({ format: 'binary' }) },
        'text/csv': { schema: z.string() },
        'application/json': { schema: jsonRows },
      },
    },
  },
  responses: { 200: jsonContent(importResult, 'The preview, or what the commit did'), ...errorResponses },
});

const draftRoute = createRoute({
  method: 'post',
  path: '/v1/directives/drafts',
  tags: ['imports'],
  summary: 'Draft tasks from the text of a notice, conclusion or resolution (units with roles, deadlines, spans)',
  description:
    'JSON {text, issuedOn}, or text/plain with ?issuedOn=YYYY-MM-DD, or the notice itself: a DOCX or PDF as the raw body ' +
    '(?issuedOn=) or in multipart/form-data (fields `file` and `issuedOn`). Each draft has `row`, the shape the import takes. ' +
    "A document's answer adds `document` (format, name, sha256, bytes, pages) and `text`, its text as read, which the spans index: " +
    "a DOCX's tables are read as rows (a task table's rows as items), a PDF's text layer line by line; a PDF without one is 422 " +
    '`no-text-layer`, a password-protected DOCX or PDF 422 `password-protected`, a file that is neither 400 `not-a-document`, ' +
    'bytes, inflated size and pages past IMPORT_MAX_UPLOAD_BYTES, IMPORT_MAX_INFLATED_BYTES and DRAFT_MAX_PAGES 413. ' +
    'Hard-wrapped text (PDF, e-office exports) is read as its paragraphs. A text over DRAFT_MAX_TEXT_CHARS characters, or an ' +
    'extraction over DRAFT_TIME_BUDGET_MS, is 413; more than DRAFT_MAX_TASKS tasks or DRAFT_MAX_UNITS_PER_TASK units in one task ' +
    'is 422 (send the text in parts): the answer is refused whole, never truncated.',
  security,
  request: {
    query: z.object({ issuedOn: isoDate.optional() }),
    body: {
      required: true,
      content: {
        'application/json': { schema: draftInput },
        'text/plain': { schema: z.string() },
        [DOCX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
        [PDF_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
        'multipart/form-data': { schema: z.object({ file: z.string().openapi({ format: 'binary' }), issuedOn: isoDate }) },
      },
    },
  },
  responses: { 200: jsonContent(z.union([draftResult, documentDraftResult]), 'Draft tasks'), ...errorResponses },
});

export function registerImportRoutes(app: ApiApp, deps: AppDeps): void {
  for (const format of ['xlsx', 'csv'] as const) {
    app.openapi(
      createRoute({
        method: 'get',
        path: `/v1/imports/tasks/template.${format}`,
        tags: ['imports'],
        summary: `The task table template (${format.toUpperCase()}): Vietnamese column headers with the English beside them`,
        security,
        responses: {
          200: file(
            format === 'xlsx' ? 'XLSX workbook with a notes sheet' : 'CSV (UTF-8 with BOM, ";")',
            format === 'xlsx' ? XLSX : 'text/csv',
          ),
          ...errorResponses,
        },
      }),
      async (c) => send(c, format, 'mau-nhiem-vu', []),
    );
    app.openapi(
      createRoute({
        method: 'get',
        path: `/v1/directives/{id}/tasks/export.${format}`,
        tags: ['imports'],
        summary: `A directive's tasks in the template (${format.toUpperCase()}), to edit and import again`,
        security,
        request: { params: idParam },
        responses: { 200: file(format === 'xlsx' ? 'XLSX workbook' : 'CSV', format === 'xlsx' ? XLSX : 'text/csv'), ...errorResponses },
      }),
      async (c) => {
        const id = c.req.valid('param').id;
        return send(c, format, `nhiem-vu-${id}`, await directiveTaskRows(deps, principalOf(c), id));
      },
    );
  }

  app.openAPIRegistry.registerPath(importRoute);
  app.post('/v1/directives/:id/imports', async (c) => {
    // Who may import was asked before the body was read (api/app.ts); the service asks again.
    const principal = principalOf(c);
    const dryRun = c.req.query('commit') === 'true' ? false : c.req.query('dryRun') !== 'false';
    const type = (c.req.header('content-type') ?? '').toLowerCase();
    const length = Number(c.req.header('content-length') ?? 0);
    if (length > MAX_IMPORT_BYTES + MULTIPART_OVERHEAD_BYTES) throw uploadTooLarge(length, MAX_IMPORT_BYTES);
    let table;
    let fileName: string | undefined;
    if (type.startsWith('application/json')) {
      const parsed = jsonRows.safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) {
        throw new ApiProblem(
          400,
          'validation',
          'send {"rows": [...]} with cells by column key',
          parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', reason: i.message })),
        );
      }
      table = readJsonRows(parsed.data.rows);
    } else if (type.startsWith('multipart/form-data') || type === '' || type.startsWith(XLSX) || RAW_TABLE_TYPES.test(type)) {
      // The form and the file are both parsed in a parsing thread (services/import-parse-task.ts).
      // The original Content-Type: a multipart boundary is case-sensitive.
      ({ table, fileName } = await readUploadBody(new Uint8Array(await c.req.arrayBuffer()), c.req.header('content-type') ?? ''));
    } else {
      throw new ApiProblem(415, 'media-type', 'send an XLSX or CSV file (multipart/form-data field "file", or the raw body), or JSON rows');
    }
    return c.json(await importTasks(deps, principal, c.req.param('id'), table, { dryRun, fileName }), 200);
  });

  app.openAPIRegistry.registerPath(draftRoute);
  app.post('/v1/directives/drafts', async (c) => {
    const principal = principalOf(c);
    const type = (c.req.header('content-type') ?? '').toLowerCase();
    if (DOCUMENT_TYPES.test(type)) {
      const length = Number(c.req.header('content-length') ?? 0);
      if (length > MAX_IMPORT_BYTES + MULTIPART_OVERHEAD_BYTES) throw uploadTooLarge(length, MAX_IMPORT_BYTES);
      // The form (its boundary is case-sensitive: the header as sent), the file and the draft: in a drafting thread.
      const body = new Uint8Array(await c.req.arrayBuffer());
      const contentType = c.req.header('content-type') ?? '';
      return c.json(await draftDocumentTasks(deps, principal, { body, contentType, issuedOn: c.req.query('issuedOn') }), 200);
    }
    if (!type.startsWith('text/plain') && !/^application\/(.+\+)?json\b/.test(type)) {
      throw new ApiProblem(
        415,
        'media-type',
        `a draft is made from JSON {text, issuedOn}, text/plain, a DOCX (${DOCX_TYPE}) or a PDF (${PDF_TYPE}), raw or in multipart/form-data; not ${type || 'a body without a type'}`,
      );
    }
    const raw = type.startsWith('text/plain')
      ? { text: await c.req.text(), issuedOn: c.req.query('issuedOn') }
      : await c.req.json().catch(() => undefined);
    const parsed = draftInput.safeParse(raw);
    if (!parsed.success) {
      throw new ApiProblem(
        400,
        'validation',
        'send {"text", "issuedOn"} (or text/plain with ?issuedOn=)',
        parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', reason: i.message })),
      );
    }
    return c.json(await draftTasks(deps, principal, parsed.data), 200);
  });
}

async function send(c: Context, format: 'xlsx' | 'csv', name: string, rows: Awaited<ReturnType<typeof directiveTaskRows>>) {
  if (format === 'xlsx') {
    return c.body(new Uint8Array(await tableXlsx(rows)), 200, { 'content-type': XLSX, 'content-disposition': attachment(`${name}.xlsx`) });
  }
  return c.body(tableCsv(rows), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': attachment(`${name}.csv`) });
}
