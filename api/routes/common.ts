/** Shared pieces of route definitions: the error responses every route documents, and the caller. */
import type { Context } from 'hono';
import type { ApiEnv } from '../env';
import type { Principal } from '../../services/access';
import { problemSchema } from '../schemas';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });

export const errorResponses = {
  400: problem('Invalid input: the fields and reasons are listed'),
  401: problem('Missing or unknown bearer token'),
  403: problem('The role may not do this'),
  404: problem('Unknown id, or not visible to the caller'),
  409: problem('Conflicts with the current state'),
  413: problem('The body is too large'),
  415: problem('The body is not JSON'),
  422: problem('Well-formed but not acceptable'),
  429: problem('Too many requests for this token; see Retry-After'),
  503: problem('A dependency is unavailable; retry'),
} as const;

export const security = [{ bearer: [] }];

/** The caller of an authenticated route (the auth middleware has set it). */
export function principalOf(c: Context<ApiEnv>): Principal {
  const principal = c.get('principal');
  if (!principal) throw new Error('principalOf on a route the auth middleware does not cover');
  return principal;
}
