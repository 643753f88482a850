/**
 * The one-click acknowledgement link of an escalation email: what it claims (which person acknowledges which
 * assignment's escalation, until when), signed with HMAC-SHA256 so nobody can make one for another person or
 * assignment. Single use is kept apart, by the link's id (used_ack_links). Pure: the key and the time are parameters.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface AckLinkClaim {
  /** The link's own id (the delivery it was sent in): used once. */
  id: string;
  person: string;
  workflowId: string;
  taskId: string;
  unitCode: string;
  level: number;
  /** Epoch ms after which the link is refused. */
  exp: number;
}

/** The name of the key links are signed with (db/signing-keys.ts). */
export const ACK_LINK_KEY = 'ack-links';

/** How long after its window closes a link still opens (to say it is too late rather than that it is broken). */
export const ACK_LINK_GRACE_MS = 7 * 24 * 3_600_000;
const MAX_TOKEN_CHARS = 2048;

const mac = (key: string, payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

export function signAckLink(key: string, claim: AckLinkClaim): string {
  const payload = Buffer.from(JSON.stringify(claim)).toString('base64url');
  return `${payload}.${mac(key, payload)}`;
}

export type AckLinkReading = { ok: true; claim: AckLinkClaim } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

function isClaim(v: unknown): v is AckLinkClaim {
  const c = v as Record<string, unknown> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    ['id', 'person', 'workflowId', 'taskId', 'unitCode'].every((k) => typeof c[k] === 'string') &&
    Number.isInteger(c.level) &&
    typeof c.exp === 'number'
  );
}

export function readAckLink(key: string, token: string, now: number): AckLinkReading {
  if (token.length > MAX_TOKEN_CHARS || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) return { ok: false, reason: 'malformed' };
  const [payload, signature] = token.split('.') as [string, string];
  const expected = Buffer.from(mac(key, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'forged' };
  let claim: unknown;
  try {
    claim = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!isClaim(claim)) return { ok: false, reason: 'malformed' };
  if (claim.exp < now) return { ok: false, reason: 'expired' };
  return { ok: true, claim };
}
