/**
 * People from the identity provider, made or brought up to date from a token's claims (just in time): their role,
 * unit and scope come from their groups (domain/provider-groups.ts), their name and email from the profile claims.
 * The provider's issuer and subject are the key; a person the groups do not place is refused, never let in.
 */
import { createHash } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { Sql } from '../db/sql';
import { groupsOf, placeFromGroups, type Placement } from '../domain/provider-groups';
import type { Principal } from './access';
import { recordAudit } from './audit';
import type { AppDeps } from './deps';
import type { OidcProvider } from './oidc-provider';
import { TokenRefused } from './oidc-provider';
import type { UnitDirectory } from './unit-directory';

/** The token id the audit log shows for a request made with the provider's access token. */
export const PROVIDER_TOKEN_ID = 'oidc';

/**
 * What the identity provider sent that let no one in (a refused token, a sign-in not completed, a back-channel
 * logout): one audit row with no principal, the provider's token id and why. A failed write is logged, never thrown:
 * the caller's answer (a refusal) stands either way.
 */
export function auditProviderEvent(
  deps: Pick<AppDeps, 'sql' | 'logger'>,
  e: { requestId: string; method: string; path: string; status: number; body: unknown },
): Promise<void> {
  return recordAudit(deps.sql, { ...e, principalId: null, tokenId: PROVIDER_TOKEN_ID, role: null, idempotencyKey: null }).catch((err) =>
    deps.logger.error({ err }, 'audit write failed'),
  );
}

/** A stable dondoc id for the provider's person: the same issuer and subject always give the same id. */
export const personIdOf = (issuer: string, subject: string) =>
  `sso_${createHash('sha256').update(`${issuer}\u0000${subject}`).digest('hex').slice(0, 20)}`;

const text = (v: unknown, max: number) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : null);

interface StoredPerson {
  id: string;
  name: string;
  role: string;
  unit_code: string | null;
  scope: string[] | null;
  email: string | null;
  position: string;
}

/** Where the claims place the person, or TokenRefused (403) saying why they are not placed. */
export function placementOf(provider: OidcProvider, units: UnitDirectory, claims: JWTPayload): Placement {
  const placed = placeFromGroups(groupsOf(claims[provider.settings.groupsClaim]), {
    prefix: provider.settings.groupPrefix,
    unitExists: (code) => units.get(code) !== undefined,
  });
  if (!placed.placed) throw new TokenRefused(403, placed.reason, placed.detail);
  return placed;
}

/**
 * The person the claims describe, made or updated (only when something changed: an API call per request must not
 * write), and their principal.
 */
export async function personFromClaims(sql: Sql, provider: OidcProvider, units: UnitDirectory, claims: JWTPayload): Promise<Principal> {
  const issuer = String(claims.iss);
  const subject = String(claims.sub);
  const placement = placementOf(provider, units, claims);
  const name = text(claims.name, 200) ?? text(claims.preferred_username, 200) ?? subject;
  const email = text(claims.email, 254);
  const scope = placement.role === 'leader' && placement.scope !== 'all' ? placement.scope : null;
  const [stored] = await sql<StoredPerson[]>`
    SELECT id, name, role, unit_code, scope, email, position FROM people WHERE oidc_issuer = ${issuer} AND oidc_subject = ${subject}`;
  const same =
    stored &&
    stored.name === name &&
    stored.role === placement.role &&
    stored.unit_code === placement.unitCode &&
    JSON.stringify(stored.scope) === JSON.stringify(scope) &&
    (email === null || stored.email === email) &&
    stored.position === placement.position;
  let id = stored?.id;
  if (!same) {
    const [row] = await sql<{ id: string }[]>`
      INSERT INTO people (id, name, role, unit_code, scope, email, position, created_by, oidc_issuer, oidc_subject)
      VALUES (${personIdOf(issuer, subject)}, ${name}, ${placement.role}, ${placement.unitCode}, ${scope}, ${email},
              ${placement.position}, 'oidc', ${issuer}, ${subject})
      ON CONFLICT (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL DO UPDATE SET
        name = EXCLUDED.name, role = EXCLUDED.role, unit_code = EXCLUDED.unit_code, scope = EXCLUDED.scope,
        email = coalesce(EXCLUDED.email, people.email), position = EXCLUDED.position
      RETURNING id`;
    id = row!.id;
  }
  return { id: id!, tokenId: PROVIDER_TOKEN_ID, role: placement.role, unitCode: placement.unitCode, scope: placement.scope };
}
