/** The units the API validates assignees against, and group targets ("all provinces") expanded to codes. */
import { expandGroup, isValidOn, type Unit, type UnitGroup } from '../domain/units';
import type { IsoDate } from '../domain/dates';

export interface UnitDirectory {
  get(code: string): Unit | undefined;
  all(): Unit[];
  isValidOn(code: string, date: IsoDate): boolean;
  expand(group: UnitGroup, onDate: IsoDate): string[];
}

export function createUnitDirectory(units: Unit[]): UnitDirectory {
  const byCode = new Map(units.map((u) => [u.code, u]));
  return {
    get: (code) => byCode.get(code),
    all: () => units,
    isValidOn: (code, date) => {
      const unit = byCode.get(code);
      return unit !== undefined && isValidOn(unit, date);
    },
    expand: (group, onDate) => expandGroup(units, group, onDate),
  };
}
