/**
 * Token buckets: `perMinute` requests a minute on average, bursts up to the same number. Callers with a token
 * are bucketed by it; anonymous ones by their client address, which is the socket's peer unless that peer is a
 * configured proxy (TRUSTED_PROXIES), whose X-Forwarded-For is then believed (only the hops it appended).
 * In memory, per API process: enough to stop a runaway script; a shared limiter belongs in front of a fleet.
 */
import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { ApiProblem } from '../problems';
import type { ApiEnv } from '../env';

export interface ClientAddressOptions {
  /** Addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed. */
  trustedProxies?: string[];
}

export interface RateLimitOptions extends ClientAddressOptions {
  now?: () => number;
}

function proxyList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.trim().split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (!isIP(address)) continue;
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

const normalise = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
const trusted = (list: BlockList, address: string) => {
  const a = normalise(address);
  const family = isIP(a);
  return family !== 0 && list.check(a, family === 6 ? 'ipv6' : 'ipv4');
};

/** The caller's address as far as this process can know it. */
export function clientAddressOf(options: ClientAddressOptions = {}): (c: Context) => string {
  const proxies = proxyList(options.trustedProxies ?? []);
  return (c) => {
    let peer = 'unknown';
    try {
      peer = normalise(getConnInfo(c).remote.address ?? 'unknown');
    } catch {
      // not served by @hono/node-server (app.request in a test): no socket to ask
    }
    if (!trusted(proxies, peer)) return peer;
    // Walk the forwarded chain from the nearest hop; the first address not a trusted proxy is the client.
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((h) => normalise(h.trim()))
      .filter(Boolean);
    for (let i = hops.length - 1; i >= 0; i -= 1) if (!trusted(proxies, hops[i]!)) return isIP(hops[i]!) ? hops[i]! : peer;
    return hops[0] ?? peer;
  };
}

class Buckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly refillPerMs: number;
  constructor(
    readonly perMinute: number,
    private readonly now: () => number,
  ) {
    this.refillPerMs = perMinute / 60_000;
  }
  private bucket(key: string) {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: t };
    b.tokens = Math.min(this.perMinute, b.tokens + (t - b.at) * this.refillPerMs);
    b.at = t;
    this.buckets.delete(key); // re-inserted last: the map's order is least recently used first
    this.buckets.set(key, b);
    if (this.buckets.size > 100_000) this.buckets.delete(this.buckets.keys().next().value!);
    return b;
  }
  /** Seconds to wait when empty, else null. */
  waitSeconds(key: string): number | null {
    const b = this.bucket(key);
    return b.tokens < 1 ? Math.ceil((1 - b.tokens) / this.refillPerMs / 1000) : null;
  }
  take(key: string): number {
    const b = this.bucket(key);
    b.tokens = Math.max(0, b.tokens - 1);
    return Math.floor(b.tokens);
  }
}

const tooMany = (what: string, retryAfter: number) =>
  new ApiProblem(429, 'rate-limited', `${what}; retry in ${retryAfter} s`, undefined, { 'retry-after': String(retryAfter) });

export function rateLimit(perMinute: number, options: RateLimitOptions | (() => number) = {}): MiddlewareHandler<ApiEnv> {
  const opts = typeof options === 'function' ? { now: options } : options;
  const buckets = new Buckets(perMinute, opts.now ?? Date.now);
  const addressOf = clientAddressOf(opts);
  return async (c, next) => {
    const principal = c.get('principal');
    const key = principal ? `${principal.id}/${principal.tokenId ?? ''}` : `ip/${addressOf(c)}`;
    const wait = buckets.waitSeconds(key);
    if (wait !== null) throw tooMany(`more than ${perMinute} requests a minute`, wait);
    c.header('ratelimit-remaining', String(buckets.take(key)));
    await next();
  };
}

/**
 * Failed sign-ins (401s) by client address: each one takes a token; an address out of tokens is answered 429
 * before its next token is even looked at. Register before authentication.
 */
export function limitFailedAuth(perMinute: number, options: RateLimitOptions = {}): MiddlewareHandler<ApiEnv> {
  const buckets = new Buckets(perMinute, options.now ?? Date.now);
  const addressOf = clientAddressOf(options);
  return async (c, next) => {
    const key = addressOf(c);
    const wait = buckets.waitSeconds(key);
    if (wait !== null) throw tooMany(`more than ${perMinute} failed sign-ins a minute from this address`, wait);
    try {
      await next();
    } catch (err) {
      if (err instanceof ApiProblem && err.status === 401) buckets.take(key);
      throw err;
    }
    if (c.res.status === 401) buckets.take(key);
  };
}

/** Every request by client address (the dashboard's sign-in and link forms). */
export function limitByClient(perMinute: number, options: RateLimitOptions = {}): MiddlewareHandler<ApiEnv> {
  const buckets = new Buckets(perMinute, options.now ?? Date.now);
  const addressOf = clientAddressOf(options);
  return async (c, next) => {
    const key = addressOf(c);
    const wait = buckets.waitSeconds(key);
    if (wait !== null) throw tooMany(`more than ${perMinute} attempts a minute from this address`, wait);
    buckets.take(key);
    await next();
  };
}
