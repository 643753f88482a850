/**
 * Who a person is in dondoc, read from the groups their identity provider puts in a token. Under a configured
 * prefix (default `/dondoc/`), a group path names a role and, for units and scoped leaders, a unit:
 *
 *   admin · coordinator · leader (every unit) · leader/<unit> (that unit; several add up)
 *   unit/<unit> (an officer of that unit) · unit/<unit>/head (its head, who receives escalations)
 *
 * Groups outside the prefix are someone else's and ignored. The highest role a person holds wins (admin,
 * coordinator, leader, unit), so an officer made coordinator needs no group taken away first. A group under the
 * prefix that names no unit, or one that is not of this grammar, places nobody: a typo in the provider must not
 * quietly widen or narrow what someone sees. An officer of two units is refused too, as dondoc binds an officer
 * to one unit.
 */
export type PlacedRole = 'admin' | 'coordinator' | 'leader' | 'unit';
/** A unit's head receives its escalations; an officer does the work. */
export type PersonPosition = 'officer' | 'head';

export interface Placement {
  role: PlacedRole;
  /** The officer's unit (role unit only). */
  unitCode: string | null;
  /** A leader's units, or 'all'; everyone else 'all' (the role itself bounds what they see). */
  scope: string[] | 'all';
  position: PersonPosition;
}

export type PlacementRefusal =
  | { reason: 'no-group'; detail: string }
  | { reason: 'unknown-unit'; detail: string; group: string }
  | { reason: 'bad-group'; detail: string; group: string }
  | { reason: 'several-units'; detail: string; units: string[] };

export type PlacementResult = ({ placed: true } & Placement) | ({ placed: false } & PlacementRefusal);

export interface GroupGrammar {
  /** The path every dondoc group starts with, e.g. `/dondoc/`. */
  prefix: string;
  unitExists: (code: string) => boolean;
}

/** At most this many groups are read from a token: a provider sending thousands is misconfigured, not trusted. */
export const MAX_GROUPS = 500;

/** The groups claim as strings (a provider may send one string, an array, or nothing). */
export function groupsOf(claim: unknown): string[] {
  if (typeof claim === 'string') return [claim];
  if (!Array.isArray(claim)) return [];
  return claim.filter((g): g is string => typeof g === 'string' && g.length <= 300).slice(0, MAX_GROUPS);
}

/** Places a person from their groups, or says plainly why not. */
export function placeFromGroups(groups: readonly string[], grammar: GroupGrammar): PlacementResult {
  const roles = new Set<PlacedRole>();
  const leaderUnits = new Set<string>();
  const officerUnits = new Map<string, PersonPosition>();
  for (const group of groups) {
    if (!group.startsWith(grammar.prefix)) continue;
    const parts = group.slice(grammar.prefix.length).split('/');
    const [kind, unit, extra, ...rest] = parts;
    const bad = (): PlacementResult => ({
      placed: false,
      reason: 'bad-group',
      group,
      detail: `the group ${group} is not one dondoc knows`,
    });
    if (rest.length > 0) return bad();
    if ((kind === 'admin' || kind === 'coordinator') && unit === undefined) {
      roles.add(kind);
      continue;
    }
    if (kind === 'leader' && unit === undefined) {
      roles.add('leader');
      continue;
    }
    if ((kind === 'leader' && extra === undefined) || kind === 'unit') {
      if (!unit) return bad();
      if (!grammar.unitExists(unit)) {
        return {
          placed: false,
          reason: 'unknown-unit',
          group,
          detail: `the group ${group} names the unit "${unit}", which dondoc does not know`,
        };
      }
      if (kind === 'leader') {
        roles.add('leader');
        leaderUnits.add(unit);
        continue;
      }
      if (extra !== undefined && extra !== 'head') return bad();
      roles.add('unit');
      officerUnits.set(unit, extra === 'head' || officerUnits.get(unit) === 'head' ? 'head' : 'officer');
      continue;
    }
    return bad();
  }
  const top = (['admin', 'coordinator', 'leader', 'unit'] as const).find((r) => roles.has(r));
  if (!top) return { placed: false, reason: 'no-group', detail: `no group under ${grammar.prefix} places this person in a role` };
  if (top === 'leader') {
    // A leader of every unit (the bare group) sees all, whatever unit groups come with it.
    const all = groups.includes(`${grammar.prefix}leader`);
    return { placed: true, role: 'leader', unitCode: null, scope: all ? 'all' : [...leaderUnits].sort(), position: 'officer' };
  }
  if (top === 'unit') {
    if (officerUnits.size > 1) {
      const units = [...officerUnits.keys()].sort();
      return { placed: false, reason: 'several-units', units, detail: `an officer acts for one unit; the groups name ${units.join(', ')}` };
    }
    const [unitCode, position] = [...officerUnits][0]!;
    return { placed: true, role: 'unit', unitCode, scope: [unitCode], position };
  }
  return { placed: true, role: top, unitCode: null, scope: 'all', position: 'officer' };
}
