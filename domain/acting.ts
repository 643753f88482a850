/**
 * Acting officers ("ủy quyền"): who may act for whom, when a grant is in force, who a notice reaches when its
 * recipient is away (the chain rule), and on whose behalf an action is taken. Pure: dates are Vietnam dates
 * (YYYY-MM-DD, compared as text), "today" is a parameter. db/outbox.ts applies the same chain rule in SQL.
 */
import { daysBetween } from './dates';

export type PersonRole = 'admin' | 'coordinator' | 'unit' | 'leader';

/** What the rules need of a person. */
export interface ActingPerson {
  id: string;
  role: PersonRole;
  unitCode: string | null;
  /** Leaders: the units in scope, or 'all'. */
  scope: readonly string[] | 'all';
}

export interface GrantDates {
  fromOn: string;
  toOn: string;
}

export interface Grant extends GrantDates {
  id: string;
  absentPersonId: string;
  actingPersonId: string;
}

export interface Refusal {
  field: string;
  reason: string;
}

/** The longest grant: a year's absence is already a reassignment, not a stand-in. */
export const MAX_GRANT_DAYS = 366;
/** How far a chain of acting officers is followed before it falls back to the one it started from. */
export const MAX_CHAIN_DEPTH = 5;

/**
 * May `acting` stand in for `absent`? Only someone who already holds every right of the absent person's role, so a
 * grant moves mail and records "on behalf of" but never widens what the acting person may see or do: the same role,
 * for a unit the same unit (an officer may act for the head), for a leader a scope that covers the absent one's.
 */
export function actingRefusal(absent: ActingPerson, acting: ActingPerson): Refusal | null {
  if (absent.id === acting.id) return { field: 'actingPersonId', reason: 'a person cannot act for themselves' };
  if (absent.role !== acting.role)
    return { field: 'actingPersonId', reason: `${acting.id} is ${acting.role}, not ${absent.role} as ${absent.id} is` };
  if (absent.role === 'unit' && absent.unitCode !== acting.unitCode)
    return { field: 'actingPersonId', reason: `${acting.id} is not an officer of ${absent.unitCode}` };
  if (absent.role === 'leader' && !scopeCovers(acting.scope, absent.scope))
    return { field: 'actingPersonId', reason: `${acting.id}'s scope does not cover ${absent.id}'s` };
  return null;
}

function scopeCovers(outer: readonly string[] | 'all', inner: readonly string[] | 'all'): boolean {
  if (outer === 'all') return true;
  if (inner === 'all') return false;
  return inner.every((u) => outer.includes(u));
}

/** The dates of a new grant: from ≤ to, not over before today, at most MAX_GRANT_DAYS long. */
export function datesRefusal(dates: GrantDates, today: string): Refusal | null {
  if (dates.toOn < dates.fromOn) return { field: 'toOn', reason: `must not be before fromOn (${dates.fromOn})` };
  if (dates.toOn < today) return { field: 'toOn', reason: `is already past (today is ${today})` };
  if (daysBetween(dates.fromOn, dates.toOn) + 1 > MAX_GRANT_DAYS)
    return { field: 'toOn', reason: `a grant lasts at most ${MAX_GRANT_DAYS} days` };
  return null;
}

export function inForce(g: GrantDates, day: string): boolean {
  return g.fromOn <= day && day <= g.toOn;
}

export function overlap(a: GrantDates, b: GrantDates): boolean {
  return a.fromOn <= b.toOn && b.fromOn <= a.toOn;
}

/**
 * Who receives what `personId` would on `day`: the acting person of the grant in force, followed while that person is
 * away too. A cycle (everyone in it away) or a chain past MAX_CHAIN_DEPTH falls back to `personId`: nobody present was
 * found, and a notice kept by the absent one is better than one that reaches nobody.
 */
export function resolveRecipient(personId: string, day: string, grants: readonly Grant[]): string {
  const actingFor = (id: string) => grants.find((g) => g.absentPersonId === id && inForce(g, day))?.actingPersonId;
  const path = [personId];
  let current = personId;
  for (let depth = 0; depth < MAX_CHAIN_DEPTH; depth += 1) {
    const next = actingFor(current);
    if (next === undefined) return current;
    if (path.includes(next)) return personId;
    path.push(next);
    current = next;
  }
  return actingFor(current) === undefined ? current : personId;
}

/** Does the absent person's role reach an assignment of `unitCode`? (What an action on their behalf may touch.) */
export function roleCoversUnit(absent: ActingPerson, unitCode: string): boolean {
  if (absent.role === 'unit') return absent.unitCode === unitCode;
  if (absent.role === 'leader') return absent.scope === 'all' || absent.scope.includes(unitCode);
  return true;
}

/**
 * On whose behalf does the acting person act on an assignment of `unitCode` on `day`? The absent person of the
 * earliest grant in force whose role covers the unit; none when the person acts in their own right only.
 */
export function onBehalfOf(
  actingPersonId: string,
  unitCode: string,
  day: string,
  grants: readonly (Grant & { absent: ActingPerson })[],
): string | null {
  const candidates = grants
    .filter((g) => g.actingPersonId === actingPersonId && inForce(g, day) && roleCoversUnit(g.absent, unitCode))
    .sort((a, b) => (a.fromOn === b.fromOn ? a.id.localeCompare(b.id) : a.fromOn < b.fromOn ? -1 : 1));
  return candidates[0]?.absentPersonId ?? null;
}
