/**
 * The units the API validates assignees against, and group targets ("all provinces") expanded to codes. Holds the
 * shipped directory plus the sub-units registered through the API (services/units.ts adds them as it reads them).
 */
import { expandGroup, isValidOn, isWithin, type Unit, type UnitGroup } from '../domain/units';
import type { IsoDate } from '../domain/dates';

export interface UnitDirectory {
  get(code: string): Unit | undefined;
  /** The top-level units (ministries, agencies, provinces), as before units had units below them. */
  all(): Unit[];
  /** Every unit, sub-units included. */
  everything?(): Unit[];
  isValidOn(code: string, date: IsoDate): boolean;
  expand(group: UnitGroup, onDate: IsoDate): string[];
  /** The units whose parent is `code`. */
  children?(code: string): Unit[];
  /** Is `code` the unit `ancestor` or below it? */
  isWithin?(code: string, ancestor: string): boolean;
  /** Adds or replaces a registered unit. */
  add?(unit: Unit): void;
}

export function createUnitDirectory(initial: Unit[]): UnitDirectory {
  const byCode = new Map(initial.map((u) => [u.code, u]));
  const units = () => [...byCode.values()];
  return {
    get: (code) => byCode.get(code),
    all: () => units().filter((u) => !u.parent),
    everything: units,
    isValidOn: (code, date) => {
      const unit = byCode.get(code);
      return unit !== undefined && isValidOn(unit, date);
    },
    // Groups name the top-level units ("all provinces"), never their departments or communes.
    expand: (group, onDate) =>
      expandGroup(
        units().filter((u) => !u.parent),
        group,
        onDate,
      ),
    children: (code) => units().filter((u) => u.parent === code),
    isWithin: (code, ancestor) => isWithin(byCode, code, ancestor),
    add: (unit) => void byCode.set(unit.code, unit),
  };
}
