/** The units directory and reorganisations as data, validated on load. */
import { z } from 'zod';
import { reorganisationSchema, unitSchema, type Reorganisation, type Unit } from '../../domain/units';
import central from './central.json' with { type: 'json' };
import provinces from './provinces.json' with { type: 'json' };
import reorganisations from './reorganisations.json' with { type: 'json' };

export const UNITS: Unit[] = z.array(unitSchema).parse([...central, ...provinces]);
export const REORGANISATIONS: Reorganisation[] = z.array(reorganisationSchema).parse(reorganisations);
