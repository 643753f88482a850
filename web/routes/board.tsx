/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** The leader board. */
import { onTimeByUnit, overdueGroups } from '../../services/dashboard';
import { DICTS } from '../i18n';
import { Board } from '../pages/board';
import { me, page, pageNumber, type WebApp, type WebDeps } from './context';

const BOARD_PAGE = 50;

export function boardRoutes(web: WebApp, { deps, unit, today }: WebDeps) {
  web.get('/board', async (c) => {
    const p = me(c);
    const lang = c.get('lang');
    const pageNo = pageNumber(c);
    const [groups, rates] = await Promise.all([overdueGroups(deps, p, BOARD_PAGE + 1, pageNo * BOARD_PAGE), onTimeByUnit(deps, p, 40)]);
    return page(
      c,
      DICTS[lang].board,
      <Board
        lang={lang}
        groups={groups.slice(0, BOARD_PAGE)}
        rates={rates}
        unit={unit}
        today={today()}
        page={pageNo}
        more={groups.length > BOARD_PAGE}
      />,
    );
  });
}
