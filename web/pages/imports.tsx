/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The import page (upload a task table, see the dry run row by row with each error on its cell, commit) and the
 * draft page (a notice's text with the extracted spans marked, beside the editable draft rows).
 */
import type { Child } from 'hono/jsx';
import type { DraftTask } from '../../domain/task-extractor';
import type { CellError, ColumnKey, ResolvedUnit } from '../../domain/task-table';
import type { ImportResult, RowOutcome } from '../../services/imports';
import type { FieldError } from '../../services/errors';
import { DraftRowsForm, draftRowOf, type DraftRow } from '../components/draft-rows';
import { Csrf } from '../components/forms';
import { IMPORT_TEXT } from '../import-text';
import type { Lang } from '../i18n';

export { DRAFT_FIELDS, type DraftRow } from '../components/draft-rows';

export interface DirectiveRef {
  id: string;
  number: string;
  title: string;
}
export interface Refusal {
  message: string;
  errors: FieldError[];
}
/** The uploaded file carried to the commit: its bytes (base64) and name. */
export interface HeldFile {
  base64: string;
  name: string;
}

const ERROR_STYLE = 'background:#fde8e8;box-shadow:inset 0 0 0 2px var(--bad)';
const OTHER_COLUMNS: readonly ColumnKey[] = ['id', 'description', 'key', 'confirmationRequired'];
const DOCUMENT_ACCEPT = '.docx,.pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/pdf';
const ACCEPT = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';

const importPath = (d: DirectiveRef, tail = '') => `/web/directives/${encodeURIComponent(d.id)}/${tail}`;
export const directiveLink = (d: DirectiveRef) => `/web/reports/${encodeURIComponent(d.id)}`;

function unitText(u: ResolvedUnit): string {
  const target = u.code ?? u.group ?? '?';
  return `${u.input} → ${target} (${u.match}${u.from ? ` ← ${u.from}` : ''})`;
}

/** One cell of the preview, marked with its errors (the spreadsheet cell, e.g. D3, and the reason). */
function cell(o: RowOutcome, columns: readonly ColumnKey[], content: Child) {
  const errors: CellError[] = o.errors.filter((e) => columns.includes(e.column));
  if (!errors.length) return <td>{content}</td>;
  return (
    <td class="error" style={ERROR_STYLE} data-cell={errors.map((e) => `${e.letter ?? e.column}${o.row}`).join(' ')}>
      {content}
      {errors.map((e) => (
        <div data-testid="cell-error" data-cell={`${e.letter ?? e.column}${o.row}`} role="note">
          <strong>{e.letter ? `${e.letter}${o.row}` : e.header}</strong>: {e.reason}
        </div>
      ))}
    </td>
  );
}

export function PreviewTable(props: { lang: Lang; result: ImportResult }) {
  const t = IMPORT_TEXT[props.lang];
  const units = (list: ResolvedUnit[]) => (
    <ul style="margin:0;padding-left:1rem">
      {list.map((u) => (
        <li data-match={u.match}>{unitText(u)}</li>
      ))}
    </ul>
  );
  const s = props.result.summary;
  return (
    <>
      <p data-testid="import-summary">
        {t.summary}: {s.rows} ·{' '}
        {(['create', 'update', 'unchanged', 'conflict', 'invalid'] as const).map((a) => `${t.actions[a]} ${s[a]}`).join(' · ')}
      </p>
      <div class="table-wrap">
        <table data-testid="import-preview">
          <thead>
            <tr>
              {[t.row, t.title, t.leadUnits, t.cooperatingUnits, t.deadline, t.other, t.action].map((h) => (
                <th scope="col">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.result.rows.map((o) => (
              <tr data-row={String(o.row)} data-action={o.action}>
                <th scope="row">{o.row}</th>
                {cell(o, ['title'], o.title)}
                {cell(o, ['leadUnits'], units(o.units.lead))}
                {cell(o, ['cooperatingUnits'], units(o.units.cooperating))}
                {cell(
                  o,
                  ['deadline'],
                  o.deadline ? (
                    <>
                      {o.deadline.text}
                      {o.deadline.dueOn || o.deadline.frequency ? ` → ${o.deadline.dueOn ?? o.deadline.frequency}` : ''}
                      {o.deadline.rule ? (
                        <div class="muted" data-testid="deadline-rule">
                          {t.rule}: {o.deadline.rule}
                        </div>
                      ) : null}
                    </>
                  ) : null,
                )}
                {cell(o, OTHER_COLUMNS, o.draft?.key ? t.key : '')}
                <td data-testid="row-action">
                  {t.actions[o.action]}
                  {o.taskId ? <div class="muted">{o.taskId}</div> : null}
                  {o.conflict ? <div class="muted">{o.conflict}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function RefusalNote(props: { lang: Lang; refusal: Refusal; title?: string; status?: number }) {
  return (
    <div
      role="alert"
      class="card"
      style={ERROR_STYLE}
      data-testid="import-refused"
      data-status={props.status ? String(props.status) : undefined}
    >
      <strong>{props.title ?? IMPORT_TEXT[props.lang].refused}</strong>: {props.refusal.message}
      {props.refusal.errors.length ? (
        <ul>
          {props.refusal.errors.map((e) => (
            <li>
              <strong>{e.field}</strong>: {e.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function ImportPage(props: {
  lang: Lang;
  csrf: string;
  directive: DirectiveRef;
  result?: ImportResult;
  held?: HeldFile;
  refusal?: Refusal;
}) {
  const { lang, directive: d, result } = props;
  const t = IMPORT_TEXT[lang];
  const committed = result && !result.dryRun;
  const canCommit = result?.dryRun && result.summary.invalid === 0 && result.summary.create + result.summary.update > 0;
  return (
    <>
      <p class="muted">
        {d.number} — {d.title} · <a href={directiveLink(d)}>{t.backToDirective}</a> · <a href="/web/imports/template.xlsx">{t.template}</a>{' '}
        · <a href={importPath(d, 'draft')}>{t.draftLink}</a>
      </p>
      {committed ? (
        <section class="card" data-testid="import-committed">
          <h2 style="margin-top:0">{t.committed}</h2>
          <PreviewTable lang={lang} result={result} />
          <p>
            <a href={directiveLink(d)} data-testid="directive-link">
              {t.backToDirective}: {d.number}
            </a>
          </p>
        </section>
      ) : null}
      <form method="post" action={importPath(d, 'import')} enctype="multipart/form-data" class="card" aria-label={t.preview}>
        <Csrf token={props.csrf} />
        <label class="field">
          {t.file}
          <input type="file" name="file" accept={ACCEPT} required />
        </label>
        <button type="submit">{t.preview}</button>
      </form>
      {props.refusal ? <RefusalNote lang={lang} refusal={props.refusal} /> : null}
      {result?.dryRun ? (
        <section aria-label={t.preview}>
          <PreviewTable lang={lang} result={result} />
          {result.summary.invalid > 0 ? <p role="alert">{t.fixFirst}</p> : null}
          {!canCommit && result.summary.invalid === 0 ? <p>{t.nothingToDo}</p> : null}
          {canCommit && props.held ? (
            <form method="post" action={importPath(d, 'import/commit')} aria-label={t.commit}>
              <Csrf token={props.csrf} />
              <input type="hidden" name="_key" value={crypto.randomUUID()} />
              <input type="hidden" name="_file" value={props.held.base64} />
              <input type="hidden" name="_name" value={props.held.name} />
              <button type="submit" data-testid="commit">
                {t.commit} ({props.held.name})
              </button>
            </form>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

/** The text with each extracted task's span in a <mark> (overlapping spans clipped to the first). */
function Marked(props: { text: string; tasks: DraftTask[] }) {
  const spans = props.tasks.map((task, i) => ({ ...task.span, i })).sort((a, b) => a.start - b.start);
  const parts: Child[] = [];
  let at = 0;
  for (const s of spans) {
    const start = Math.max(s.start, at);
    if (s.end <= start) continue;
    if (start > at) parts.push(props.text.slice(at, start));
    parts.push(
      <mark data-task={String(s.i + 1)} title={`#${s.i + 1}`}>
        {props.text.slice(start, s.end)}
      </mark>,
    );
    at = s.end;
  }
  parts.push(props.text.slice(at));
  return (
    <div data-testid="draft-source" style="white-space:pre-wrap;border:1px solid var(--line);padding:.5rem;max-height:70vh;overflow:auto">
      {parts}
    </div>
  );
}

export function DraftPage(props: {
  lang: Lang;
  csrf: string;
  directive: DirectiveRef;
  text: string;
  issuedOn: string;
  tasks?: DraftTask[];
  rows?: DraftRow[];
  preview?: ImportResult;
  refusal?: Refusal;
  /** The refusal's HTTP status, shown with it (a file's refusal may be 413, 422…). */
  status?: number;
  /** The DOCX or PDF the draft was read from (its text is then the text below). */
  fileName?: string;
}) {
  const { lang, directive: d } = props;
  const t = IMPORT_TEXT[lang];
  const rows = props.rows ?? props.tasks?.map(draftRowOf) ?? [];
  return (
    <>
      <p class="muted">
        {d.number} — {d.title} · <a href={directiveLink(d)}>{t.backToDirective}</a> · <a href={importPath(d, 'import')}>{t.importLink}</a>
      </p>
      <form method="post" action={importPath(d, 'draft')} class="card" aria-label={t.extract}>
        <Csrf token={props.csrf} />
        <label class="field">
          {t.text}
          <textarea name="text" rows={10} required maxlength={200_000}>
            {props.text}
          </textarea>
        </label>
        <label class="field">
          {t.issuedOn}
          <input type="date" name="issuedOn" value={props.issuedOn} required />
        </label>
        <button type="submit">{t.extract}</button>
      </form>
      <form
        method="post"
        action={importPath(d, 'draft/file')}
        enctype="multipart/form-data"
        class="card"
        aria-label={t.extractFile}
        data-testid="draft-file-form"
      >
        <Csrf token={props.csrf} />
        <label class="field">
          {t.documentFile}
          <input type="file" name="file" accept={DOCUMENT_ACCEPT} required />
        </label>
        <label class="field">
          {t.issuedOn}
          <input type="date" name="issuedOn" value={props.issuedOn} required />
        </label>
        <button type="submit">{t.extractFile}</button>
      </form>
      {props.refusal ? <RefusalNote lang={lang} refusal={props.refusal} status={props.status} /> : null}
      {props.fileName ? (
        <p data-testid="drafted-from">
          {t.draftedFrom}: {props.fileName}
        </p>
      ) : null}
      {props.preview ? <PreviewTable lang={lang} result={props.preview} /> : null}
      {props.tasks || props.rows ? (
        <div style="display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);gap:1rem;align-items:start">
          <section aria-label={t.source}>
            <h2>{t.source}</h2>
            {props.tasks ? <Marked text={props.text} tasks={props.tasks} /> : <div style="white-space:pre-wrap">{props.text}</div>}
          </section>
          <section aria-label={t.drafts}>
            <h2>{t.drafts}</h2>
            <DraftRowsForm
              lang={lang}
              csrf={props.csrf}
              action={importPath(d, 'draft/commit')}
              rows={rows}
              text={props.text}
              issuedOn={props.issuedOn}
            />
          </section>
        </div>
      ) : null}
    </>
  );
}
