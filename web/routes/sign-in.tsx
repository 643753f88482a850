/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** Sign in by token or one-time link (no session needed), and sign out. */
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import {
  PRESESSION_COOKIE,
  SESSION_COOKIE,
  createSession,
  emailMagicLink,
  endSession,
  randomToken,
  redeemMagicLink,
  sameToken,
} from '../../services/web-sessions';
import { PROVIDER_TOKEN_ID } from '../../services/oidc-people';
import { providerSignOutUrl } from '../../services/oidc-sessions';
import { DICTS } from '../i18n';
import { RedeemLink, SignIn } from '../pages/sign-in';
import { cookieOptions, landingOf, notFoundPage, page, safeReturn, type WebApp, type WebContext, type WebDeps } from './context';

export function signInRoutes(web: WebApp, { deps }: WebDeps) {
  const local = deps.localSignIn !== false;
  const signInPage = (c: WebContext, error: string | null, status: 200 | 400 = 200, notice: string | null = null) => {
    const pre = randomToken(24);
    setCookie(c, PRESESSION_COOKIE, pre, cookieOptions(c, 3600));
    const next = safeReturn(c.req.query('next'), '/web/');
    return page(
      c,
      DICTS[c.get('lang')].signIn,
      <SignIn
        lang={c.get('lang')}
        pre={pre}
        error={error}
        notice={notice}
        next={next}
        development={deps.developmentStack ?? false}
        provider={deps.oidc?.settings.providerName ?? null}
        local={local}
      />,
      status,
    );
  };
  web.get('/signin', (c) => signInPage(c, null));
  // Where the organisation signs in at its provider only, the dashboard's own ways in are not there at all.
  if (!local) {
    for (const path of ['/signin', '/signin/link', '/magic/:token']) web.post(path, (c) => notFoundPage(c));
    web.get('/magic/:token', (c) => notFoundPage(c));
  }
  web.post('/signin', async (c) => {
    const form = await c.req.parseBody();
    const t = DICTS[c.get('lang')];
    if (!sameToken(String(form._csrf ?? ''), getCookie(c, PRESESSION_COOKIE))) return signInPage(c, t.csrf, 400);
    const token = String(form.token ?? '').trim();
    // A provider's access token is not a way into the dashboard: its sessions begin at the provider (and are
    // refreshed there), so a pasted one could outlive its person's access.
    const principal = token && token.length <= 300 ? await deps.authenticate(token).catch(() => null) : null;
    if (!principal || principal.tokenId === PROVIDER_TOKEN_ID) return signInPage(c, t.badToken, 400);
    const { cookie } = await createSession(deps, principal);
    deleteCookie(c, PRESESSION_COOKIE, { path: '/' });
    setCookie(c, SESSION_COOKIE, cookie, cookieOptions(c));
    const next = safeReturn(form.next, '/web/');
    return c.redirect(next === '/web/' || next === '/web' ? landingOf(principal) : next, 303);
  });
  web.post('/signin/link', async (c) => {
    const form = await c.req.parseBody();
    const t = DICTS[c.get('lang')];
    if (!sameToken(String(form._csrf ?? ''), getCookie(c, PRESESSION_COOKIE))) return signInPage(c, t.csrf, 400);
    const email = String(form.email ?? '').trim();
    if (!/^[^\s@]{1,64}@[^\s@]{1,189}$/.test(email)) return signInPage(c, t.badEmail, 400);
    await emailMagicLink(deps, email);
    return signInPage(c, null, 200, t.linkSent);
  });
  // Opening a link only shows a button: mail scanners that fetch links must not use them up. The button posts.
  web.get('/magic/:token', (c) => {
    const pre = randomToken(24);
    setCookie(c, PRESESSION_COOKIE, pre, cookieOptions(c, 3600));
    const lang = c.get('lang');
    return page(c, DICTS[lang].signIn, <RedeemLink lang={lang} pre={pre} token={c.req.param('token')} />);
  });
  web.post('/magic/:token', async (c) => {
    const form = await c.req.parseBody();
    if (!sameToken(String(form._csrf ?? ''), getCookie(c, PRESESSION_COOKIE))) return signInPage(c, DICTS[c.get('lang')].csrf, 400);
    const principal = await redeemMagicLink(deps, c.req.param('token'));
    if (!principal) return signInPage(c, DICTS[c.get('lang')].linkInvalid, 400);
    deleteCookie(c, PRESESSION_COOKIE, { path: '/' });
    const { cookie } = await createSession(deps, principal, 'link');
    setCookie(c, SESSION_COOKIE, cookie, cookieOptions(c));
    return c.redirect(landingOf(principal), 303);
  });
}

/** Signing out needs the session (and its CSRF token). */
export function signOutRoutes(web: WebApp, { deps }: WebDeps) {
  web.post('/signout', async (c) => {
    const session = c.get('session')!;
    // A provider session ends at the provider too (RP-initiated logout), which returns the browser to the sign-in page.
    const providerLogout = await providerSignOutUrl(deps, session);
    await endSession(deps, session.idHash);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect(providerLogout?.href ?? '/web/signin', 303);
  });
}
