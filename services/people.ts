/**
 * People and API clients with their bearer tokens. A token is shown once, when it is made; only its SHA-256
 * hash is stored. Tokens expire and can be revoked.
 */
import { randomBytes } from 'node:crypto';
import type { Sql } from '../db/sql';
import { BOOTSTRAP_ADMIN_ID, hashToken, scopeOf, type Authenticate, type Principal, type Role } from './access';
import { conflict, invalid, notFound, unprocessable } from './errors';
import type { PersonInput, PreferencesInput } from './types';
import type { UnitDirectory } from './unit-directory';
import { authorize } from './use-cases';
import { DEFAULT_TIME_ZONE } from '../domain/quiet-hours';

interface PersonRow {
  id: string;
  name: string;
  role: Role;
  unit_code: string | null;
  scope: string[] | null;
  email: string | null;
  language: 'vi' | 'en';
  position: 'officer' | 'head';
  digest: 'daily' | 'weekly' | 'off';
  time_zone: string | null;
  created_at: Date;
}

const toPerson = (r: PersonRow) => ({
  id: r.id,
  name: r.name,
  role: r.role,
  unitCode: r.unit_code,
  // What the person sees: a leader's units (or all), a unit officer's own unit, everyone else all.
  scope: r.role === 'unit' && r.unit_code ? [r.unit_code] : (r.scope ?? ('all' as const)),
  email: r.email,
  language: r.language,
  position: r.position,
  digest: r.digest,
  timeZone: r.time_zone ?? DEFAULT_TIME_ZONE,
  createdAt: r.created_at.toISOString(),
});

/**
 * Ids no person may take: the bootstrap admin's (a person named so would share its idempotency scope and /v1/me)
 * and the system's actors in timelines and the audit log (the workflows' `timer`, `system`, the seeds' `seed`).
 */
export const RESERVED_ACTOR_IDS: ReadonlySet<string> = new Set([BOOTSTRAP_ADMIN_ID, 'timer', 'system', 'seed']);

export async function createPerson(sql: Sql, units: UnitDirectory, input: PersonInput, principal: Principal) {
  authorize(principal, 'managePeople');
  if (input.role === 'unit' && !input.unitCode) throw invalid('unitCode', 'a unit officer must be bound to a unit');
  if (input.unitCode && !units.get(input.unitCode)) throw invalid('unitCode', `unknown unit ${input.unitCode}`);
  const badScope = (input.scope ?? []).findIndex((code) => !units.get(code));
  if (badScope >= 0) throw invalid(`scope.${badScope}`, `unknown unit ${input.scope![badScope]}`);
  if (input.id !== undefined && RESERVED_ACTOR_IDS.has(input.id.toLowerCase()))
    throw unprocessable('reserved-id', 'id', `"${input.id}" is reserved for the system's own actors`);
  const id = input.id ?? `p_${randomBytes(8).toString('hex')}`;
  const [row] = await sql<PersonRow[]>`
    INSERT INTO people (id, name, role, unit_code, scope, email, language, position, digest, created_by)
    VALUES (${id}, ${input.name}, ${input.role}, ${input.role === 'unit' ? input.unitCode! : (input.unitCode ?? null)},
            ${input.role === 'leader' ? (input.scope ?? null) : null}, ${input.email ?? null}, ${input.language}, ${input.position},
            ${input.digest}, ${principal.id})
    ON CONFLICT (id) DO NOTHING RETURNING *`;
  if (!row) throw conflict(`person ${id} already exists`);
  return toPerson(row);
}

/** A person's own settings: where and in which language mail comes, and how often a leader's digest. */
export async function getPerson(sql: Sql, id: string) {
  const [row] = await sql<PersonRow[]>`SELECT * FROM people WHERE id = ${id}`;
  if (row) return toPerson(row);
  if (id === BOOTSTRAP_ADMIN.id) return BOOTSTRAP_ADMIN;
  throw notFound(`person ${id}`);
}

/** The ADMIN_TOKEN holder: not a stored person, so it has no mail settings. */
const BOOTSTRAP_ADMIN = {
  id: 'admin',
  name: 'Bootstrap administrator (ADMIN_TOKEN)',
  role: 'admin' as const,
  unitCode: null,
  scope: 'all' as const,
  email: null,
  language: 'vi' as const,
  position: 'officer' as const,
  digest: 'off' as const,
  timeZone: DEFAULT_TIME_ZONE,
  createdAt: new Date(0).toISOString(),
};

export async function updatePreferences(sql: Sql, id: string, input: PreferencesInput) {
  if (id === BOOTSTRAP_ADMIN.id)
    throw conflict('the bootstrap administrator (ADMIN_TOKEN) has no stored profile; register a person instead');
  const [row] = await sql<PersonRow[]>`
    UPDATE people SET
      email = ${input.email === undefined ? sql`email` : input.email},
      language = coalesce(${input.language ?? null}, language),
      digest = coalesce(${input.digest ?? null}, digest),
      time_zone = coalesce(${input.timeZone ?? null}, time_zone)
    WHERE id = ${id} RETURNING *`;
  if (!row) throw notFound(`person ${id}`);
  return toPerson(row);
}

export async function listPeople(sql: Sql, principal: Principal) {
  authorize(principal, 'listPeople');
  return (await sql<PersonRow[]>`SELECT * FROM people ORDER BY created_at, id`).map(toPerson);
}

export async function issueToken(sql: Sql, principal: Principal, personId: string, name: string, expiresInDays: number) {
  authorize(principal, 'issueTokens');
  const [person] = await sql`SELECT 1 FROM people WHERE id = ${personId}`;
  if (!person) throw notFound(`person ${personId}`);
  const token = `dd_${randomBytes(24).toString('base64url')}`;
  const id = `tok_${randomBytes(8).toString('hex')}`;
  const expiresAt = new Date(Date.now() + expiresInDays * 86_400_000);
  await sql`INSERT INTO api_tokens (id, person_id, name, token_hash, expires_at, created_by)
            VALUES (${id}, ${personId}, ${name}, ${hashToken(token)}, ${expiresAt}, ${principal.id})`;
  return { id, personId, name, token, expiresAt: expiresAt.toISOString() };
}

export async function revokeToken(sql: Sql, principal: Principal, tokenId: string) {
  authorize(principal, 'revokeTokens');
  const [row] = await sql<{ id: string; revoked_at: Date }[]>`
    UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = ${tokenId} RETURNING id, revoked_at`;
  if (!row) throw notFound(`token ${tokenId}`);
  return { id: row.id, revokedAt: row.revoked_at.toISOString() };
}

/** Resolves stored tokens: unknown, revoked or expired ones resolve to nobody. */
export function storedTokenAuthenticator(sql: Sql): Authenticate {
  return async (token) => {
    if (!token.startsWith('dd_') || token.length > 200) return null;
    const [row] = await sql<(PersonRow & { token_id: string })[]>`
      SELECT p.*, t.id AS token_id FROM api_tokens t JOIN people p ON p.id = t.person_id
      WHERE t.token_hash = ${hashToken(token)} AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())`;
    if (!row) return null;
    const principal: Principal = {
      id: row.id,
      tokenId: row.token_id,
      role: row.role,
      unitCode: row.unit_code,
      scope: scopeOf(row),
    };
    return principal;
  };
}
