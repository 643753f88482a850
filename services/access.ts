/**
 * Who is calling and what they may see: the one visibility rule, as a predicate for single objects and as a
 * SQL fragment for lists, roll-ups, reports, feeds and pages. Services ask these questions; adapters only
 * authenticate.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { PendingQuery, Row } from 'postgres';
import type { Sql } from '../db/sql';
import { forbidden } from './errors';

export const ROLES = ['admin', 'coordinator', 'unit', 'leader'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  id: string;
  /** The token used, for the audit log (null for the bootstrap admin token). */
  tokenId: string | null;
  role: Role;
  /** For unit officers: the one unit they act for. */
  unitCode: string | null;
  /** For leaders: the units in scope, or 'all'. */
  scope: string[] | 'all';
}

export type Authenticate = (token: string) => Promise<Principal | null>;

/** The bootstrap admin's id: reserved, no stored person may take it. */
export const BOOTSTRAP_ADMIN_ID = 'admin';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** The bootstrap admin from ADMIN_TOKEN; later resolvers (stored tokens) are tried after it. */
export function adminTokenAuthenticator(adminToken: string | undefined, next?: Authenticate): Authenticate {
  return async (token) => {
    if (adminToken && sameSecret(token, adminToken)) {
      return { id: BOOTSTRAP_ADMIN_ID, tokenId: null, role: 'admin', unitCode: null, scope: 'all' };
    }
    return next ? next(token) : null;
  };
}

/** May this principal see assignments of `unitCode`? */
export function canSeeUnit(p: Principal, unitCode: string): boolean {
  if (p.role === 'admin' || p.role === 'coordinator') return true;
  if (p.role === 'unit') return p.unitCode === unitCode;
  return p.scope === 'all' || p.scope.includes(unitCode);
}

/** Does this principal see every unit (no filter needed)? */
export function seesAllUnits(p: Principal): boolean {
  return p.role === 'admin' || p.role === 'coordinator' || (p.role === 'leader' && p.scope === 'all');
}

/**
 * The same rule as `canSeeUnit`, as an `AND …` fragment over a unit-code column (e.g. `a.unit_code`), for every
 * query that lists or counts assignments.
 */
export function visibleUnits(sql: Sql, p: Principal, column: string): PendingQuery<Row[]> {
  if (seesAllUnits(p)) return sql``;
  if (p.role === 'unit') return sql`AND ${sql.unsafe(column)} = ${p.unitCode ?? ''}`;
  return sql`AND ${sql.unsafe(column)} = ANY(${p.scope as string[]})`;
}

export function requireRole(p: Principal, roles: readonly Role[], action: string): void {
  if (!roles.includes(p.role)) throw forbidden(`${p.role} may not ${action}`);
}
