/**
 * A token bucket per caller: `perMinute` requests a minute on average, bursts up to the same number.
 * In memory, per API process: enough to stop a runaway script; a shared limiter belongs in front of a fleet.
 */
import type { MiddlewareHandler } from 'hono';
import type { Principal } from '../../services/access';
import { ApiProblem } from '../problems';

export function rateLimit(perMinute: number, now: () => number = Date.now): MiddlewareHandler {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = perMinute / 60_000;
  return async (c, next) => {
    const principal = c.get('principal' as never) as Principal | undefined;
    const key = principal ? `${principal.id}/${principal.tokenId ?? ''}` : `ip/${c.req.header('x-forwarded-for') ?? 'local'}`;
    const t = now();
    const bucket = buckets.get(key) ?? { tokens: perMinute, at: t };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * refillPerMs);
    bucket.at = t;
    buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      const retryAfter = Math.ceil((1 - bucket.tokens) / refillPerMs / 1000);
      c.header('retry-after', String(retryAfter));
      throw new ApiProblem(429, 'rate-limited', `more than ${perMinute} requests a minute; retry in ${retryAfter} s`, undefined, { 'retry-after': String(retryAfter) });
    }
    bucket.tokens -= 1;
    c.header('ratelimit-remaining', String(Math.floor(bucket.tokens)));
    await next();
  };
}
