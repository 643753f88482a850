/** Synthetic provinces, valid since 2000, for fan-outs and data sets larger than the real directory (tests, bench). */
import type { Unit } from '../../domain/units';

export function syntheticUnit(code: string, i: number): Unit {
  return {
    code,
    nameVi: `Đơn vị ${i}`,
    nameEn: `Unit ${i}`,
    kind: 'province',
    validFrom: '2000-01-01',
    validTo: null,
    headRole: 'head',
    supervisingLeader: 'leader',
  };
}

/** unit-00000, unit-00001, … */
export function syntheticUnits(n: number): Unit[] {
  return Array.from({ length: n }, (_, i) => syntheticUnit(`unit-${String(i).padStart(5, '0')}`, i));
}
