/** Bearer-token authentication at the HTTP edge: the principal it finds is what services decide on. */
import type { MiddlewareHandler } from 'hono';
import type { Authenticate } from '../services/access';
import type { ApiEnv } from './env';
import type { FailedSignIns } from './middleware/rate-limit';
import { ApiProblem } from './problems';

/**
 * The presented token is looked up first: a valid one is let through whatever others have failed. A missing or
 * failed one is refused 429 when its address or the token is past the failed sign-in limit, else 401 and counted.
 */
export function requireAuth(authenticate: Authenticate, failures?: FailedSignIns): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? null;
    const challenge = { 'www-authenticate': 'Bearer realm="dondoc"' };
    const principal = token ? await authenticate(token) : null;
    if (principal) {
      c.set('principal', principal);
      await next();
      return;
    }
    failures?.refuseIfLimited(c, token);
    failures?.record(c, token);
    if (!token) throw new ApiProblem(401, 'unauthenticated', 'send Authorization: Bearer <token>', undefined, challenge);
    throw new ApiProblem(401, 'unauthenticated', 'the token is unknown, expired or revoked', undefined, challenge);
  };
}
