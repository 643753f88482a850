/**
 * Where a webhook may go. By default only to public addresses: the name is resolved, every address it resolves
 * to must be global unicast by ipaddr.js's range tables (IPv4 carried in IPv6 judged as that IPv4 address),
 * and the connection is then made to the address checked (so a second, different answer from DNS cannot slip
 * in). Intranet receivers are allowed by name with WEBHOOK_ALLOWED_HOSTS; when that list is set, only its hosts
 * are allowed, at whatever address.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export type WebhookTarget = { ok: true; hostname: string; address: string; family: 4 | 6 } | { ok: false; reason: string };
export type Resolve = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** Host names of cloud metadata services, refused whatever they resolve to. */
const METADATA_NAMES = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);

/**
 * IPv6 ranges whose last 32 bits are an IPv4 address the packet ends up at (IPv4-compatible ::/96, SIIT's
 * ::ffff:0:0:0/96, NAT64's 64:ff9b::/96): judged by that IPv4 address. (::ffff:0:0/96, IPv4-mapped, ipaddr.js's
 * `process` already turns into IPv4.)
 */
const EMBEDS_IPV4 = [ipaddr.parseCIDR('::/96'), ipaddr.parseCIDR('::ffff:0:0:0/96'), ipaddr.parseCIDR('64:ff9b::/96')] as const;

/** Only global unicast, as ipaddr.js's range tables classify it; anything special (private, loopback, ...) is not. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (EMBEDS_IPV4.some(([net, bits]) => v6.match(net, bits))) {
      const bytes = v6.toByteArray().slice(12);
      return isPublicAddress(bytes.join('.'));
    }
  }
  return parsed.range() === 'unicast';
}

const systemResolve: Resolve = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export async function checkWebhookTarget(
  allowedHosts: string[] | null | undefined,
  url: string,
  resolve: Resolve = systemResolve,
): Promise<WebhookTarget> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'is not a URL' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { ok: false, reason: 'must be an http(s) URL' };
  if (parsed.username || parsed.password) return { ok: false, reason: 'must not carry credentials' };
  const hostname = parsed.hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  const listed = allowedHosts?.map((h) => h.toLowerCase()).includes(hostname) ?? false;
  if (allowedHosts && !listed) return { ok: false, reason: `webhooks may only go to ${allowedHosts.join(', ')}` };
  if (!listed && METADATA_NAMES.has(hostname)) return { ok: false, reason: `${hostname} is a metadata service` };
  let addresses: { address: string; family: number }[];
  try {
    addresses = isIP(hostname) ? [{ address: hostname, family: isIP(hostname) }] : await resolve(hostname);
  } catch (err) {
    return { ok: false, reason: `${hostname} does not resolve (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  if (addresses.length === 0) return { ok: false, reason: `${hostname} does not resolve` };
  if (!listed) {
    const inner = addresses.find((a) => !isPublicAddress(a.address));
    if (inner) {
      return {
        ok: false,
        reason: `${hostname} resolves to ${inner.address}, a private, loopback or link-local address (allow it in WEBHOOK_ALLOWED_HOSTS)`,
      };
    }
  }
  const first = addresses[0]!;
  return { ok: true, hostname, address: first.address, family: first.family === 6 ? 6 : 4 };
}
