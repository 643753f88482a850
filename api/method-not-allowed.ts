/**
 * 405 for a path some route declares under other methods (with `Allow` naming them), instead of the 404 a router
 * answers for any miss. Built from the app's route table once its routes are registered.
 */
import type { Context, Hono } from 'hono';
import { problemResponse } from './problems';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A Hono route path (`/v1/tasks/:taskId/assignments/:unitCode`) as an anchored pattern. */
function patternOf(path: string): RegExp {
  const parts = path.split('/').map((part) => {
    if (part === '*') return '.*';
    if (part.startsWith(':')) {
      const custom = /^:[^{]+\{(.+)\}$/.exec(part);
      return custom ? `(?:${custom[1]})` : '[^/]+';
    }
    return escape(part);
  });
  return new RegExp(`^${parts.join('/')}/?$`);
}

/** The methods a path is served by (none: no route declares it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function declaredMethods(app: Hono<any, any, any>): (path: string) => string[] {
  let routes: { method: string; pattern: RegExp }[] | null = null;
  return (path) => {
    // Read at the first miss, when every route is registered.
    routes ??= app.routes.filter((r) => r.method !== 'ALL').map((r) => ({ method: r.method.toUpperCase(), pattern: patternOf(r.path) }));
    const methods = new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method));
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods];
  };
}

/** The not-found answer: 405 with Allow when the path is declared under other methods, else 404. */
export function notFoundOrNotAllowed(methodsOf: (path: string) => string[]) {
  return (c: Context) => {
    const allowed = methodsOf(c.req.path);
    if (allowed.length > 0 && !allowed.includes(c.req.method.toUpperCase())) {
      return problemResponse(c, 405, 'method-not-allowed', `${c.req.path} does not serve ${c.req.method}`, undefined, {
        allow: allowed.join(', '),
      });
    }
    return problemResponse(c, 404, 'not-found', `no route for ${c.req.method} ${c.req.path}`);
  };
}
