/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** The one data table: a scrolling wrapper, a header row of column heads, one row per item. */
import type { Child } from 'hono/jsx';

export interface Column<T> {
  head: Child;
  cell: (row: T) => Child;
  /** The cell names its row (a th scope=row), e.g. the task in a report. */
  rowHeader?: boolean;
  /** Attributes of the body cell, e.g. data-kind. */
  attrs?: (row: T) => Record<string, string>;
}

export function Table<T>(props: {
  testid?: string;
  caption?: Child;
  columns: (Column<T> | null | false)[];
  rows: readonly T[];
  rowAttrs?: (row: T) => Record<string, string>;
  /** Rows after the items, e.g. a total, given as the items' own shape. */
  footer?: readonly T[];
}) {
  const columns = props.columns.filter((c): c is Column<T> => !!c);
  const row = (r: T) => (
    <tr {...(props.rowAttrs?.(r) ?? {})}>
      {columns.map((c) =>
        c.rowHeader ? (
          <th scope="row" {...(c.attrs?.(r) ?? {})}>
            {c.cell(r)}
          </th>
        ) : (
          <td {...(c.attrs?.(r) ?? {})}>{c.cell(r)}</td>
        ),
      )}
    </tr>
  );
  return (
    <div class="table-wrap">
      <table data-testid={props.testid}>
        {props.caption !== undefined ? (
          <caption class="muted" style="text-align:left">
            {props.caption}
          </caption>
        ) : null}
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col">{c.head}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map(row)}
          {(props.footer ?? []).map(row)}
        </tbody>
      </table>
    </div>
  );
}
