/**
 * The idempotency keys' table: a caller's key claimed for one request (by its hash), the answer kept once it ran,
 * released when it must not be kept, expired after IDEMPOTENCY_KEY_HOURS. The API's middleware decides what an
 * answer means (api/middleware/idempotency.ts).
 */
import { jsonb, type Sql } from '../db/sql';

export const IDEMPOTENCY_KEY_HOURS = 24;
/** A claim older than this with no answer belongs to a process that died: a retry takes it over. */
const CLAIM_LEASE_SECONDS = 10;

export interface KeyOfCaller {
  principalId: string;
  key: string;
}

export interface PriorUse {
  bodyHash: string;
  status: number | null;
  response: unknown;
}

export async function purgeExpiredKeys(sql: Sql): Promise<void> {
  await sql`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => ${IDEMPOTENCY_KEY_HOURS})`;
}

/**
 * True when this request now holds the key: a key not seen before, or an expired one, which is forgotten even before
 * the purge reaches it (claimed anew in the same statement, as if deleted and inserted: one round trip, not two).
 */
export async function claimKey(sql: Sql, k: KeyOfCaller, request: { method: string; path: string; bodyHash: string }): Promise<boolean> {
  const claimed = await sql`
    INSERT INTO idempotency_keys (principal_id, key, method, path, body_hash)
    VALUES (${k.principalId}, ${k.key}, ${request.method}, ${request.path}, ${request.bodyHash})
    ON CONFLICT (principal_id, key) DO UPDATE SET
      method = EXCLUDED.method, path = EXCLUDED.path, body_hash = EXCLUDED.body_hash,
      status = NULL, response = NULL, created_at = now()
    WHERE idempotency_keys.created_at < now() - make_interval(hours => ${IDEMPOTENCY_KEY_HOURS})
    RETURNING key`;
  return claimed.length > 0;
}

export async function priorUse(sql: Sql, k: KeyOfCaller): Promise<PriorUse | null> {
  const [prior] = await sql<{ body_hash: string; status: number | null; response: unknown }[]>`
    SELECT body_hash, status, response FROM idempotency_keys WHERE principal_id = ${k.principalId} AND key = ${k.key}`;
  return prior ? { bodyHash: prior.body_hash, status: prior.status, response: prior.response } : null;
}

/** Takes over a claim whose holder died before answering; true when taken. */
export async function takeOverStaleClaim(sql: Sql, k: KeyOfCaller): Promise<boolean> {
  const takenOver = await sql`
    UPDATE idempotency_keys SET created_at = now()
    WHERE principal_id = ${k.principalId} AND key = ${k.key} AND status IS NULL
      AND created_at < now() - make_interval(secs => ${CLAIM_LEASE_SECONDS})
    RETURNING key`;
  return takenOver.length > 0;
}

export async function keepAnswer(sql: Sql, k: KeyOfCaller, status: number, response: unknown): Promise<void> {
  await sql`UPDATE idempotency_keys SET status = ${status}, response = ${jsonb(sql, response)}
            WHERE principal_id = ${k.principalId} AND key = ${k.key}`;
}

export async function releaseKey(sql: Sql, k: KeyOfCaller): Promise<void> {
  await sql`DELETE FROM idempotency_keys WHERE principal_id = ${k.principalId} AND key = ${k.key}`;
}
