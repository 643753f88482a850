/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The leader board: the units a leader should call first (most overdue, then most days late), the five columns
 * per unit with each figure linking to the assignments behind it, the monthly trend, and the period and
 * unit-kind filters; and the page of assignments behind one figure.
 */
import { UNIT_KINDS } from '../../domain/units';
import type { GroupFigures, ReportedAssignment } from '../../services/execution-report';
import { filterQuery, type BoardFilters } from '../board-query';
import { BOARD_COLUMNS, BOARD_TEXT, type BoardColumn } from '../board-text';
import type { UnitLookup } from '../components/assignment-facts';
import { Table } from '../components/table';
import { TrendChart, type TrendPoint } from '../components/trend-chart';
import { DICTS, fmtDate, fmtInstant, unitName, type Lang } from '../i18n';

type Filters = Pick<BoardFilters, 'from' | 'to' | 'kind' | 'assignedFrom' | 'assignedTo'>;

function FilterForm(props: { lang: Lang; filters: Filters }) {
  const b = BOARD_TEXT[props.lang];
  const f = props.filters;
  return (
    <form method="get" action="/web/board" class="filters card" role="search" aria-label={b.filters} data-testid="board-filters">
      <label>
        {b.period}
        <input type="date" name="from" value={f.from} />
      </label>
      <label>
        {b.periodTo}
        <input type="date" name="to" value={f.to} />
      </label>
      <label>
        {DICTS[props.lang].kindLabel}
        <select name="kind">
          <option value="">{b.anyKind}</option>
          {UNIT_KINDS.map((k) => (
            <option value={k} selected={k === f.kind}>
              {b.kinds[k]}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">{b.apply}</button>
    </form>
  );
}

export function Board(props: { lang: Lang; filters: Filters; asOf: string; units: GroupFigures[]; trend: TrendPoint[]; unit: UnitLookup }) {
  const { lang, filters } = props;
  const b = BOARD_TEXT[lang];
  const figure = (g: GroupFigures, column: BoardColumn) =>
    g[column] === 0 ? (
      '0'
    ) : (
      <a href={`/web/board/assignments?${filterQuery(filters, { unit: g.key, column })}`} data-column={column}>
        {g[column]}
      </a>
    );
  return (
    <>
      <FilterForm lang={lang} filters={filters} />
      <h2 id="units-h">{b.unitsFirst}</h2>
      {props.units.length === 0 ? <p>{b.none}</p> : null}
      <Table
        testid="overdue-groups"
        caption={b.unitsCaption(
          filters.from ? fmtDate(lang, filters.assignedFrom) : null,
          fmtDate(lang, filters.assignedTo),
          fmtInstant(lang, props.asOf),
        )}
        rows={props.units}
        rowAttrs={(g) => ({ 'data-unit': g.key })}
        columns={[
          { head: DICTS[lang].unit, cell: (g) => unitName(lang, props.unit(g.key), g.key) },
          ...BOARD_COLUMNS.map((c) => ({ head: b.columns[c], cell: (g: GroupFigures) => figure(g, c) })),
          { head: b.daysLate, cell: (g) => g.daysLateTotal },
        ]}
      />
      <h2 id="trend-h">{b.trend}</h2>
      <TrendChart lang={lang} points={props.trend} headingId="trend-h" testid="rate-chart" />
    </>
  );
}

export function BoardAssignments(props: {
  lang: Lang;
  filters: Filters;
  unitCode: string;
  column: BoardColumn;
  rows: ReportedAssignment[];
  titles: Map<string, string>;
  directives: Map<string, string>;
  unit: UnitLookup;
}) {
  const { lang } = props;
  const b = BOARD_TEXT[lang];
  const name = unitName(lang, props.unit(props.unitCode), props.unitCode);
  return (
    <>
      <p>
        <a href={`/web/board${filterQuery(props.filters) ? `?${filterQuery(props.filters)}` : ''}`}>{b.back}</a>
      </p>
      <h2>{b.behindOf(name, b.columns[props.column])}</h2>
      {props.rows.length === 0 ? <p>{b.none}</p> : null}
      <Table
        testid="board-assignments"
        rows={props.rows}
        rowAttrs={(r) => ({ 'data-task': r.taskId, 'data-column': r.column })}
        columns={[
          {
            head: b.task,
            cell: (r) => (
              <a href={`/web/assignments/${encodeURIComponent(r.taskId)}/${encodeURIComponent(r.unitCode)}`}>
                {props.titles.get(r.taskId) ?? r.taskId}
              </a>
            ),
          },
          {
            head: b.directive,
            cell: (r) => (
              <a href={`/web/reports/${encodeURIComponent(r.directiveId)}`}>{props.directives.get(r.directiveId) ?? r.directiveId}</a>
            ),
          },
          { head: b.dueOn, cell: (r) => fmtDate(lang, r.dueOn) },
          { head: b.column, cell: (r) => b.columns[r.column] },
          { head: b.daysLate, cell: (r) => r.daysLate },
        ]}
      />
    </>
  );
}
