/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** The dashboard's own middleware: limits, origin check, NUL filter, language and session, the session gate and audit. */
import { unitName } from '../../domain/units';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { csrf as originCheck } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { recordAudit } from '../../services/audit';
import { DomainError } from '../../services/errors';
import { keepProviderSessionCurrent } from '../../services/oidc-sessions';
import { SESSION_COOKIE, loadSession, randomToken, sameToken } from '../../services/web-sessions';
import { DICTS, pickLang } from '../i18n';
import { isWebUploadPath, uploadTooLargePage, WEB_UPLOAD_MAX_BYTES } from '../uploads';
import { langCookie, me, notFoundPage, page, type WebApp, type WebContext, type WebDeps } from './context';

/** Refusals shown to the person on the page (the rest are logged as failures). */
const REFUSALS: ReadonlySet<DomainError['kind']> = new Set(['forbidden', 'invalid', 'conflict', 'unprocessable']);

export function handleErrors(web: WebApp, { deps }: WebDeps) {
  web.onError((err, c) => {
    const ctx = c as unknown as WebContext;
    if (err instanceof DomainError && err.kind === 'not-found') return notFoundPage(ctx);
    if (err instanceof DomainError && REFUSALS.has(err.kind)) {
      return page(ctx, DICTS[ctx.get('lang') ?? 'vi'].failed, <p role="alert">{err.message}</p>, err.kind === 'forbidden' ? 403 : 400);
    }
    // The origin check's refusal of a cross-origin form post.
    if (err instanceof HTTPException && err.status === 403) {
      return page(ctx, DICTS[ctx.get('lang') ?? 'vi'].failed, <p role="alert">{err.message}</p>, 403);
    }
    deps.logger.error({ err, path: c.req.path }, 'web page failed');
    return c.text('Internal Server Error', 500);
  });
}

/** Before any route: body limit, same-origin posts, no NUL, the reader's language and session, safe headers. */
export function useRequestBasics(web: WebApp, { deps }: WebDeps) {
  const formLimit = bodyLimit({ maxSize: 256 * 1024, onError: (c) => c.text('Payload Too Large', 413) });
  const uploadLimit = bodyLimit({ maxSize: WEB_UPLOAD_MAX_BYTES, onError: uploadTooLargePage });
  web.use('*', (c, next) => (c.req.method === 'POST' && isWebUploadPath(c.req.path) ? uploadLimit : formLimit)(c, next));
  // Defence in depth besides the synchronizer tokens: a form post must come from this origin.
  web.use('*', originCheck());
  // Postgres text cannot hold NUL: refuse it in the query or a form before it reaches a workflow or a query.
  web.use('*', async (c, next) => {
    const hasNul = (v: unknown): boolean => (typeof v === 'string' ? v.includes('\u0000') : Array.isArray(v) ? v.some(hasNul) : false);
    if (Object.values(c.req.queries()).some(hasNul)) return c.text('Bad Request', 400);
    if (c.req.method === 'POST' && Object.values(await c.req.parseBody({ all: true })).some(hasNul)) return c.text('Bad Request', 400);
    await next();
  });
  web.use('*', async (c, next) => {
    const q = c.req.query('lang');
    const lang = pickLang(q, getCookie(c, 'lang'));
    if (q === 'vi' || q === 'en') langCookie(c, q);
    c.set('lang', lang);
    const loaded = await loadSession(deps, getCookie(c, SESSION_COOKIE));
    // A provider session is checked with the provider when due: a person disabled there is signed out here.
    const session = loaded ? await keepProviderSessionCurrent(deps, loaded) : null;
    c.set('session', session);
    const unitCode = session?.principal.unitCode;
    if (unitCode) c.set('unitName', unitName(lang, deps.units.get(unitCode), unitCode));
    c.header('cache-control', 'no-store');
    c.header('x-frame-options', 'DENY');
    c.header('referrer-policy', 'same-origin');
    await next();
  });
}

/** Everything registered after this needs a session, and every post the session's CSRF token. */
export function requireSession(web: WebApp) {
  web.use('*', async (c, next) => {
    const s = c.get('session');
    if (!s) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') {
        const url = new URL(c.req.url);
        return c.redirect(`/web/signin?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
      }
      return c.text('Unauthorized', 401);
    }
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody({ all: true });
      if (!sameToken(typeof form._csrf === 'string' ? form._csrf : '', s.csrf)) {
        return page(c, DICTS[c.get('lang')].forbidden, <p role="alert">{DICTS[c.get('lang')].csrf}</p>, 403);
      }
    }
    await next();
  });
}

/**
 * Every web write goes to the same audit log as the API's (who, which token, what, when, the outcome); the CSRF token
 * and form keys are left out. The outcome is the action's status (303 redirects carry a flash).
 */
export function auditWrites(web: WebApp, { deps }: WebDeps) {
  web.use('*', async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const form = await c.req.parseBody({ all: true });
    const body = Object.fromEntries(
      Object.entries(form)
        .filter(([k]) => !k.startsWith('_') && !/token|password|secret/i.test(k))
        .map(([k, v]) => [k, typeof v === 'string' || Array.isArray(v) ? v : '[file]']),
    );
    try {
      await next();
    } finally {
      const p = me(c);
      await recordAudit(deps.sql, {
        requestId: c.get('requestId') ?? randomToken(8),
        principalId: p.id,
        tokenId: p.tokenId,
        role: p.role,
        method: 'POST',
        path: c.req.path,
        status: c.get('auditStatus') ?? c.res.status,
        idempotencyKey: typeof form._key === 'string' ? `web/${form._key}` : null,
        body,
      }).catch((err) => deps.logger.error({ err }, 'web audit write failed'));
    }
  });
}
