/**
 * The units that receive assignments, their validity over time, group targets ("all ministries, agencies and
 * localities") and reorganisations (dissolved unit → successor from a date).
 */
import { z } from 'zod';
import { EARLIEST_DATE, isDateInRange, LATEST_DATE, type IsoDate } from './dates';

// The one range of dates (domain/dates.ts), as at every other entry.
const isoDate = z.string().refine(isDateInRange, `must be a real date YYYY-MM-DD from ${EARLIEST_DATE} to ${LATEST_DATE}`);

export const UNIT_KINDS = [
  'ministry',
  'ministry_agency',
  'government_agency',
  'province',
  'government_office',
  'other',
  // Subordinate units: a ministry's or province's departments (Sở, Cục, Vụ), their divisions, and since 1 July 2025
  // the communes, wards and special zones (đặc khu) directly under a province.
  'department',
  'division',
  'commune',
  'ward',
  'special_zone',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const unitSchema = z.object({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  nameVi: z.string().min(1),
  nameEn: z.string().min(1),
  kind: z.enum(UNIT_KINDS),
  validFrom: isoDate,
  /** Last day the unit existed; null while it exists. */
  validTo: isoDate.nullable(),
  headRole: z.string().min(1),
  supervisingLeader: z.string().min(1),
  email: z.string().email().optional(),
  /** The unit this one belongs to (a Sở's province, a commune's province); absent for top-level units. */
  parent: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/)
    .optional(),
  /** Where the unit's existence comes from (a resolution, a decree, the registering admin). */
  source: z.string().min(1).optional(),
});
export type Unit = z.infer<typeof unitSchema>;

export const reorganisationSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  legalBasis: z.string().min(1),
  effectiveOn: isoDate,
  moves: z.array(z.object({ from: z.string(), to: z.string() })).min(1),
  notes: z.string().optional(),
});
export type Reorganisation = z.infer<typeof reorganisationSchema>;

export const UNIT_GROUPS = ['ministries', 'ministries_and_agencies', 'provinces', 'all_ministries_agencies_localities'] as const;
export type UnitGroup = (typeof UNIT_GROUPS)[number];

const GROUP_KINDS: Record<UnitGroup, readonly UnitKind[]> = {
  ministries: ['ministry'],
  // "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ"; the Government Office coordinates and is not a target.
  ministries_and_agencies: ['ministry', 'ministry_agency', 'government_agency'],
  provinces: ['province'],
  all_ministries_agencies_localities: ['ministry', 'ministry_agency', 'government_agency', 'province'],
};

export function isValidOn(unit: Unit, date: IsoDate): boolean {
  return unit.validFrom <= date && (unit.validTo === null || date <= unit.validTo);
}

export function unitsValidOn(units: Unit[], date: IsoDate): Unit[] {
  return units.filter((u) => isValidOn(u, date));
}

export function expandGroup(units: Unit[], group: UnitGroup, onDate: IsoDate): string[] {
  const kinds = GROUP_KINDS[group];
  return unitsValidOn(units, onDate)
    .filter((u) => kinds.includes(u.kind))
    .map((u) => u.code)
    .sort();
}

/** The unit that holds `code`'s assignments on `date`, following chains of reorganisations. */
export function successorOn(reorganisations: Reorganisation[], code: string, date: IsoDate): string {
  const ordered = [...reorganisations].sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn));
  let current = code;
  for (const reorg of ordered) {
    if (reorg.effectiveOn > date) break;
    const move = reorg.moves.find((m) => m.from === current);
    if (move) current = move.to;
  }
  return current;
}

/** Which open assignments a reorganisation moves, and where. */
export function plannedMoves<T extends { unitCode: string }>(reorg: Reorganisation, open: T[]): { assignment: T; to: string }[] {
  const to = new Map(reorg.moves.map((m) => [m.from, m.to]));
  return open.flatMap((assignment) => {
    const target = to.get(assignment.unitCode);
    return target ? [{ assignment, to: target }] : [];
  });
}

/** A unit's name in Vietnamese or English; its code when the directory does not know it. */
export function unitName(language: 'vi' | 'en', unit: Pick<Unit, 'nameVi' | 'nameEn'> | undefined, code: string): string {
  if (!unit) return code;
  return language === 'en' ? unit.nameEn : unit.nameVi;
}

/** Lower case without Vietnamese diacritics (đ → d), so "Hà Nội", "ha noi" and "HA NOI" compare equal. */
export function foldDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export interface UnitQuery {
  /** Part of the Vietnamese or English name, or the code, with or without diacritics. */
  q?: string | undefined;
  kind?: UnitKind | undefined;
  parent?: string | undefined;
  validOn?: IsoDate | undefined;
}

/** The units matching a query, ordered by code. */
export function searchUnits(units: Unit[], query: UnitQuery): Unit[] {
  const needle = query.q ? foldDiacritics(query.q) : null;
  return units
    .filter((u) => (query.kind ? u.kind === query.kind : true))
    .filter((u) => (query.parent ? u.parent === query.parent : true))
    .filter((u) => (query.validOn ? isValidOn(u, query.validOn) : true))
    .filter((u) => !needle || [u.nameVi, u.nameEn, u.code].some((name) => foldDiacritics(name).includes(needle)))
    .sort((a, b) => a.code.localeCompare(b.code));
}

/** Is `code` the unit `ancestor` or below it (following parents)? */
export function isWithin(units: Map<string, Pick<Unit, 'parent'>>, code: string, ancestor: string): boolean {
  const seen = new Set<string>();
  for (let current: string | undefined = code; current && !seen.has(current); current = units.get(current)?.parent) {
    if (current === ancestor) return true;
    seen.add(current);
  }
  return false;
}
