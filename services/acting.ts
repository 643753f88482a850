/**
 * Acting officers ("ủy quyền", issue 35): a person, or an admin for them, names who acts for them from one Vietnam
 * date to another. The rules are in domain/acting.ts; the email redirection in db/outbox.ts. A grant never changes
 * the acting person's principal: only someone who already holds the absent person's rights may be named, so what a
 * grant adds is the absent person's mail and "on behalf of" on the acting person's actions.
 */
import { randomBytes } from 'node:crypto';
import type { Actor } from '../workflows/contract';
import {
  actingRefusal,
  datesRefusal,
  inForce,
  onBehalfOf,
  overlap,
  resolveRecipient,
  type ActingPerson,
  type Grant,
} from '../domain/acting';
import { toVnDate } from '../domain/dates';
import type { Sql, SqlOrTx } from '../db/sql';
import { canSeeUnit, scopeOf, seesAllUnits, type Principal, type Role } from './access';
import { DomainError, notFound, unprocessable } from './errors';
import { authorize } from './use-cases';

export interface ActingGrantInput {
  actingPersonId: string;
  fromOn: string;
  toOn: string;
  reason?: string | undefined;
}

export interface ActingGrantView {
  id: string;
  absentPersonId: string;
  absentName: string;
  actingPersonId: string;
  actingName: string;
  fromOn: string;
  toOn: string;
  reason: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  /** On the day asked about (today unless given). */
  inForce: boolean;
}

interface GrantRow {
  id: string;
  absent_person: string;
  absent_name: string;
  absent_role: Role;
  absent_unit: string | null;
  absent_scope: string[] | null;
  acting_person: string;
  acting_name: string;
  from_on: string;
  to_on: string;
  reason: string;
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
}

interface PersonRow {
  id: string;
  role: Role;
  unit_code: string | null;
  scope: string[] | null;
}

const asPerson = (r: PersonRow): ActingPerson => ({
  id: r.id,
  role: r.role,
  unitCode: r.unit_code,
  scope: scopeOf(r),
});

const absentOf = (r: GrantRow): ActingPerson =>
  asPerson({ id: r.absent_person, role: r.absent_role, unit_code: r.absent_unit, scope: r.absent_scope });

const toGrant = (r: GrantRow): Grant => ({
  id: r.id,
  absentPersonId: r.absent_person,
  actingPersonId: r.acting_person,
  fromOn: r.from_on,
  toOn: r.to_on,
});

const toView = (r: GrantRow, day: string): ActingGrantView => ({
  id: r.id,
  absentPersonId: r.absent_person,
  absentName: r.absent_name,
  actingPersonId: r.acting_person,
  actingName: r.acting_name,
  fromOn: r.from_on,
  toOn: r.to_on,
  reason: r.reason,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  revokedAt: r.revoked_at?.toISOString() ?? null,
  inForce: r.revoked_at === null && inForce(toGrant(r), day),
});

const selectGrants = (sql: SqlOrTx) => sql`
  SELECT g.id, g.absent_person, ab.name AS absent_name, ab.role AS absent_role, ab.unit_code AS absent_unit, ab.scope AS absent_scope,
         g.acting_person, ac.name AS acting_name, g.from_on::text, g.to_on::text, g.reason, g.created_by, g.created_at, g.revoked_at
  FROM acting_grants g JOIN people ab ON ab.id = g.absent_person JOIN people ac ON ac.id = g.acting_person`;

export const vnToday = (now = new Date()) => toVnDate(now);

/** One's own grants, or anyone's for an admin; everyone else 403 (grants name who is away, not for all eyes). */
function authorizeFor(principal: Principal, personId: string): void {
  if (principal.id !== personId) authorize(principal, 'manageOthersActingGrants');
}

async function person(sql: SqlOrTx, id: string): Promise<PersonRow | undefined> {
  const [row] = await sql<PersonRow[]>`SELECT id, role, unit_code, scope FROM people WHERE id = ${id}`;
  return row;
}

/**
 * Names `input.actingPersonId` to act for `absentId`. The same grant again (same acting person and dates, not revoked)
 * is the same row: `created` false. A grant overlapping another in force for the same absent person is 409.
 */
export async function createActingGrant(
  sql: Sql,
  principal: Principal,
  absentId: string,
  input: ActingGrantInput,
  stableId?: string,
  now = new Date(),
): Promise<{ grant: ActingGrantView; created: boolean }> {
  authorizeFor(principal, absentId);
  const today = vnToday(now);
  const dates = datesRefusal(input, today);
  if (dates) throw new DomainError('invalid', 'validation', `${dates.field}: ${dates.reason}`, [dates]);
  return sql.begin(async (tx) => {
    const absent = await person(tx, absentId);
    if (!absent) throw notFound(`person ${absentId}`);
    const acting = await person(tx, input.actingPersonId);
    if (!acting) throw unprocessable('unknown-person', 'actingPersonId', `no person ${input.actingPersonId}`);
    const refusal = actingRefusal(asPerson(absent), asPerson(acting));
    if (refusal) throw unprocessable('not-eligible', refusal.field, refusal.reason);
    // One writer per absent person at a time, so two overlapping grants cannot both pass the check below.
    await tx`SELECT pg_advisory_xact_lock(hashtext(${`acting_grants/${absentId}`}))`;
    const existing = await tx<
      GrantRow[]
    >`${selectGrants(tx)} WHERE g.absent_person = ${absentId} AND g.revoked_at IS NULL AND g.to_on >= ${today}::date`;
    const same = existing.find((g) => g.acting_person === input.actingPersonId && g.from_on === input.fromOn && g.to_on === input.toOn);
    if (same) return { grant: toView(same, today), created: false };
    const clash = existing.find((g) => overlap(toGrant(g), input));
    if (clash)
      throw new DomainError(
        'conflict',
        'overlapping-grant',
        `${clash.acting_name} already acts for ${absentId} from ${clash.from_on} to ${clash.to_on}`,
        [{ field: 'fromOn', reason: `overlaps grant ${clash.id} (${clash.from_on} to ${clash.to_on}); revoke it first` }],
      );
    const id = stableId ?? `ag_${randomBytes(8).toString('hex')}`;
    await tx`
      INSERT INTO acting_grants (id, absent_person, acting_person, from_on, to_on, reason, created_by)
      VALUES (${id}, ${absentId}, ${input.actingPersonId}, ${input.fromOn}, ${input.toOn}, ${input.reason ?? ''}, ${principal.id})
      ON CONFLICT DO NOTHING`;
    const [row] = await tx<GrantRow[]>`${selectGrants(tx)} WHERE g.id = ${id}`;
    // A key reused for another person's grant would find someone else's row: refuse rather than answer it.
    if (!row || row.absent_person !== absentId) throw new DomainError('conflict', 'conflict', `grant ${id} exists for another request`);
    return { grant: toView(row, today), created: true };
  });
}

/** A person's grants both ways (for them and by them), newest first, revoked ones included. */
export async function listActingGrants(sql: Sql, principal: Principal, personId: string, now = new Date()): Promise<ActingGrantView[]> {
  authorizeFor(principal, personId);
  if (!(await person(sql, personId))) throw notFound(`person ${personId}`);
  const rows = await sql<GrantRow[]>`
    ${selectGrants(sql)} WHERE g.absent_person = ${personId} OR g.acting_person = ${personId} ORDER BY g.from_on DESC, g.created_at DESC, g.id`;
  return rows.map((r) => toView(r, vnToday(now)));
}

/** Ends a grant now (idempotent: a revoked grant stays revoked at its first time). */
export async function revokeActingGrant(sql: Sql, principal: Principal, personId: string, grantId: string, now = new Date()) {
  authorizeFor(principal, personId);
  const [updated] = await sql<{ id: string }[]>`
    UPDATE acting_grants SET revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, ${principal.id})
    WHERE id = ${grantId} AND (absent_person = ${personId} OR acting_person = ${personId}) RETURNING id`;
  if (!updated) throw notFound(`acting grant ${grantId}`);
  const [row] = await sql<GrantRow[]>`${selectGrants(sql)} WHERE g.id = ${grantId}`;
  return toView(row!, vnToday(now));
}

export interface ActingToday extends ActingGrantView {
  /** Who receives the absent person's mail that day: the acting person, or further down a chain of absences. */
  receivedBy: string;
}

/**
 * Who acts for whom on `day`: every grant in force for an admin or coordinator; for others the grants they are in and
 * the absences in the units they see (an officer sees that the head of their unit is away).
 */
export async function actingOn(sql: SqlOrTx, principal: Principal, day: string, unitCode?: string): Promise<ActingToday[]> {
  const rows = await sql<GrantRow[]>`
    ${selectGrants(sql)} WHERE g.revoked_at IS NULL AND g.from_on <= ${day}::date AND g.to_on >= ${day}::date
    ${unitCode ? sql`AND ab.unit_code = ${unitCode}` : sql``}
    ORDER BY ab.name, g.id`;
  const grants = rows.map(toGrant);
  return rows
    .filter(
      (r) =>
        seesAllUnits(principal) ||
        r.absent_person === principal.id ||
        r.acting_person === principal.id ||
        (r.absent_unit !== null && canSeeUnit(principal, r.absent_unit)),
    )
    .map((r) => ({ ...toView(r, day), receivedBy: resolveRecipient(r.absent_person, day, grants) }));
}

/**
 * The actor of an action on an assignment of `unitCode`: the principal, with `onBehalfOf` when a grant in force today
 * names them for someone whose role covers that unit.
 */
export async function actorFor(sql: SqlOrTx, principal: Principal, unitCode: string, now = new Date()): Promise<Actor> {
  const actor: Actor = { kind: principal.role, id: principal.id, unitCode: principal.unitCode };
  const day = vnToday(now);
  const rows = await sql<GrantRow[]>`
    ${selectGrants(sql)} WHERE g.acting_person = ${principal.id} AND g.revoked_at IS NULL
      AND g.from_on <= ${day}::date AND g.to_on >= ${day}::date`;
  if (rows.length === 0) return actor;
  const absent = onBehalfOf(
    principal.id,
    unitCode,
    day,
    rows.map((r) => ({ ...toGrant(r), absent: absentOf(r) })),
  );
  return absent ? { ...actor, onBehalfOf: absent } : actor;
}
