/** Shared pieces of route definitions: the error responses every route documents, and the caller. */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ApiApp, ApiEnv } from '../env';
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

/** What a repeated `Idempotency-Key` does; documented on every write (api/middleware/idempotency.ts keeps it). */
export const IDEMPOTENCY_RULE =
  'Repeat a write safely: a request with the same key, method, path and body is applied once, and a repeat gets the first ' +
  'answer (header idempotent-replayed: true); the same key with a different request is 409. Kept and replayed are the ' +
  'answers of requests that ran: 2xx, and refusals by the state machine (409, 422). Not kept, so the key may be sent again ' +
  'once the cause is fixed: validation failures (400), lookups of things that did not exist (404), other refusals and ' +
  'server errors. Secrets (a new token, a webhook secret, a feed URL) are not replayed. Keys are per caller and expire after 24 hours.';

export const idempotencyKeyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ param: { name: 'idempotency-key', in: 'header' }, description: IDEMPOTENCY_RULE }),
});

/** Documents the Idempotency-Key header on every POST, PUT, PATCH and DELETE route that does not declare it itself. */
export function documentIdempotencyKey(app: ApiApp): void {
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== 'route' || !['post', 'put', 'patch', 'delete'].includes(definition.route.method)) continue;
    const request = (definition.route.request ??= {});
    if (!request.headers) request.headers = idempotencyKeyHeader;
  }
}
