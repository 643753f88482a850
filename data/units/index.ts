/** The units directory and reorganisations as data, validated on load. */
import { z } from 'zod';
import { reorganisationSchema, unitSchema, type Reorganisation, type Unit } from '../../domain/units';
import central from './central.json' with { type: 'json' };
import provinces from './provinces.json' with { type: 'json' };
import reorganisations from './reorganisations.json' with { type: 'json' };
// Subordinate units (departments, communes, wards, special zones), each with its source.
import subordinate from './subordinate.json' with { type: 'json' };

export const UNITS: Unit[] = z.array(unitSchema).parse([...central, ...provinces, ...subordinate]);
const UNITS_BY_CODE = new Map(UNITS.map((u) => [u.code, u]));

/** A unit of the directory by its code (any validity period). */
export function unitByCode(code: string): Unit | undefined {
  return UNITS_BY_CODE.get(code);
}

export const REORGANISATIONS: Reorganisation[] = z.array(reorganisationSchema).parse(reorganisations);
