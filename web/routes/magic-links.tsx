/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** Admin: one-time sign-in links. */
import { magicLinkUrl, makeMagicLink } from '../../services/web-sessions';
import { mayRun } from '../../services/use-cases';
import { DICTS } from '../i18n';
import { MagicLinkForm, MagicLinkMade } from '../pages/magic-links';
import { csrfOf, me, notFoundPage, page, type WebApp, type WebDeps } from './context';

export function magicLinkRoutes(web: WebApp, { deps }: WebDeps) {
  web.get('/magic-links', (c) => {
    if (!mayRun(me(c), 'makeMagicLinks')) return notFoundPage(c);
    return page(c, DICTS[c.get('lang')].magicLinks, <MagicLinkForm lang={c.get('lang')} csrf={csrfOf(c)} />);
  });
  web.post('/magic-links', async (c) => {
    const p = me(c);
    if (!mayRun(p, 'makeMagicLinks')) return notFoundPage(c);
    const form = await c.req.parseBody();
    const token = await makeMagicLink(deps, p, String(form.personId ?? '').slice(0, 100));
    if (!token) return notFoundPage(c);
    return page(c, DICTS[c.get('lang')].magicLinks, <MagicLinkMade lang={c.get('lang')} link={magicLinkUrl(deps, token)} />);
  });
}
