/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** /web/batches: the batch runs' progress, refreshed every few seconds while one runs. */
import { listBatchRuns } from '../../services/batch-runs';
import { DICTS } from '../i18n';
import { BatchRuns } from '../pages/batch-runs';
import { me, page, type WebApp, type WebDeps } from './context';

/** Seconds between refreshes of the page while a run is under way. */
const REFRESH_SECONDS = 3;

export function batchRunRoutes(web: WebApp, { deps }: WebDeps) {
  web.get('/batches', async (c) => {
    const lang = c.get('lang');
    const runs = await listBatchRuns(deps, me(c));
    if (runs.some((r) => !r.finished)) c.header('refresh', String(REFRESH_SECONDS));
    return page(c, DICTS[lang].batchRuns, <BatchRuns lang={lang} runs={runs} />);
  });
}
