/**
 * Headers every response carries: `X-Content-Type-Options: nosniff` and a Content-Security-Policy (strict for
 * the dashboard, none-at-all for API answers, its own for /docs), and 405 for TRACE/TRACK, which no route serves.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiProblem } from '../problems';

/** The dashboard: its own stylesheet and style attributes (bar widths), no scripts, forms only to itself. */
export const WEB_CSP =
  "default-src 'none'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; form-action 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'";
/** JSON, calendars, CSV: nothing to run or embed. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/**
 * `formTargets`: other origins a dashboard form may end up at: the identity provider's, where signing out redirects
 * (browsers apply form-action to a form's redirects too).
 */
export function securityHeaders(formTargets: readonly string[] = []): MiddlewareHandler {
  const webCsp = formTargets.length ? WEB_CSP.replace("form-action 'self'", `form-action 'self' ${formTargets.join(' ')}`) : WEB_CSP;
  return async (c, next) => {
    await next();
    c.res.headers.set('x-content-type-options', 'nosniff');
    // A route with its own policy (the /docs page) keeps it.
    if (!c.res.headers.has('content-security-policy')) {
      c.res.headers.set(
        'content-security-policy',
        c.req.path === '/web' || c.req.path.startsWith('/web/') || c.req.path === '/' ? webCsp : API_CSP,
      );
    }
  };
}

const UNSERVED_METHODS = new Set(['TRACE', 'TRACK', 'CONNECT']);

export function rejectTrace(): MiddlewareHandler {
  return async (c, next) => {
    if (UNSERVED_METHODS.has(c.req.method.toUpperCase())) {
      throw new ApiProblem(405, 'method-not-allowed', `${c.req.method} is not served`, undefined, {
        allow: 'GET, HEAD, POST, PUT, DELETE, OPTIONS',
      });
    }
    await next();
  };
}
