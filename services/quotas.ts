/**
 * Per-caller quotas on work that lands on Temporal or grows without bound: assignment workflows started per
 * hour, recurring schedules made per hour, and calendar feeds held at once. Counted from the rows the work
 * leaves (tasks, calendar_feeds), so every API process agrees; two requests racing may both pass the last slot,
 * which a quota (unlike a lock) can afford.
 */
import type { Principal } from './access';
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

/** Refuses (429 with Retry-After) when starting `count` more assignments (or one schedule) would pass the quota. */
/** What a quota check reads: the store and the configured quotas (a narrow view of the app's deps). */
interface QuotaDeps {
  sql: Sql;
  quotas?: Quotas;
}

export async function enforceTaskQuota(
  deps: QuotaDeps,
  principal: Principal,
  kind: 'assignments' | 'schedules',
  count: number,
): Promise<void> {
  const quotas = deps.quotas ?? DEFAULT_QUOTAS;
  const limit = kind === 'assignments' ? quotas.assignmentsPerHour : quotas.schedulesPerHour;
  const [row] = await deps.sql<{ used: number; oldest_age: number | null }[]>`
    SELECT coalesce(sum(${kind === 'assignments' ? deps.sql`assignment_count` : deps.sql`1`}), 0)::int AS used,
           extract(epoch FROM now() - min(created_at))::float8 AS oldest_age
    FROM tasks
    WHERE created_by = ${principal.id} AND created_at > now() - interval '1 hour'
      AND ${kind === 'assignments' ? deps.sql`recurring IS NULL` : deps.sql`recurring IS NOT NULL`}`;
  if ((row?.used ?? 0) + count > limit) {
    const retryAfter = Math.max(1, Math.ceil(3600 - (row?.oldest_age ?? 0)));
    throw exceeded(kind === 'assignments' ? 'assignments started an hour' : 'recurring schedules made an hour', limit, retryAfter);
  }
}

export async function enforceFeedQuota(deps: QuotaDeps, principal: Principal): Promise<void> {
  const limit = (deps.quotas ?? DEFAULT_QUOTAS).feeds;
  const [row] = await deps.sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM calendar_feeds WHERE principal_id = ${principal.id} AND revoked_at IS NULL`;
  // Held feeds free up only when revoked: a day is a fair hint of when to try again.
  if ((row?.n ?? 0) >= limit) throw exceeded('calendar feeds held at once (revoke one first)', limit, 86_400);
}
