/**
 * Token buckets: `perMinute` requests a minute on average, bursts up to the same number. Callers with a token
 * are bucketed by it; anonymous ones by their client address (`clientAddress`: the socket's peer unless that peer
 * is a configured proxy, TRUSTED_PROXIES, whose X-Forwarded-For is then believed for the hops proxies appended).
 * Failed sign-ins are counted per address and per presented credential, and only ever refuse failed attempts.
 * In memory, per API process: enough to stop a runaway script; a shared limiter belongs in front of a fleet.
 */
import { createHash } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import ipaddr from 'ipaddr.js';
import { ApiProblem } from '../problems';
import type { ApiEnv } from '../env';

export interface ClientAddressOptions {
  /** Addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed. */
  trustedProxies?: string[];
}

export interface RateLimitOptions extends ClientAddressOptions {
  now?: () => number;
}

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** An entry of TRUSTED_PROXIES: an address or a CIDR range; null when it is neither. */
export function parseProxyEntry(entry: string): Range | null {
  const text = entry.trim();
  try {
    if (text.includes('/')) {
      const [net, bits] = ipaddr.parseCIDR(text);
      // An IPv4-mapped IPv6 range stands for the IPv4 range it maps (addresses are compared in that form).
      if (net.kind() === 'ipv6' && (net as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96)
        return [(net as ipaddr.IPv6).toIPv4Address(), bits - 96];
      return [net, bits];
    }
    const address = ipaddr.process(text);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return null;
  }
}

/** The proxies' ranges; throws on an entry that is not an address or CIDR range (config/env.ts refuses those). */
export function parseTrustedProxies(entries: string[]): Range[] {
  return entries
    .filter((e) => e.trim())
    .map((entry) => {
      const range = parseProxyEntry(entry);
      if (!range) throw new Error(`TRUSTED_PROXIES: ${entry} is not an address or CIDR range`);
      return range;
    });
}

/** An address in its canonical form (IPv4-mapped IPv6 as IPv4), or null when the text is not an address. */
function canonical(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const trimmed = text.trim().replace(/^\[|\]$/g, '');
  return ipaddr.isValid(trimmed) ? ipaddr.process(trimmed) : null;
}

const inRanges = (ranges: Range[], address: ipaddr.IPv4 | ipaddr.IPv6) =>
  ranges.some(([net, bits]) => net.kind() === address.kind() && address.match(net, bits));

/**
 * The client's address: the socket's peer, unless the peer is a trusted proxy; then the right-most entry of
 * X-Forwarded-For that is not a trusted proxy (entries to its left were written by the client and prove nothing).
 * If every entry is a trusted proxy, the left-most; an entry that is not an address ends the walk at the proxy
 * that passed it on.
 */
export function clientAddress(peer: string, forwardedFor: string | undefined, proxies: Range[]): string {
  const peerAddress = canonical(peer);
  if (!peerAddress) return peer;
  if (!inRanges(proxies, peerAddress)) return peerAddress.toString();
  const hops = (forwardedFor ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  let client = peerAddress;
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = canonical(hops[i]!);
    if (!hop) break;
    client = hop;
    if (!inRanges(proxies, hop)) break;
  }
  return client.toString();
}

/** The caller's address as far as this process can know it. */
export function clientAddressOf(options: ClientAddressOptions = {}): (c: Context) => string {
  const proxies = parseTrustedProxies(options.trustedProxies ?? []);
  return (c) => {
    let peer = 'unknown';
    try {
      peer = getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      // not served by @hono/node-server (app.request in a test): no socket to ask
    }
    return clientAddress(peer, c.req.header('x-forwarded-for'), proxies);
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
 * Failed sign-ins, counted per client address and per presented credential (by its SHA-256, never the token
 * itself). Consulted only once a credential has failed or none was sent: a valid credential is never refused for
 * anyone's failures, so one address (a proxy's, an office's NAT) hammered with bad tokens locks out no one.
 */
export interface FailedSignIns {
  /** Throws 429 (with Retry-After) when this address or this credential is past the limit. */
  refuseIfLimited(c: Context, credential: string | null): void;
  /** Counts one failure against the address and the credential. */
  record(c: Context, credential: string | null): void;
}

export function failedSignIns(perMinute: number, options: RateLimitOptions = {}): FailedSignIns {
  const buckets = new Buckets(perMinute, options.now ?? Date.now);
  const addressOf = clientAddressOf(options);
  const keys = (c: Context, credential: string | null) => [
    `ip/${addressOf(c)}`,
    ...(credential ? [`credential/${createHash('sha256').update(credential).digest('hex')}`] : []),
  ];
  return {
    refuseIfLimited(c, credential) {
      const waits = keys(c, credential).map((key) => buckets.waitSeconds(key) ?? 0);
      const wait = Math.max(...waits);
      if (wait > 0) throw tooMany(`more than ${perMinute} failed sign-ins a minute from this address or with this token`, wait);
    },
    record(c, credential) {
      for (const key of keys(c, credential)) buckets.take(key);
    },
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
