/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * The one-click acknowledgement of an escalation (services/ack-links.ts): no session needed, the signed link is the
 * credential. The GET only shows; the post, from the page (pre-session CSRF token), acknowledges.
 */
import { getCookie, setCookie } from 'hono/cookie';
import { unitName } from '../../domain/units';
import { previewAckLink, useAckLink, type AckLinkOutcome } from '../../services/ack-links';
import { PRESESSION_COOKIE, randomToken, sameToken } from '../../services/web-sessions';
import { DICTS } from '../i18n';
import { AckLinkPage } from '../pages/ack-link';
import { cookieOptions, page, type WebApp, type WebContext, type WebDeps } from './context';

export function ackLinkRoutes(web: WebApp, { deps }: WebDeps) {
  const show = (c: WebContext, outcome: AckLinkOutcome, status: 200 | 400 = 200) => {
    const pre = randomToken(24);
    setCookie(c, PRESESSION_COOKIE, pre, cookieOptions(c, 3600));
    const lang = c.get('lang');
    const unit = outcome.kind === 'refused' ? '' : outcome.claim.unitCode;
    return page(
      c,
      DICTS[lang].acknowledgeEscalation,
      <AckLinkPage
        lang={lang}
        pre={pre}
        token={c.req.param('token') ?? ''}
        outcome={outcome}
        unitName={unitName(lang, deps.units.get(unit), unit)}
      />,
      status,
    );
  };
  web.get('/ack/:token', async (c) => {
    const outcome = await previewAckLink(deps, c.req.param('token'));
    return show(c, outcome, outcome.kind === 'refused' ? 400 : 200);
  });
  web.post('/ack/:token', async (c) => {
    const form = await c.req.parseBody();
    if (!sameToken(String(form._csrf ?? ''), getCookie(c, PRESESSION_COOKIE))) {
      return page(c, DICTS[c.get('lang')].forbidden, <p role="alert">{DICTS[c.get('lang')].csrf}</p>, 403);
    }
    const outcome = await useAckLink(deps, c.req.param('token'));
    return show(c, outcome, outcome.kind === 'refused' ? 400 : 200);
  });
}
