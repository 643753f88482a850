/**
 * An EDXML organ (OrganId, OrganName) as a unit of the directory: the unit whose code is the organ id, else the one
 * unit its name names on the date (the same reading as a task table's unit cells, reorganisations included).
 * Anything else is unknown: the caller refuses the package naming it.
 */
import type { IsoDate } from './dates';
import { resolveUnitCell, type UnitsData } from './task-table';

export interface Organ {
  organId: string;
  organName: string | null;
}

export type OrganResolution = { unitCode: string; by: 'code' | 'name' } | { unitCode: null; by: null };

export function resolveOrgan(organ: Organ, data: UnitsData, onDate: IsoDate): OrganResolution {
  const byCode = data.units.find((u) => u.code === organ.organId);
  if (byCode) return { unitCode: byCode.code, by: 'code' };
  if (organ.organName) {
    const { resolved, errors } = resolveUnitCell(organ.organName, data, onDate);
    if (errors.length === 0 && resolved.length === 1 && resolved[0]!.code) return { unitCode: resolved[0]!.code, by: 'name' };
  }
  return { unitCode: null, by: null };
}
