/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The leader board over the execution report (figures from the event log as of a cut-off): units by overdue
 * assignments then days late, the monthly trend cut at each month's end, and the assignments behind a figure.
 */
import { reportDirective, taskHeading, taskSummaries } from '../../services/dashboard';
import {
  executionReport,
  executionTrend,
  reportedAssignments,
  type ExecutionQuery,
  type GroupFigures,
} from '../../services/execution-report';
import { boardColumn, boardFilters, monthCutoffs, type BoardFilters } from '../board-query';
import type { TrendPoint } from '../components/trend-chart';
import { DICTS } from '../i18n';
import { Board, BoardAssignments } from '../pages/board';
import { me, page, type WebApp, type WebContext, type WebDeps } from './context';
import { inLanguage } from '../../domain/titles';

const worstFirst = (a: GroupFigures, b: GroupFigures) =>
  b.openOverdue - a.openOverdue || b.daysLateTotal - a.daysLateTotal || a.key.localeCompare(b.key);

const queryOf = (f: BoardFilters, asOf = f.asOf): Omit<ExecutionQuery, 'groupBy'> => ({
  assignedFrom: f.assignedFrom,
  assignedTo: f.assignedTo,
  asOf,
  deadline: 'adjusted',
});

export function boardRoutes(web: WebApp, { deps, unit }: WebDeps) {
  const filtersOf = (c: WebContext) => boardFilters((name) => c.req.query(name), deps.now?.() ?? Date.now());

  web.get('/board', async (c) => {
    const p = me(c);
    const lang = c.get('lang');
    const f = filtersOf(c);
    const months = monthCutoffs(f.asOf);
    const [byUnit, trend] = await Promise.all([
      executionReport(deps, p, { ...queryOf(f), groupBy: 'unit' }),
      // The totals at each month's end, or a kind filter's.
      executionTrend(
        deps,
        p,
        { ...queryOf(f), ...(f.kind ? { unitKind: f.kind } : {}) },
        months.map((m) => m.asOf),
      ),
    ]);
    const points: TrendPoint[] = trend.map((figures, i) => ({
      month: months[i]!.month,
      total: figures.total,
      completedOnTime: figures.completedOnTime,
      completedLate: figures.completedLate,
      openWithinDeadline: figures.openWithinDeadline,
      openOverdue: figures.openOverdue,
    }));
    const units = byUnit.groups.filter((g) => !f.kind || g.unitKind === f.kind).sort(worstFirst);
    return page(c, DICTS[lang].board, <Board lang={lang} filters={f} asOf={byUnit.asOf} units={units} trend={points} unit={unit} />);
  });

  web.get('/board/assignments', async (c) => {
    const p = me(c);
    const lang = c.get('lang');
    const f = filtersOf(c);
    const column = boardColumn(c.req.query('column'));
    const unitCode = c.req.query('unit') ?? '';
    const all = await reportedAssignments(deps, p, { ...queryOf(f), groupBy: 'unit' });
    const rows = all
      .filter((r) => r.groupKey === unitCode && (column === 'total' || r.column === column))
      .sort((a, b) => b.daysLate - a.daysLate || a.dueOn.localeCompare(b.dueOn) || a.taskId.localeCompare(b.taskId));
    const directiveIds = [...new Set(rows.map((r) => r.directiveId))];
    const [summaries, directives] = await Promise.all([
      taskSummaries(deps, p, directiveIds),
      Promise.all(directiveIds.map((id) => reportDirective(deps, p, id))),
    ]);
    // A row the caller holds below the lead level (a contribution, a sub-assignment) still gets its task's title.
    const listed = new Set(summaries.map((s) => s.taskId));
    const others = await Promise.all(
      [...new Set(rows.map((r) => r.taskId))].filter((id) => !listed.has(id)).map((id) => taskHeading(deps, p, id)),
    );
    const titles = new Map([
      ...summaries.map((s) => [s.taskId, inLanguage(lang, s.title, s.titleEn)] as const),
      ...others.flatMap((h) => (h ? [[h.id, inLanguage(lang, h.title, h.titleEn)] as const] : [])),
    ]);
    return page(
      c,
      DICTS[lang].board,
      <BoardAssignments
        lang={lang}
        filters={f}
        unitCode={unitCode}
        column={column}
        rows={rows}
        titles={titles}
        directives={new Map(directives.flatMap((d) => (d ? [[d.id, d.number] as const] : [])))}
        unit={unit}
      />,
    );
  });
}
