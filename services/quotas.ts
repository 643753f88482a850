/**
 * Per-caller quotas on work that lands on Temporal or grows without bound: assignment workflows started per
 * hour (leads, co-operating units and sub-assignments alike), recurring schedules made per hour, and calendar feeds
 * held at once. Starts and schedules are charged to a ledger (quota_charges) under a per-caller lock, so every API
 * process agrees and concurrent requests cannot pass the limit; feeds are counted from the feeds held.
 */
import type { Principal } from './access';
import type postgres from 'postgres';
import type { Sql } from '../db/sql';
import { DomainError } from './errors';

export interface Quotas {
  /** Assignment workflows a caller may start in an hour (summed over the tasks they create). */
  assignmentsPerHour: number;
  /** Recurring tasks (each a Temporal Schedule) a caller may create in an hour. */
  schedulesPerHour: number;
  /** Calendar feeds a caller may hold unrevoked. */
  feeds: number;
}

export const DEFAULT_QUOTAS: Quotas = { assignmentsPerHour: 20_000, schedulesPerHour: 50, feeds: 20 };

const exceeded = (what: string, limit: number, retryAfterSeconds: number) =>
  new DomainError(
    'too-many',
    'quota',
    `quota exceeded: at most ${limit} ${what}; retry in ${retryAfterSeconds} s`,
    undefined,
    retryAfterSeconds,
  );

/** What a quota check reads: the configured quotas (a narrow view of the app's deps). */
interface QuotaDeps {
  sql: Sql;
  quotas?: Quotas;
}

/** Advisory-lock namespace of the quota charges (the second key is the caller's and the kind's hash). */
const QUOTA_LOCK = 4_242_017;

/**
 * Charges `count` workflows started (or one schedule made) to the caller, inside the caller's transaction `tx`:
 * refuses with 429 and Retry-After when the charge would pass the hour's quota. A per-caller advisory lock, held to
 * the end of `tx`, makes check and record one step, so concurrent requests cannot pass the limit together; a
 * transaction that fails later takes its charge with it.
 */
export async function chargeTaskQuota(
  tx: postgres.TransactionSql,
  deps: QuotaDeps,
  principal: Principal,
  kind: 'assignments' | 'schedules',
  count: number,
): Promise<void> {
  const quotas = deps.quotas ?? DEFAULT_QUOTAS;
  const limit = kind === 'assignments' ? quotas.assignmentsPerHour : quotas.schedulesPerHour;
  await tx`SELECT pg_advisory_xact_lock(${QUOTA_LOCK}, hashtext(${`${principal.id}/${kind}`}))`;
  await tx`DELETE FROM quota_charges WHERE principal_id = ${principal.id} AND kind = ${kind} AND charged_at <= now() - interval '1 hour'`;
  const [row] = await tx<{ used: number; oldest_age: number | null }[]>`
    SELECT coalesce(sum(amount), 0)::int AS used, extract(epoch FROM now() - min(charged_at))::float8 AS oldest_age
    FROM quota_charges WHERE principal_id = ${principal.id} AND kind = ${kind}`;
  if ((row?.used ?? 0) + count > limit) {
    const retryAfter = Math.max(1, Math.ceil(3600 - (row?.oldest_age ?? 0)));
    throw exceeded(kind === 'assignments' ? 'assignments started an hour' : 'recurring schedules made an hour', limit, retryAfter);
  }
  await tx`INSERT INTO quota_charges (principal_id, kind, amount) VALUES (${principal.id}, ${kind}, ${count})`;
}

export async function enforceFeedQuota(deps: QuotaDeps, principal: Principal): Promise<void> {
  const limit = (deps.quotas ?? DEFAULT_QUOTAS).feeds;
  const [row] = await deps.sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM calendar_feeds WHERE principal_id = ${principal.id} AND revoked_at IS NULL`;
  // Held feeds free up only when revoked: a day is a fair hint of when to try again.
  if ((row?.n ?? 0) >= limit) throw exceeded('calendar feeds held at once (revoke one first)', limit, 86_400);
}
