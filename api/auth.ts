/** Bearer-token authentication at the HTTP edge: the principal it finds is what services decide on. */
import type { MiddlewareHandler } from 'hono';
import type { Authenticate } from '../services/access';
import type { ApiEnv } from './env';
import { ApiProblem } from './problems';

export function requireAuth(authenticate: Authenticate): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const challenge = { 'www-authenticate': 'Bearer realm="dondoc"' };
    c.header('www-authenticate', challenge['www-authenticate']);
    if (!match) throw new ApiProblem(401, 'unauthenticated', 'send Authorization: Bearer <token>', undefined, challenge);
    const principal = await authenticate(match[1]!);
    if (!principal) throw new ApiProblem(401, 'unauthenticated', 'the token is unknown, expired or revoked', undefined, challenge);
    c.header('www-authenticate', undefined);
    c.set('principal', principal);
    await next();
  };
}
