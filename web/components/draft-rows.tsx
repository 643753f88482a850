/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The editable draft tasks and their commit through the directive's import (POST …/draft/commit): one form for
 * every page that drafts, from a notice's text, a DOCX or PDF, or an EDXML package's attachment.
 */
import type { DraftTask } from '../../domain/task-extractor';
import { IMPORT_TEXT } from '../import-text';
import type { Lang } from '../i18n';
import { Csrf } from './forms';
import { Table } from './table';

/** A draft row as the form edits it: every cell text, the flags as "x" or empty. */
export type DraftRow = Record<
  'title' | 'description' | 'leadUnits' | 'cooperatingUnits' | 'deadline' | 'key' | 'confirmationRequired',
  string
>;
export const DRAFT_FIELDS = ['title', 'description', 'leadUnits', 'cooperatingUnits', 'deadline', 'key', 'confirmationRequired'] as const;

export function draftRowOf(task: DraftTask): DraftRow {
  const r = task.row;
  return { ...r, key: r.key ? 'x' : '', confirmationRequired: r.confirmationRequired ? 'x' : '' };
}

export function DraftRowsForm(props: {
  lang: Lang;
  csrf: string;
  /** Where the rows are committed: /web/directives/<id>/draft/commit. */
  action: string;
  rows: DraftRow[];
  /** Carried so that a refused commit shows the source again. */
  text: string;
  issuedOn: string;
}) {
  const t = IMPORT_TEXT[props.lang];
  const input = (name: (typeof DRAFT_FIELDS)[number], value: string, label: string) =>
    name === 'key' || name === 'confirmationRequired' ? (
      <select name={name} aria-label={label}>
        <option value="" selected={value === ''}>
          —
        </option>
        <option value="x" selected={value !== ''}>
          x
        </option>
      </select>
    ) : name === 'title' || name === 'description' ? (
      <textarea name={name} aria-label={label} rows={3} style="width:100%;min-width:12rem">
        {value}
      </textarea>
    ) : (
      <input name={name} value={value} aria-label={label} style="width:100%;min-width:8rem" />
    );
  const heads: Record<(typeof DRAFT_FIELDS)[number], string> = {
    title: t.title,
    description: t.description,
    leadUnits: t.leadUnits,
    cooperatingUnits: t.cooperatingUnits,
    deadline: t.deadline,
    key: t.key,
    confirmationRequired: t.confirmationRequired,
  };
  if (props.rows.length === 0) return <p>{t.noDrafts}</p>;
  return (
    <form method="post" action={props.action} aria-label={t.commitDrafts}>
      <Csrf token={props.csrf} />
      <input type="hidden" name="_key" value={crypto.randomUUID()} />
      <input type="hidden" name="text" value={props.text} />
      <input type="hidden" name="issuedOn" value={props.issuedOn} />
      <Table
        testid="draft-rows"
        columns={[
          { head: '#', cell: (r: DraftRow & { n: number }) => String(r.n), rowHeader: true },
          ...DRAFT_FIELDS.map((f) => ({ head: heads[f], cell: (r: DraftRow) => input(f, r[f], heads[f]) })),
        ]}
        rows={props.rows.map((r, i) => ({ ...r, n: i + 1 }))}
        rowAttrs={(r) => ({ 'data-draft': String(r.n) })}
      />
      <button type="submit" data-testid="commit-drafts">
        {t.commitDrafts}
      </button>
    </form>
  );
}
