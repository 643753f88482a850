/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** Directive reports: the list, one report, and its CSV and XLSX downloads. */
import { directivePage, directiveReport } from '../../services/dashboard';
import { DomainError } from '../../services/errors';
import { listAttachments } from '../../services/inbound';
import { reportCsv, reportXlsx } from '../exports';
import { DICTS } from '../i18n';
import { ReportList, ReportPage } from '../pages/reports';
import { me, notFoundPage, page, pageNumber, type WebApp, type WebContext, type WebDeps } from './context';

export function reportRoutes(web: WebApp, { deps, unit, today }: WebDeps) {
  web.get('/reports', async (c) => {
    const p = me(c);
    const lang = c.get('lang');
    const pageNo = Math.max(1, pageNumber(c));
    const { rows, more } = await directivePage(deps, p, { offset: (pageNo - 1) * 50, limit: 50 });
    return page(
      c,
      DICTS[lang].reports,
      <>
        <ReportList lang={lang} directives={rows} />
        {more ? <a href={`/web/reports?page=${pageNo + 1}`}>{DICTS[lang].next}</a> : null}
      </>,
    );
  });

  const reportData = (c: WebContext, directiveId: string, overdueLimit: number) => directiveReport(deps, me(c), directiveId, overdueLimit);

  web.get('/reports/:id', async (c) => {
    const lang = c.get('lang');
    const r = await reportData(c, c.req.param('id'), 200);
    if (!r) return notFoundPage(c);
    // Attachments follow their own rule (whoever sees the directive or is named by its package); none for anyone else.
    const attachments = await listAttachments(deps, me(c), r.directive.id).catch((err) => {
      if (err instanceof DomainError && err.kind === 'not-found') return [];
      throw err;
    });
    return page(
      c,
      `${DICTS[lang].report}: ${r.directive.number}`,
      <ReportPage lang={lang} r={r} unit={unit} today={today()} attachments={attachments} />,
    );
  });
  web.get('/reports/:id/report.csv', async (c) => {
    const r = await reportData(c, c.req.param('id'), 20_000);
    if (!r) return notFoundPage(c);
    const name = `${r.directive.id}-${c.get('lang')}.csv`;
    return c.body(reportCsv(c.get('lang'), r, unit, today()), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
    });
  });
  web.get('/reports/:id/report.xlsx', async (c) => {
    const r = await reportData(c, c.req.param('id'), 20_000);
    if (!r) return notFoundPage(c);
    const name = `${r.directive.id}-${c.get('lang')}.xlsx`;
    const buf = await reportXlsx(c.get('lang'), r, unit, today());
    return c.body(new Uint8Array(buf), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${name}"`,
    });
  });
}
