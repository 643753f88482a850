/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The coordinators' task import: upload a table, preview it, commit it; draft tasks from a notice's text and
 * commit the edited drafts through the same import (as JSON rows); the template. Between the preview and the
 * commit the uploaded file rides in a hidden field (its bytes, base64), so the commit reads the very same file
 * again and re-checks every row; the field starts with "_" so the audit log does not keep the file.
 */
import { getDirective } from '../../services/directives';
import { DomainError } from '../../services/errors';
import { draftDocumentTasks, draftTasks } from '../../services/draft-pool';
import { importTasks, readJsonRows, readTableFile, tableXlsx, type ReadTable } from '../../services/imports';
import { isIsoDateText } from '../../domain/task-table';
import { declaredFormat } from '../../services/import-read';
import { authorize, type UseCase } from '../../services/use-cases';
import { IMPORT_TEXT } from '../import-text';
import { DRAFT_FIELDS, DraftPage, ImportPage, type DirectiveRef, type DraftRow, type Refusal } from '../pages/imports';
import { csrfOf, me, page, type PageStatus, type WebApp, type WebContext, type WebDeps } from './context';
import { uploadRefusal } from './refusals';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The commit posts the file back base64-encoded (4/3 larger) under the dashboard's 256 KiB body limit. */
const WEB_MAX_FILE_BYTES = 180 * 1024;

/** A file the import refuses (bad, or past a bound of its parse) is shown on the page; anything else is an error. */
const refusalOf = (err: unknown): Refusal | null =>
  err instanceof DomainError && (err.kind === 'invalid' || err.kind === 'unprocessable' || err.kind === 'too-large')
    ? { message: err.message, errors: err.errors ?? [] }
    : null;

export function importRoutes(web: WebApp, { deps }: WebDeps) {
  web.get('/imports/template.xlsx', async (c) =>
    c.body(new Uint8Array(await tableXlsx([])), 200, {
      'content-type': XLSX,
      'content-disposition': 'attachment; filename="mau-nhiem-vu.xlsx"',
    }),
  );

  /** The directive, for whom the use case allows; asked before a form is read (the services ask again). */
  async function directiveFor(c: WebContext, useCase: UseCase = 'importTasks'): Promise<DirectiveRef & { issuedOn: string }> {
    const p = me(c);
    authorize(p, useCase);
    const d = await getDirective(deps.sql, c.req.param('id') ?? '', p);
    return { id: d.id, number: d.number, title: d.title, issuedOn: String(d.issuedOn) };
  }
  const t = (c: WebContext) => IMPORT_TEXT[c.get('lang')];
  const importPage = (c: WebContext, props: Omit<Parameters<typeof ImportPage>[0], 'lang' | 'csrf'>, status: 200 | 400 = 200) =>
    page(c, t(c).importTitle, <ImportPage lang={c.get('lang')} csrf={csrfOf(c)} {...props} />, status);

  web.get('/directives/:id/import', async (c) => importPage(c, { directive: await directiveFor(c) }));

  web.post('/directives/:id/import', async (c) => {
    const directive = await directiveFor(c);
    const form = await c.req.parseBody({ all: true });
    const upload = [form.file].flat()[0];
    if (!(upload instanceof File) || upload.size === 0) {
      c.set('auditStatus', 400);
      return importPage(c, { directive, refusal: { message: t(c).file, errors: [{ field: 'file', reason: 'required' }] } }, 400);
    }
    const bytes = new Uint8Array(await upload.arrayBuffer());
    if (bytes.byteLength > WEB_MAX_FILE_BYTES) {
      c.set('auditStatus', 400);
      const reason = `${bytes.byteLength} bytes; the dashboard takes at most ${WEB_MAX_FILE_BYTES} (larger files: POST /v1/directives/{id}/imports)`;
      return importPage(c, { directive, refusal: { message: reason, errors: [{ field: 'file', reason: 'too large' }] } }, 400);
    }
    try {
      const table = await readTableFile(bytes, declaredFormat(upload.type, upload.name));
      const result = await importTasks(deps, me(c), directive.id, table, { dryRun: true, fileName: upload.name });
      return importPage(c, { directive, result, held: { base64: Buffer.from(bytes).toString('base64'), name: upload.name } });
    } catch (err) {
      const refusal = refusalOf(err);
      if (!refusal) throw err;
      c.set('auditStatus', 400);
      return importPage(c, { directive, refusal }, 400);
    }
  });

  web.post('/directives/:id/import/commit', async (c) => {
    const directive = await directiveFor(c);
    const form = await c.req.parseBody();
    const name = String(form._name ?? '').slice(0, 300);
    const bytes = new Uint8Array(Buffer.from(String(form._file ?? ''), 'base64'));
    try {
      const table = await readTableFile(bytes, declaredFormat('', name));
      const result = await importTasks(deps, me(c), directive.id, table, { dryRun: false, fileName: name || undefined });
      return importPage(c, { directive, result });
    } catch (err) {
      const refusal = refusalOf(err);
      if (!refusal) throw err;
      c.set('auditStatus', 400);
      return importPage(c, { directive, refusal }, 400);
    }
  });

  const draftPage = (c: WebContext, props: Omit<Parameters<typeof DraftPage>[0], 'lang' | 'csrf'>, status: PageStatus = 200) =>
    page(c, t(c).draftTitle, <DraftPage lang={c.get('lang')} csrf={csrfOf(c)} {...props} />, status);
  const textOf = (form: Record<string, unknown>) => ({
    text: String(form.text ?? '').slice(0, 200_000),
    issuedOn: String(form.issuedOn ?? ''),
  });

  web.get('/directives/:id/draft', async (c) => {
    const directive = await directiveFor(c, 'draftTasks');
    return draftPage(c, { directive, text: '', issuedOn: directive.issuedOn });
  });

  web.post('/directives/:id/draft', async (c) => {
    const directive = await directiveFor(c, 'draftTasks');
    const { text, issuedOn } = textOf(await c.req.parseBody());
    if (!text.trim() || !isIsoDateText(issuedOn)) {
      c.set('auditStatus', 400);
      const errors = [
        ...(!text.trim() ? [{ field: 'text', reason: 'required' }] : []),
        ...(!isIsoDateText(issuedOn) ? [{ field: 'issuedOn', reason: 'a date YYYY-MM-DD' }] : []),
      ];
      return draftPage(c, { directive, text, issuedOn, refusal: { message: t(c).refused, errors } }, 400);
    }
    const { tasks } = await draftTasks(deps, me(c), { text, issuedOn });
    return draftPage(c, { directive, text, issuedOn, tasks });
  });

  // The notice as a DOCX or PDF: read and drafted in a drafting thread (the API's service), its text then shown
  // and drafted exactly as a pasted text is.
  web.post('/directives/:id/draft/file', async (c) => {
    const directive = await directiveFor(c, 'draftTasks');
    const form = await c.req.parseBody({ all: true });
    const upload = [form.file].flat()[0];
    const issuedOn = String([form.issuedOn].flat()[0] ?? '');
    const refused = (refusal: Refusal, status: PageStatus) => {
      c.set('auditStatus', status);
      return draftPage(c, { directive, text: '', issuedOn: issuedOn || directive.issuedOn, refusal, status }, status);
    };
    if (!(upload instanceof File) || upload.size === 0)
      return refused({ message: t(c).refused, errors: [{ field: 'file', reason: 'required' }] }, 400);
    try {
      const body = new Uint8Array(await upload.arrayBuffer());
      const drafted = await draftDocumentTasks(deps, me(c), { body, contentType: upload.type, issuedOn });
      return draftPage(c, { directive, text: drafted.text, issuedOn: drafted.issuedOn, tasks: drafted.tasks, fileName: upload.name });
    } catch (err) {
      const shown = uploadRefusal(err);
      if (!shown) throw err;
      return refused(shown.refusal, shown.status);
    }
  });

  web.post('/directives/:id/draft/commit', async (c) => {
    const directive = await directiveFor(c);
    const form = await c.req.parseBody({ all: true });
    const { text, issuedOn } = textOf({ text: [form.text].flat()[0], issuedOn: [form.issuedOn].flat()[0] });
    const columns = Object.fromEntries(DRAFT_FIELDS.map((f) => [f, ([] as unknown[]).concat(form[f] ?? []).map(String)]));
    const count = Math.min(2000, Math.max(...DRAFT_FIELDS.map((f) => columns[f]!.length)));
    const rows: DraftRow[] = Array.from(
      { length: count },
      (_, i) => Object.fromEntries(DRAFT_FIELDS.map((f) => [f, (columns[f]![i] ?? '').slice(0, 5000)])) as DraftRow,
    );
    let table: ReadTable;
    try {
      table = readJsonRows(rows);
      const preview = await importTasks(deps, me(c), directive.id, table, { dryRun: true });
      if (preview.summary.invalid > 0) {
        c.set('auditStatus', 400);
        return draftPage(c, { directive, text, issuedOn, rows, preview }, 400);
      }
      const result = await importTasks(deps, me(c), directive.id, table, { dryRun: false });
      return importPage(c, { directive, result });
    } catch (err) {
      const refusal = refusalOf(err);
      if (!refusal) throw err;
      c.set('auditStatus', 400);
      return draftPage(c, { directive, text, issuedOn, rows, refusal }, 400);
    }
  });
}
