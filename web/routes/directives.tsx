/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** The directives list with filters. */
import { directivePage, issuers, taskSummaries } from '../../services/dashboard';
import { DICTS } from '../i18n';
import { Directives } from '../pages/directives';
import { me, page, pageNumber, type WebApp, type WebDeps } from './context';
import { mayRun } from '../../services/use-cases';

const PAGE = 10;

export function directiveRoutes(web: WebApp, { deps }: WebDeps) {
  web.get('/directives', async (c) => {
    const p = me(c);
    const lang = c.get('lang');
    const q = (c.req.query('q') ?? '').slice(0, 200);
    const issuer = (c.req.query('issuer') ?? '').slice(0, 300);
    const overdue = c.req.query('overdue') === '1';
    // Pages are numbered from 1 (?page=1 is the first), as the links say.
    const pageNo = Math.max(1, pageNumber(c));
    const [{ rows, more }, issuerList] = await Promise.all([
      directivePage(deps, p, { q, issuer, overdue, offset: (pageNo - 1) * PAGE, limit: PAGE }),
      issuers(deps, p),
    ]);
    const tasks = await taskSummaries(
      deps,
      p,
      rows.map((d) => d.id),
    );
    return page(
      c,
      DICTS[lang].directives,
      <Directives
        lang={lang}
        directives={rows}
        tasks={tasks}
        issuers={issuerList}
        filters={{ q, issuer, overdue }}
        page={pageNo}
        more={more}
        canImport={mayRun(p, 'importTasks')}
        canReceive={mayRun(p, 'registerDirectives')}
      />,
    );
  });
}
