/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * Sign-in at the organisation's identity provider (OpenID Connect, authorization code with PKCE): the button's
 * route sends the browser to the provider's login page; its answer comes back to the callback, which begins a
 * session or shows why not. Every refused answer is audited.
 */
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { auditProviderEvent } from '../../services/oidc-people';
import { SignInRefused, beginProviderSignIn, completeProviderSignIn } from '../../services/oidc-sessions';
import { SESSION_COOKIE, randomToken } from '../../services/web-sessions';
import { DICTS } from '../i18n';
import { ProviderSignInRefused } from '../pages/sign-in';
import { cookieOptions, landingOf, notFoundPage, page, safeReturn, type WebApp, type WebContext, type WebDeps } from './context';

/** The state of the sign-in under way, in the browser that began it (a callback from another browser is refused). */
const STATE_COOKIE = 'dd_oidc_state';
/** Refusals whose person is known to the provider but not placed in dondoc (their page says whom to ask). */
const NOT_PLACED = new Set(['no-group', 'unknown-unit', 'bad-group', 'several-units']);

export function providerSignInRoutes(web: WebApp, { deps }: WebDeps) {
  if (!deps.oidc) return;
  const unreachable = (c: WebContext, err: unknown) => {
    deps.logger.error({ err }, 'the identity provider could not be reached');
    return page(c, DICTS[c.get('lang')].signInFailed, <p role="alert">{DICTS[c.get('lang')].providerUnreachable}</p>, 502);
  };
  web.get('/oidc/login', async (c) => {
    const returnTo = safeReturn(c.req.query('next'), '/web/');
    try {
      const { url, state } = await beginProviderSignIn(deps, returnTo);
      setCookie(c, STATE_COOKIE, state, cookieOptions(c, 600));
      return c.redirect(url.href, 302);
    } catch (err) {
      return unreachable(c, err);
    }
  });
  web.get('/oidc/callback', async (c) => {
    const lang = c.get('lang');
    const query = new URL(c.req.url).searchParams;
    const stateCookie = getCookie(c, STATE_COOKIE);
    deleteCookie(c, STATE_COOKIE, { path: '/' });
    try {
      const { cookie, principal, returnTo } = await completeProviderSignIn(deps, query, stateCookie);
      setCookie(c, SESSION_COOKIE, cookie, cookieOptions(c));
      return c.redirect(returnTo === '/web/' || returnTo === '/web' ? landingOf(principal) : returnTo, 303);
    } catch (err) {
      if (!(err instanceof SignInRefused)) return unreachable(c, err);
      await auditProviderEvent(deps, {
        requestId: c.get('requestId') ?? randomToken(8),
        method: 'GET',
        path: c.req.path,
        status: err.status,
        body: { refused: err.reason, detail: err.message },
      });
      const t = DICTS[lang];
      return page(
        c,
        t.signInFailed,
        <ProviderSignInRefused lang={lang} message={err.message} notPlaced={NOT_PLACED.has(err.reason)} />,
        err.status,
      );
    }
  });
  // Not a page for people: the provider's back-channel logout is served outside /web (server/app.ts).
  web.all('/oidc/*', (c) => notFoundPage(c));
}
