/**
 * The units directory as a use case: search it (public reference data), and let an admin register sub-units one
 * at a time or from a CSV table. Registered units are stored (table `units`) and join the shipped directory.
 */
import type { Sql } from '../db/sql';
import { searchUnits, unitSchema, type Unit, type UnitQuery } from '../domain/units';
import type { Principal } from './access';
import type { AppDeps } from './deps';
import { DomainError, invalidFields, tooLarge, type FieldError } from './errors';
import { readUnitsCsvRecords } from './imports';
import { authorize } from './use-cases';

interface UnitRow {
  code: string;
  name_vi: string;
  name_en: string;
  kind: Unit['kind'];
  parent_code: string | null;
  valid_from: string;
  valid_to: string | null;
  head_role: string;
  supervising_leader: string;
  email: string | null;
  source: string | null;
}

function toUnit(r: UnitRow): Unit {
  return {
    code: r.code,
    nameVi: r.name_vi,
    nameEn: r.name_en,
    kind: r.kind,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    headRole: r.head_role,
    supervisingLeader: r.supervising_leader,
    ...(r.email ? { email: r.email } : {}),
    ...(r.parent_code ? { parent: r.parent_code } : {}),
    ...(r.source ? { source: r.source } : {}),
  };
}

/** Registered units join the in-memory directory; another process's registrations are read on a miss. */
export async function loadRegisteredUnits(deps: AppDeps): Promise<Unit[]> {
  const rows = await deps.sql<UnitRow[]>`SELECT * FROM units ORDER BY code`;
  const units = rows.map(toUnit);
  for (const u of units) deps.units.add?.(u);
  return units;
}

/** A unit by code: the directory first, the stored registrations after. */
export async function findUnit(deps: AppDeps, code: string): Promise<Unit | undefined> {
  const known = deps.units.get(code);
  if (known) return known;
  const [row] = await deps.sql<UnitRow[]>`SELECT * FROM units WHERE code = ${code}`;
  if (!row) return undefined;
  const unit = toUnit(row);
  deps.units.add?.(unit);
  return unit;
}

export interface UnitPage {
  items: Unit[];
  total: number;
  nextOffset: number | null;
}

export async function listUnits(deps: AppDeps, query: UnitQuery & { limit: number; offset: number }): Promise<UnitPage> {
  await loadRegisteredUnits(deps);
  const found = searchUnits(deps.units.everything?.() ?? deps.units.all(), query);
  const items = found.slice(query.offset, query.offset + query.limit);
  const next = query.offset + items.length;
  return { items, total: found.length, nextOffset: next < found.length ? next : null };
}

export interface RegisterResult {
  created: string[];
  unchanged: string[];
}

/** The most units one request registers (the JSON list's bound, and the CSV table's). */
export const MAX_UNITS_PER_REQUEST = 2000;

/** Registers sub-units: each must name a known parent; a code already taken by a shipped unit is refused. */
export async function registerUnits(
  deps: AppDeps,
  principal: Principal,
  candidates: unknown[],
  fieldPrefix = 'units',
): Promise<RegisterResult> {
  authorize(principal, 'registerUnits');
  if (candidates.length > MAX_UNITS_PER_REQUEST) {
    throw tooLarge('too-many-rows', fieldPrefix, `more than ${MAX_UNITS_PER_REQUEST} units in one request: split the table`);
  }
  const errors: FieldError[] = [];
  const units: Unit[] = [];
  const batch = new Set<string>();
  for (const [i, candidate] of candidates.entries()) {
    const parsed = unitSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ field: `${fieldPrefix}.${i}.${issue.path.join('.')}`, reason: issue.message });
      continue;
    }
    const unit = parsed.data;
    if (!unit.parent) errors.push({ field: `${fieldPrefix}.${i}.parent`, reason: 'a registered unit belongs to a parent unit' });
    else if (!batch.has(unit.parent) && !(await findUnit(deps, unit.parent))) {
      errors.push({ field: `${fieldPrefix}.${i}.parent`, reason: `unknown unit ${unit.parent}` });
    }
    if (deps.units.get(unit.code) && !(await isRegistered(deps.sql, unit.code))) {
      errors.push({ field: `${fieldPrefix}.${i}.code`, reason: `${unit.code} is a unit of the shipped directory` });
    }
    if (unit.validTo && unit.validTo < unit.validFrom)
      errors.push({ field: `${fieldPrefix}.${i}.validTo`, reason: 'must not be before validFrom' });
    batch.add(unit.code);
    units.push(unit);
  }
  if (errors.length) throw invalidFields(errors);
  if (units.length === 0) throw invalidFields([{ field: fieldPrefix, reason: 'no unit given' }]);
  const created: string[] = [];
  const unchanged: string[] = [];
  await deps.sql.begin(async (tx) => {
    for (const u of units) {
      const rows = await tx`
        INSERT INTO units (code, name_vi, name_en, kind, parent_code, valid_from, valid_to, head_role, supervising_leader, email, source, registered_by)
        VALUES (${u.code}, ${u.nameVi}, ${u.nameEn}, ${u.kind}, ${u.parent ?? null}, ${u.validFrom}, ${u.validTo}, ${u.headRole},
                ${u.supervisingLeader}, ${u.email ?? null}, ${u.source ?? `registered by ${principal.id}`}, ${principal.id})
        ON CONFLICT (code) DO UPDATE SET name_vi = EXCLUDED.name_vi, name_en = EXCLUDED.name_en, kind = EXCLUDED.kind,
          parent_code = EXCLUDED.parent_code, valid_from = EXCLUDED.valid_from, valid_to = EXCLUDED.valid_to,
          head_role = EXCLUDED.head_role, supervising_leader = EXCLUDED.supervising_leader, email = EXCLUDED.email,
          source = EXCLUDED.source
        RETURNING (xmax = 0) AS inserted`;
      (rows[0]?.inserted ? created : unchanged).push(u.code);
    }
  });
  for (const u of units) deps.units.add?.(u);
  return { created, unchanged };
}

async function isRegistered(sql: Sql, code: string): Promise<boolean> {
  return (await sql`SELECT 1 FROM units WHERE code = ${code}`).length > 0;
}

/** CSV columns: code, nameVi, nameEn, kind, parent, validFrom, validTo, headRole, supervisingLeader, email, source. */
export async function importUnitsCsv(deps: AppDeps, principal: Principal, csv: string): Promise<RegisterResult> {
  authorize(principal, 'registerUnits');
  // Parsed off the event loop, in the import's bounded parsing threads.
  const records = await readUnitsCsvRecords(csv, MAX_UNITS_PER_REQUEST);
  const candidates = records.map((r) => ({
    ...r,
    validTo: r.validTo ? r.validTo : null,
    ...(r.email ? {} : { email: undefined }),
    ...(r.source ? {} : { source: undefined }),
  }));
  // Rows are numbered as a spreadsheet shows them: the header is row 1.
  try {
    return await registerUnits(deps, principal, candidates, 'csv.row');
  } catch (err) {
    if (err instanceof DomainError && err.errors) {
      throw invalidFields(
        err.errors.map((e) => ({ ...e, field: e.field.replace(/^csv\.row\.(\d+)/, (_, n) => `csv.row.${Number(n) + 2}`) })),
      );
    }
    throw err;
  }
}
