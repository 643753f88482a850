/**
 * Idempotent writes: a POST/PUT/DELETE with an `Idempotency-Key` is answered once; the same key with the same
 * request returns the first answer (header `idempotent-replayed: true`), the same key with a different
 * request is a 409. Keys are per caller. A first attempt that failed with a server error, or whose process
 * died before answering, may be retried; services derive created ids from the key so a retry that runs again
 * finds what the first attempt wrote instead of writing it twice.
 *
 * Kept are the answers of requests that ran: 2xx, and the state machine's refusals (409, 422). Not kept, so the
 * same key may be sent again: validation failures (400), lookups of things that did not exist (404), and any
 * other refusal (401, 403, 413, 415, 429) or server error. Secrets in an answer (a new bearer token, a webhook's
 * signing secret, a feed URL's token) are never stored: a replay returns the object without them. Keys expire
 * after IDEMPOTENCY_KEY_HOURS and are purged.
 */
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { claimKey, keepAnswer, priorUse, purgeExpiredKeys, releaseKey, takeOverStaleClaim } from '../../services/idempotency-keys';
import type { AppDeps } from '../../services/deps';
import { ApiProblem } from '../problems';
import type { ApiEnv } from '../env';

const WAIT_FOR_IN_FLIGHT_MS = 15_000;
const PURGE_EVERY_MS = 60_000;

/** Statuses whose answers are replayed: the request ran, and running it again would not change the answer. */
export const keptStatus = (status: number) => (status >= 200 && status < 300) || status === 409 || status === 422;

const SECRET_KEYS = new Set(['token', 'secret']);
const SECRET_VALUE = /\b(dd_|ddf_|whsec_)[A-Za-z0-9_\-+/=]{8,}/;

/** The answer as stored: fields holding secrets dropped (walked iteratively; answers are our own, shallow JSON). */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k, v]) => !SECRET_KEYS.has(k) && !(typeof v === 'string' && SECRET_VALUE.test(v)))
        .map(([k, v]) => [k, withoutSecrets(v)]),
    );
  }
  return value;
}

/** The caller's idempotency scope for this request, so services can derive stable ids from it. */
export function idempotencyScope(c: Context<ApiEnv>): string | undefined {
  return c.get('idempotencyScope');
}

/** A stable id for a created object: from the caller's idempotency scope when there is one. */
export function derivedId(prefix: string, scope: string | undefined): string | undefined {
  return scope ? `${prefix}_${createHash('sha256').update(scope).digest('hex').slice(0, 16)}` : undefined;
}

export function idempotency(sql: AppDeps['sql']): MiddlewareHandler<ApiEnv> {
  let lastPurge = 0;
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || key === undefined) return next();
    if (key.length === 0 || key.length > 200) {
      throw new ApiProblem(400, 'validation', 'Idempotency-Key must be 1 to 200 characters', [
        { field: 'Idempotency-Key', reason: 'must be 1 to 200 characters' },
      ]);
    }
    const principal = c.get('principal')!;
    c.set('idempotencyScope', `${principal.id}/${key}`);
    const bodyHash = createHash('sha256')
      .update(`${c.req.method} ${c.req.path}\n${await c.req.text()}`)
      .digest('hex');
    const ofCaller = { principalId: principal.id, key };
    const release = () => releaseKey(sql, ofCaller);

    const runAndRecord = async (next: Next): Promise<void> => {
      try {
        await next();
      } catch (err) {
        await release();
        throw err;
      }
      if (!keptStatus(c.res.status) || !c.res.headers.get('content-type')?.includes('json')) {
        await release();
        return;
      }
      const response = withoutSecrets(await c.res.clone().json());
      await keepAnswer(sql, ofCaller, c.res.status, response);
    };

    if (Date.now() - lastPurge > PURGE_EVERY_MS) {
      lastPurge = Date.now();
      await purgeExpiredKeys(sql);
    }
    const deadline = Date.now() + WAIT_FOR_IN_FLIGHT_MS;
    for (;;) {
      if (await claimKey(sql, ofCaller, { method: c.req.method, path: c.req.path, bodyHash })) return runAndRecord(next);
      const prior = await priorUse(sql, ofCaller);
      if (!prior) continue; // the first attempt failed and released the key: claim it now
      if (prior.bodyHash !== bodyHash) {
        throw new ApiProblem(409, 'idempotency-conflict', 'this Idempotency-Key was used with a different request', [
          { field: 'Idempotency-Key', reason: 'already used with a different method, path or body' },
        ]);
      }
      if (prior.status !== null) {
        // Errors replay as what they were: problem documents.
        const res = c.body(JSON.stringify(prior.response), prior.status as 200, {
          'content-type': prior.status >= 400 ? 'application/problem+json' : 'application/json',
        });
        res.headers.set('idempotent-replayed', 'true');
        return res;
      }
      if (await takeOverStaleClaim(sql, ofCaller)) return runAndRecord(next);
      if (Date.now() > deadline)
        throw new ApiProblem(409, 'idempotency-in-progress', 'a request with this Idempotency-Key is still in progress; retry shortly');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
}
