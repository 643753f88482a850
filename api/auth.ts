/**
 * Bearer-token authentication. A principal is who is calling and what they may see; route handlers ask
 * `can*` questions of it rather than checking roles inline.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiProblem } from './problems';

export type Role = 'admin' | 'coordinator' | 'unit' | 'leader';

export interface Principal {
  id: string;
  /** The token used, for the audit log (null for the bootstrap admin token). */
  tokenId: string | null;
  role: Role;
  /** For unit officers: the one unit they act for. */
  unitCode: string | null;
  /** For leaders: the units in scope, or 'all'. */
  scope: string[] | 'all';
}

export type Authenticate = (token: string) => Promise<Principal | null>;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** The bootstrap admin from ADMIN_TOKEN; later resolvers (stored tokens) are tried after it. */
export function adminTokenAuthenticator(adminToken: string | undefined, next?: Authenticate): Authenticate {
  return async (token) => {
    if (adminToken && sameSecret(token, adminToken)) return { id: 'admin', tokenId: null, role: 'admin', unitCode: null, scope: 'all' };
    return next ? next(token) : null;
  };
}

export function requireAuth(authenticate: Authenticate): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const challenge = { 'www-authenticate': 'Bearer realm="dondoc"' };
    c.header('www-authenticate', challenge['www-authenticate']);
    if (!match) throw new ApiProblem(401, 'unauthenticated', 'send Authorization: Bearer <token>', undefined, challenge);
    const principal = await authenticate(match[1]!);
    if (!principal) throw new ApiProblem(401, 'unauthenticated', 'the token is unknown, expired or revoked', undefined, challenge);
    c.header('www-authenticate', undefined);
    c.set('principal' as never, principal as never);
    await next();
  };
}

/** May this principal see assignments of `unitCode`? */
export function canSeeUnit(p: Principal, unitCode: string): boolean {
  if (p.role === 'admin' || p.role === 'coordinator') return true;
  if (p.role === 'unit') return p.unitCode === unitCode;
  return p.scope === 'all' || p.scope.includes(unitCode);
}

export function requireRole(p: Principal, roles: Role[], action: string): void {
  if (!roles.includes(p.role)) throw new ApiProblem(403, 'forbidden', `${p.role} may not ${action}`);
}
