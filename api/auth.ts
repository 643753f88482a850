/** Bearer-token authentication at the HTTP edge: the principal it finds is what services decide on. */
import type { MiddlewareHandler } from 'hono';
import type { Authenticate } from '../services/access';
import { TokenRefused } from '../services/oidc-provider';
import type { ApiEnv } from './env';
import type { FailedSignIns } from './middleware/rate-limit';
import { ApiProblem } from './problems';

/** Told of every provider token refused (to audit it): the reason, and the status the caller gets. */
export type OnTokenRefused = (c: Parameters<MiddlewareHandler<ApiEnv>>[0], refusal: TokenRefused) => Promise<void>;

/**
 * The presented token is looked up first: a valid one is let through whatever others have failed. A missing or
 * failed one is refused 429 when its address or the token is past the failed sign-in limit, else 401 and counted.
 * A provider's token that is refused says why (RFC 6750's invalid_token); one whose person the provider's groups
 * do not place in dondoc is 403.
 */
export function requireAuth(authenticate: Authenticate, failures?: FailedSignIns, onRefused?: OnTokenRefused): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? null;
    const challenge = { 'www-authenticate': 'Bearer realm="dondoc"' };
    let refusal: TokenRefused | null = null;
    const principal = token
      ? await authenticate(token).catch((err: unknown) => {
          if (!(err instanceof TokenRefused)) throw err;
          refusal = err;
          return null;
        })
      : null;
    if (principal) {
      c.set('principal', principal);
      await next();
      return;
    }
    failures?.refuseIfLimited(c, token);
    failures?.record(c, token);
    if (!token) throw new ApiProblem(401, 'unauthenticated', 'send Authorization: Bearer <token>', undefined, challenge);
    if (refusal) {
      const refused: TokenRefused = refusal;
      await onRefused?.(c, refused);
      if (refused.status === 403) throw new ApiProblem(403, 'not-placed', refused.message);
      const described = {
        'www-authenticate': `Bearer realm="dondoc", error="invalid_token", error_description="${refused.message.replace(/"/g, "'")}"`,
      };
      throw new ApiProblem(401, 'unauthenticated', refused.message, undefined, described);
    }
    throw new ApiProblem(401, 'unauthenticated', 'the token is unknown, expired or revoked', undefined, challenge);
  };
}
