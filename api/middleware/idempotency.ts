/**
 * Idempotent writes: a POST/PUT/DELETE with an `Idempotency-Key` is answered once; the same key with the same
 * request returns the first answer (header `idempotent-replayed: true`), the same key with a different
 * request is a 409. Keys are per caller. A first attempt that failed with a server error may be retried.
 */
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Sql } from '../../db/sql';
import type { Principal } from '../auth';
import { ApiProblem } from '../problems';

const WAIT_FOR_IN_FLIGHT_MS = 15_000;

export function idempotency(sql: Sql): MiddlewareHandler {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || key === undefined) return next();
    if (key.length === 0 || key.length > 200) throw new ApiProblem(400, 'validation', 'Idempotency-Key must be 1 to 200 characters', [{ field: 'Idempotency-Key', reason: 'must be 1 to 200 characters' }]);
    const principal = c.get('principal' as never) as Principal;
    const bodyHash = createHash('sha256').update(`${c.req.method} ${c.req.path}\n${await c.req.text()}`).digest('hex');

    const claimed = await sql`
      INSERT INTO idempotency_keys (principal_id, key, method, path, body_hash)
      VALUES (${principal.id}, ${key}, ${c.req.method}, ${c.req.path}, ${bodyHash})
      ON CONFLICT DO NOTHING RETURNING key`;
    if (claimed.length === 0) {
      const deadline = Date.now() + WAIT_FOR_IN_FLIGHT_MS;
      for (;;) {
        const [prior] = await sql<{ body_hash: string; status: number | null; response: unknown }[]>`
          SELECT body_hash, status, response FROM idempotency_keys WHERE principal_id = ${principal.id} AND key = ${key}`;
        if (!prior) break; // the first attempt failed and released the key: run this one
        if (prior.body_hash !== bodyHash) {
          throw new ApiProblem(409, 'idempotency-conflict', 'this Idempotency-Key was used with a different request', [
            { field: 'Idempotency-Key', reason: 'already used with a different method, path or body' },
          ]);
        }
        if (prior.status !== null) {
          const res = c.json(prior.response as object, prior.status as 200);
          res.headers.set('idempotent-replayed', 'true');
          return res;
        }
        if (Date.now() > deadline) throw new ApiProblem(409, 'idempotency-in-progress', 'a request with this Idempotency-Key is still in progress; retry shortly');
        await new Promise((r) => setTimeout(r, 100));
      }
      return idempotency(sql)(c, next);
    }

    try {
      await next();
    } catch (err) {
      await sql`DELETE FROM idempotency_keys WHERE principal_id = ${principal.id} AND key = ${key}`;
      throw err;
    }
    if (c.res.status >= 500 || !c.res.headers.get('content-type')?.includes('json')) {
      await sql`DELETE FROM idempotency_keys WHERE principal_id = ${principal.id} AND key = ${key}`;
      return;
    }
    const response = await c.res.clone().json();
    await sql`UPDATE idempotency_keys SET status = ${c.res.status}, response = ${sql.json(response as never)}
              WHERE principal_id = ${principal.id} AND key = ${key}`;
  };
}
