import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, afterFailure, attemptsBeforeGivingUp, backoffMs } from '../../domain/delivery-policy';

describe('delivery retries', () => {
  it('doubles from the base interval up to the cap', () => {
    const policy = { baseMs: 1000, maxMs: 5000, giveUpAfterMs: 60_000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(policy, n))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('keeps trying for at least 24 hours by default, then gives up', () => {
    const created = 0;
    const hour = 3_600_000;
    expect(afterFailure(DEFAULT_RETRY_POLICY, created, 20, 23 * hour)).toMatchObject({ kind: 'retry' });
    expect(afterFailure(DEFAULT_RETRY_POLICY, created, 30, 24.5 * hour)).toEqual({ kind: 'give_up' });
    const attempts = attemptsBeforeGivingUp(DEFAULT_RETRY_POLICY);
    // 30 s, 1, 2, 4 … 32 min, then hourly: about 31 attempts over 25 hours.
    expect(attempts).toBeGreaterThan(24);
    expect(attempts).toBeLessThan(40);
  });

  it('schedules the next attempt after the backoff', () => {
    const policy = { baseMs: 1000, maxMs: 60_000, giveUpAfterMs: 3_600_000 };
    expect(afterFailure(policy, 0, 3, 10_000)).toEqual({ kind: 'retry', at: 14_000 });
  });
});
