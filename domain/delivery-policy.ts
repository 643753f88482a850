/**
 * When a failed delivery is tried again: exponential backoff from a base interval, capped, until the row is
 * older than the give-up age; then it is marked failed for a person to look at.
 */

export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  giveUpAfterMs: number;
}

/** Backoff of 30 s doubling to an hour, for 25 hours: a receiver down for a whole day still gets its events. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 30_000, maxMs: 3_600_000, giveUpAfterMs: 25 * 3_600_000 };

/** Delay before attempt `attempts + 1`, after `attempts` failed ones (attempts ≥ 1). */
export function backoffMs(policy: RetryPolicy, attempts: number): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 40);
  return Math.min(policy.baseMs * 2 ** exponent, policy.maxMs);
}

export type AfterFailure = { kind: 'retry'; at: number } | { kind: 'give_up' };

export function afterFailure(policy: RetryPolicy, createdAt: number, attempts: number, now: number): AfterFailure {
  const at = now + backoffMs(policy, attempts);
  if (at - createdAt > policy.giveUpAfterMs) return { kind: 'give_up' };
  return { kind: 'retry', at };
}

/** The attempts a receiver that never answers gets before the row is failed (for documentation and tests). */
export function attemptsBeforeGivingUp(policy: RetryPolicy): number {
  let elapsed = 0;
  let attempts = 1;
  while (true) {
    const next = elapsed + backoffMs(policy, attempts);
    if (next > policy.giveUpAfterMs) return attempts;
    elapsed = next;
    attempts += 1;
  }
}
