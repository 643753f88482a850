/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** The leader board: on-time rate by unit as a bar chart, and the overdue assignments by unit and directive. */
import { daysLateOn } from '../../domain/lateness';
import type { UnitLookup } from '../components/assignment-facts';
import { Table } from '../components/table';
import { DICTS, unitName, type Lang } from '../i18n';

export function Board(props: {
  lang: Lang;
  groups: { unit_code: string; directive_id: string; number: string; count: number; max_level: number; oldest_due: string }[];
  rates: { unit_code: string; on_time: number; completed: number }[];
  unit: UnitLookup;
  today: string;
  page: number;
  more: boolean;
}) {
  const { lang } = props;
  const t = DICTS[lang];
  const rowH = 22;
  const labelW = 230;
  const chartW = 640;
  // Room on the right for "100% (123/456)".
  const barW = chartW - labelW - 110;
  const height = props.rates.length * rowH + 10;
  return (
    <>
      <h2 id="rate-h">{t.onTimeByUnit}</h2>
      {props.rates.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <svg
          role="img"
          aria-labelledby="rate-h rate-desc"
          viewBox={`0 0 ${chartW} ${height}`}
          width="100%"
          style={`max-width:${chartW}px`}
          data-testid="rate-chart"
        >
          <desc id="rate-desc">
            {props.rates
              .map((r) => `${unitName(lang, props.unit(r.unit_code), r.unit_code)}: ${Math.round((100 * r.on_time) / r.completed)}%`)
              .join('; ')}
          </desc>
          {props.rates.map((r, i) => {
            const rate = r.completed ? r.on_time / r.completed : 0;
            const y = 5 + i * rowH;
            return (
              <g>
                <text x={labelW - 6} y={y + 14} text-anchor="end" font-size="12" fill="#1a1a1a">
                  {unitName(lang, props.unit(r.unit_code), r.unit_code).slice(0, 34)}
                </text>
                <rect x={labelW} y={y + 2} width={barW} height={rowH - 6} fill="#e3e6ea" />
                <rect
                  x={labelW}
                  y={y + 2}
                  width={Math.round(barW * rate)}
                  height={rowH - 6}
                  fill={rate >= 0.8 ? '#17663a' : rate >= 0.5 ? '#8a5a00' : '#a4161a'}
                />
                <text x={labelW + barW + 6} y={y + 14} font-size="12" fill="#1a1a1a">
                  {`${Math.round(rate * 100)}% (${r.on_time}/${r.completed})`}
                </text>
              </g>
            );
          })}
        </svg>
      )}
      <h2>{t.overdueByUnit}</h2>
      {props.groups.length === 0 ? <p>{t.none}</p> : null}
      <Table
        testid="overdue-groups"
        rows={props.groups}
        columns={[
          {
            head: t.unit,
            cell: (g) => (
              <a href={`/web/inbox?unit=${encodeURIComponent(g.unit_code)}`}>{unitName(lang, props.unit(g.unit_code), g.unit_code)}</a>
            ),
          },
          { head: t.directives, cell: (g) => <a href={`/web/reports/${encodeURIComponent(g.directive_id)}`}>{g.number}</a> },
          { head: t.count, cell: (g) => g.count },
          { head: t.escalation, cell: (g) => g.max_level },
          { head: t.maxDaysLate, cell: (g) => daysLateOn(g.oldest_due, props.today) },
        ]}
      />
      <nav aria-label="pages">
        {props.page > 0 ? <a href={`/web/board?page=${props.page - 1}`}>{t.prev}</a> : null}{' '}
        {props.more ? <a href={`/web/board?page=${props.page + 1}`}>{t.next}</a> : null}
      </nav>
    </>
  );
}
