/**
 * Where a webhook may go. By default only to public addresses: the name is resolved, every address it resolves
 * to is checked against private, loopback, link-local (cloud metadata), shared, multicast and reserved ranges,
 * and the connection is then made to the address checked (so a second, different answer from DNS cannot slip
 * in). Intranet receivers are allowed by name with WEBHOOK_ALLOWED_HOSTS; when that list is set, only its hosts
 * are allowed, at whatever address.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

export type WebhookTarget = { ok: true; hostname: string; address: string; family: 4 | 6 } | { ok: false; reason: string };
export type Resolve = (hostname: string) => Promise<{ address: string; family: number }[]>;

const NOT_PUBLIC = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NOT_PUBLIC.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  NOT_PUBLIC.addSubnet(net, bits, 'ipv6');

/** Host names of cloud metadata services, refused whatever they resolve to. */
const METADATA_NAMES = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address) ?? /^::(\d+\.\d+\.\d+\.\d+)$/.exec(address);
    if (mapped) return isPublicAddress(mapped[1]!);
    return !NOT_PUBLIC.check(address, 'ipv6');
  }
  return !NOT_PUBLIC.check(address, 'ipv4');
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
