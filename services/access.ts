/**
 * Who is calling and what they may see: the one visibility rule, as a predicate for single objects and as a
 * SQL fragment for lists, roll-ups, reports, feeds and pages. Services ask these questions; adapters only
 * authenticate.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { PendingQuery, Row } from 'postgres';
import type { SqlOrTx } from '../db/sql';

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

/** What a stored person may see: a unit officer their unit, a leader the units in scope (none named: all), others all. */
export function scopeOf(person: { role: Role; unit_code: string | null; scope: string[] | null }): Principal['scope'] {
  if (person.role === 'leader') return person.scope ?? 'all';
  // A unit person always has a unit (a CHECK on people); without one, nothing rather than everything.
  if (person.role === 'unit') return person.unit_code ? [person.unit_code] : [];
  return 'all';
}

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

/**
 * May this principal see an assignment of `unitCode` held below `ancestorUnits` (the holder units above a
 * sub-assignment, or a co-operating assignment's lead unit)? A unit officer or leader of any of those sees it too;
 * a sibling does not.
 */
export function canSeeAssignment(p: Principal, unitCode: string, ancestorUnits: readonly string[] = []): boolean {
  return canSeeUnit(p, unitCode) || ancestorUnits.some((u) => canSeeUnit(p, u));
}

/** Does this principal see every unit (no filter needed)? */
export function seesAllUnits(p: Principal): boolean {
  return p.role === 'admin' || p.role === 'coordinator' || (p.role === 'leader' && p.scope === 'all');
}

/**
 * The same rule as `canSeeUnit`, as an `AND …` fragment over a unit-code column (e.g. `a.unit_code`), for every
 * query that lists or counts assignments.
 */
export function visibleUnits(sql: SqlOrTx, p: Principal, column: string): PendingQuery<Row[]> {
  if (seesAllUnits(p)) return sql``;
  // Identifiers, not text: `a.unit_code` is quoted as "a"."unit_code".
  const unitColumn = sql(column);
  // Over the assignments table (`a.unit_code`), the units above a sub-assignment see it as well (canSeeAssignment).
  const ancestors = column === 'unit_code' || column.endsWith('.unit_code') ? sql(column.replace(/unit_code$/, 'ancestor_units')) : null;
  if (p.role === 'unit') {
    const unit = p.unitCode ?? '';
    return ancestors ? sql`AND (${unitColumn} = ${unit} OR ${unit} = ANY(${ancestors}))` : sql`AND ${unitColumn} = ${unit}`;
  }
  const scope = p.scope as string[];
  return ancestors ? sql`AND (${unitColumn} = ANY(${scope}) OR ${ancestors} && ${scope}::text[])` : sql`AND ${unitColumn} = ANY(${scope})`;
}
