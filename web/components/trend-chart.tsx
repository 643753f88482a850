/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The five columns month by month as stacked bars (the four classes stack to the total), drawn as the board's
 * other charts are: an SVG with role="img" named by its heading and described by a <desc>, and the same figures
 * in a table after it for readers the picture does not reach.
 */
import { COLUMNS, type FiveColumns } from '../../domain/execution-figures';
import { BOARD_TEXT } from '../board-text';
import type { Lang } from '../i18n';
import { Table } from './table';

export interface TrendPoint extends FiveColumns {
  month: string;
}

/** Colours of the four classes; each also has its own place in the stack and in the legend, so colour is not alone. */
const FILL: Record<(typeof COLUMNS)[number], string> = {
  completedOnTime: '#17663a',
  completedLate: '#8a5a00',
  openWithinDeadline: '#5a6b7d',
  openOverdue: '#a4161a',
};

export function TrendChart(props: { lang: Lang; points: TrendPoint[]; headingId: string; testid?: string }) {
  const b = BOARD_TEXT[props.lang];
  const { points } = props;
  const chartW = 720;
  const plotH = 200;
  const left = 40;
  const top = 10;
  // Two legend rows of two: the longest label does not fit a quarter of the width.
  const legendH = 40;
  const slot = (chartW - left - 10) / Math.max(1, points.length);
  const barW = Math.max(4, slot * 0.6);
  const max = Math.max(1, ...points.map((p) => p.total));
  const scale = (n: number) => (plotH * n) / max;
  const height = top + plotH + 22 + legendH;
  const descId = `${props.headingId}-desc`;
  const titleId = `${props.headingId}-title`;
  return (
    <>
      <svg
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        viewBox={`0 0 ${chartW} ${height}`}
        width="100%"
        style={`max-width:${chartW}px`}
        data-testid={props.testid}
      >
        <title id={titleId}>{b.trend}</title>
        <desc id={descId}>
          {b.trendDesc(points[0]?.month ?? '', points.at(-1)?.month ?? '')}{' '}
          {points.map((p) => `${p.month}: ${COLUMNS.map((c) => `${b.columns[c]} ${p[c]}`).join(', ')}`).join('; ')}
        </desc>
        <line x1={left} y1={top + plotH} x2={chartW - 10} y2={top + plotH} stroke="#1a1a1a" />
        <text x={left - 4} y={top + 10} text-anchor="end" font-size="11" fill="#1a1a1a">
          {max}
        </text>
        <text x={left - 4} y={top + plotH} text-anchor="end" font-size="11" fill="#1a1a1a">
          0
        </text>
        {points.map((p, i) => {
          const x = left + i * slot + (slot - barW) / 2;
          let y = top + plotH;
          return (
            <g data-month={p.month}>
              <rect x={x} y={top} width={barW} height={plotH} fill="#f1f3f5" />
              {COLUMNS.map((c) => {
                const h = scale(p[c]);
                y -= h;
                return p[c] > 0 ? <rect x={x} y={y} width={barW} height={h} fill={FILL[c]} data-column={c} /> : null;
              })}
              <text x={x + barW / 2} y={top + plotH + 14} text-anchor="middle" font-size="10" fill="#1a1a1a">
                {p.month}
              </text>
            </g>
          );
        })}
        {COLUMNS.map((c, i) => (
          <g>
            <rect x={left + (i % 2) * 300} y={height - legendH + 6 + Math.floor(i / 2) * 16} width="10" height="10" fill={FILL[c]} />
            <text x={left + (i % 2) * 300 + 14} y={height - legendH + 15 + Math.floor(i / 2) * 16} font-size="11" fill="#1a1a1a">
              {b.columns[c]}
            </text>
          </g>
        ))}
      </svg>
      <details>
        <summary>{b.trendTable}</summary>
        <Table
          testid="trend-table"
          rows={points}
          columns={[
            { head: b.month, cell: (p) => p.month, rowHeader: true },
            { head: b.columns.total, cell: (p) => p.total },
            ...COLUMNS.map((c) => ({ head: b.columns[c], cell: (p: TrendPoint) => p[c] })),
          ]}
        />
      </details>
    </>
  );
}
