/**
 * Web sessions: sign in with an API bearer token (or a one-time link an admin made); the cookie carries a random
 * id, Postgres keeps only its SHA-256 hash, the principal, a synchronizer CSRF token and the expiry. A session
 * made from a stored API token ends when that token is revoked or expires.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { scopeOf, type Principal, type Role } from './access';
import { invalid, notFound } from './errors';
import { enqueueDeliveries } from '../db/outbox';
import { jsonb, type SqlOrTx } from '../db/sql';
import type { AppDeps } from './deps';
import { authorize } from './use-cases';

export const SESSION_COOKIE = 'dd_session';
export const PRESESSION_COOKIE = 'dd_pre';
export const SESSION_HOURS = 12;

export interface WebSession {
  idHash: string;
  principal: Principal;
  csrf: string;
  expiresAt: Date;
  /** How it began: a pasted token, a one-time link, or the identity provider ('oidc'). */
  via: string;
  /** A provider session: when it is next checked with the provider (services/oidc-sessions.ts). */
  refreshDueAt: Date | null;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

export function sameToken(a: string | undefined | null, b: string | undefined | null): boolean {
  if (!a || !b) return false;
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

async function tokenExpiry(deps: AppDeps, tokenId: string | null): Promise<Date | null> {
  if (!tokenId) return null;
  const [row] = await deps.sql<{ expires_at: Date | null }[]>`SELECT expires_at FROM api_tokens WHERE id = ${tokenId}`;
  return row?.expires_at ?? null;
}

/** Starts a session for the principal; returns the cookie value (shown only to the browser). */
export async function createSession(
  deps: AppDeps,
  principal: Principal,
  via: 'token' | 'link' = 'token',
): Promise<{ cookie: string; expiresAt: Date }> {
  const id = randomToken();
  let expiresAt = new Date(Date.now() + SESSION_HOURS * 3_600_000);
  const tokenEnds = await tokenExpiry(deps, principal.tokenId);
  if (tokenEnds && tokenEnds < expiresAt) expiresAt = tokenEnds;
  await deps.sql`
    INSERT INTO web_sessions (id_hash, person_id, token_id, principal, csrf_token, expires_at, via)
    VALUES (${sha256(id)}, ${principal.id}, ${principal.tokenId}, ${jsonb(deps.sql, principal)}, ${randomToken()}, ${expiresAt}, ${via})`;
  // Housekeeping: forget sessions long expired (cheap, indexed).
  await deps.sql`DELETE FROM web_sessions WHERE expires_at < now() - interval '1 day'`;
  return { cookie: id, expiresAt };
}

export async function loadSession(deps: AppDeps, cookie: string | undefined): Promise<WebSession | null> {
  if (!cookie || cookie.length > 200) return null;
  const [row] = await deps.sql<
    { id_hash: string; principal: Principal; csrf_token: string; expires_at: Date; via: string; oidc_refresh_at: Date | null }[]
  >`
    SELECT s.id_hash, s.principal, s.csrf_token, s.expires_at, s.via, s.oidc_refresh_at
    FROM web_sessions s LEFT JOIN api_tokens t ON t.id = s.token_id
    WHERE s.id_hash = ${sha256(cookie)} AND s.expires_at > now()
      AND (s.token_id IS NULL OR (t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())))`;
  if (!row) return null;
  return {
    idHash: row.id_hash,
    principal: row.principal,
    csrf: row.csrf_token,
    expiresAt: row.expires_at,
    via: row.via,
    refreshDueAt: row.oidc_refresh_at,
  };
}

export async function endSession(deps: AppDeps, idHash: string): Promise<void> {
  await deps.sql`DELETE FROM web_sessions WHERE id_hash = ${idHash}`;
}

/**
 * The base of every absolute link: PUBLIC_URL (required outside `npm start`), never the request's Host, which a
 * caller controls (a forged Host would mail the victim a link to the attacker's server).
 */
export function publicBase(deps: AppDeps): string {
  return (deps.publicUrl ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
}

/** Where a one-time link lands: a page whose button redeems it (a GET alone never does, so mail scanners cannot). */
export const magicLinkUrl = (deps: AppDeps, token: string) => `${publicBase(deps)}/web/magic/${token}`;

/** An admin makes a one-time sign-in link for a person: valid 15 minutes, used once. */
export async function makeMagicLink(deps: AppDeps, principal: Principal, personId: string): Promise<string | null> {
  authorize(principal, 'makeMagicLinks');
  const [person] = await deps.sql`SELECT 1 FROM people WHERE id = ${personId}`;
  if (!person) return null;
  return insertMagicLink(deps.sql, personId, principal.id);
}

/** A new one-time link for a person, valid 15 minutes; only its hash is stored. */
async function insertMagicLink(sql: SqlOrTx, personId: string, createdBy: string): Promise<string> {
  const token = randomToken();
  await sql`
    INSERT INTO web_magic_links (token_hash, person_id, created_by, expires_at)
    VALUES (${sha256(token)}, ${personId}, ${createdBy}, now() + interval '15 minutes')`;
  return token;
}

/**
 * A person asks for a sign-in link by email: when the address is a registered person's, a one-time link is
 * made and its email queued in the outbox, in one transaction. The caller learns nothing either way, so the
 * form cannot be used to find out who is registered. At most one link a minute per person.
 */
export async function emailMagicLink(deps: AppDeps, email: string): Promise<void> {
  await deps.sql.begin(async (tx) => {
    const [person] = await tx<{ id: string }[]>`
      SELECT id FROM people WHERE lower(email) = lower(${email}) ORDER BY created_at LIMIT 1`;
    if (!person) return;
    const [recent] = await tx`
      SELECT 1 FROM web_magic_links WHERE person_id = ${person.id} AND created_by = 'self' AND created_at > now() - interval '1 minute'`;
    if (recent) return;
    const token = await insertMagicLink(tx, person.id, 'self');
    const [notification] = await tx<{ id: string }[]>`
      INSERT INTO notifications (workflow_id, seq, recipient_unit, recipient_role, recipient_person, kind, title, body, created_at, details)
      VALUES (${`signin/${sha256(token).slice(0, 24)}`}, 0, '', 'person', ${person.id}, 'signin_link', 'Sign-in link', 'A one-time sign-in link was emailed.',
              now(), ${tx.json({ link: magicLinkUrl(deps, token) })})
      RETURNING id::text`;
    await enqueueDeliveries(tx, [notification!.id]);
  });
}

/** Uses a one-time link; returns the person's principal, or null when unknown, used or expired. */
export async function redeemMagicLink(deps: AppDeps, token: string): Promise<Principal | null> {
  if (!token || token.length > 200) return null;
  const [row] = await deps.sql<{ id: string; role: Role; unit_code: string | null; scope: string[] | null }[]>`
    UPDATE web_magic_links l SET used_at = now() FROM people p
    WHERE l.token_hash = ${sha256(token)} AND l.used_at IS NULL AND l.expires_at > now() AND p.id = l.person_id
    RETURNING p.id, p.role, p.unit_code, p.scope`;
  if (!row) return null;
  return {
    id: row.id,
    tokenId: null,
    role: row.role,
    unitCode: row.unit_code,
    scope: scopeOf(row),
  };
}

// ------------------------------------------------------------ listing and revoking (through the API)
// Each session is shown by a short public id (a prefix of the stored hash, never the cookie), how it was begun
// (an API token or a one-time link) and its times; revoking ends it at once.
const PUBLIC_ID_CHARS = 20;

interface SessionRow {
  id_hash: string;
  person_id: string;
  via: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

const toView = (r: SessionRow) => ({
  id: r.id_hash.slice(0, PUBLIC_ID_CHARS),
  personId: r.person_id,
  via: r.via,
  createdAt: r.created_at.toISOString(),
  lastSeenAt: r.last_seen_at.toISOString(),
  expiresAt: r.expires_at.toISOString(),
});

export async function listWebSessions(deps: AppDeps, principal: Principal) {
  const rows = await deps.sql<SessionRow[]>`
    SELECT id_hash, person_id, via, created_at, last_seen_at, expires_at FROM web_sessions
    WHERE person_id = ${principal.id} AND expires_at > now() ORDER BY created_at DESC LIMIT 200`;
  return rows.map(toView);
}

/** Ends one of the caller's sessions (an admin may end anyone's); idempotent only in that a second try is 404. */
export async function revokeWebSession(deps: AppDeps, principal: Principal, id: string) {
  if (!/^[0-9a-f]{20}$/.test(id)) throw invalid('id', 'must be a session id from the list');
  const [row] = await deps.sql<SessionRow[]>`
    DELETE FROM web_sessions WHERE left(id_hash, ${PUBLIC_ID_CHARS}) = ${id}
      ${principal.role === 'admin' ? deps.sql`` : deps.sql`AND person_id = ${principal.id}`}
    RETURNING id_hash, person_id, via, created_at, last_seen_at, expires_at`;
  if (!row) throw notFound(`web session ${id}`);
  return toView(row);
}
