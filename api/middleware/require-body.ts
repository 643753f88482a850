/**
 * A route that declares a required JSON body gets one: the validator would otherwise take a bodiless request
 * with no Content-Type as `{}` and let it through (an empty feed request, an empty preferences update).
 */
import type { ApiApp } from '../env';
import type { MiddlewareHandler } from 'hono';
import { ApiProblem } from '../problems';

export function requireDeclaredBodies(app: ApiApp): MiddlewareHandler {
  let routes: { method: string; path: RegExp }[] | null = null;
  const declared = () =>
    (routes ??= app.openAPIRegistry.definitions.flatMap((d) =>
      d.type === 'route' && (d.route.request?.body as { required?: boolean } | undefined)?.required
        ? [
            {
              method: d.route.method.toUpperCase(),
              path: new RegExp(`^${d.route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
            },
          ]
        : [],
    ));
  return async (c, next) => {
    if (c.req.method === 'POST' || c.req.method === 'PUT' || c.req.method === 'PATCH') {
      if (declared().some((r) => r.method === c.req.method && r.path.test(c.req.path)) && (await c.req.text()).trim() === '') {
        throw new ApiProblem(400, 'validation', '(body): a JSON body is required', [{ field: '(body)', reason: 'required' }]);
      }
    }
    await next();
  };
}
