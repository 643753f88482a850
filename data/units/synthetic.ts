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

export interface SyntheticHierarchyOptions {
  /** Ministries (kind `ministry`, codes bo-01…), default 18. */
  ministries?: number;
  /** Ministry-level agencies (`ministry_agency`, cqnb-01…), default 4. */
  ministryAgencies?: number;
  /** Government agencies (`government_agency`, cqcp-01…), default 8. */
  governmentAgencies?: number;
  /** Provinces (`province`, tinh-01…), default 63 (the localities before the 2025 merger). */
  provinces?: number;
  /** Departments (Vụ, `department`) under each ministry, default 5 (bo-01-vu-01…). */
  departmentsPerMinistry?: number;
  /** Departments (Sở, `department`) under each province, default 20 (tinh-01-so-01…). */
  departmentsPerProvince?: number;
  /** Communes under each province, default 50 (tinh-01-xa-001…); every fifth is a ward (`ward`). */
  communesPerProvince?: number;
}

const two = (i: number) => String(i).padStart(2, '0');
const three = (i: number) => String(i).padStart(3, '0');

function hierarchyUnit(code: string, kind: Unit['kind'], nameVi: string, nameEn: string, parent?: string): Unit {
  return {
    code,
    nameVi,
    nameEn,
    kind,
    validFrom: '2000-01-01',
    validTo: null,
    headRole: 'head',
    supervisingLeader: 'leader',
    ...(parent ? { parent } : {}),
  };
}

/**
 * A synthetic national directory with levels: ministries, ministry-level and government agencies, provinces, and
 * below them departments (a ministry's Vụ, a province's Sở) and communes / wards (`parent` names the unit above).
 * Top-level units first, in code order, then each parent's units below. Deterministic: the same options give the
 * same codes. (syntheticUnits stays the flat list of provinces the other benchmarks use.)
 */
export function syntheticHierarchy(options: SyntheticHierarchyOptions = {}): Unit[] {
  const o = {
    ministries: 18,
    ministryAgencies: 4,
    governmentAgencies: 8,
    provinces: 63,
    departmentsPerMinistry: 5,
    departmentsPerProvince: 20,
    communesPerProvince: 50,
    ...options,
  };
  const out: Unit[] = [];
  const ministries = Array.from({ length: o.ministries }, (_, i) => `bo-${two(i + 1)}`);
  const provinces = Array.from({ length: o.provinces }, (_, i) => `tinh-${two(i + 1)}`);
  ministries.forEach((code, i) => out.push(hierarchyUnit(code, 'ministry', `Bộ ${i + 1}`, `Ministry ${i + 1}`)));
  for (let i = 1; i <= o.ministryAgencies; i++)
    out.push(hierarchyUnit(`cqnb-${two(i)}`, 'ministry_agency', `Cơ quan ngang bộ ${i}`, `Ministry-level agency ${i}`));
  for (let i = 1; i <= o.governmentAgencies; i++)
    out.push(hierarchyUnit(`cqcp-${two(i)}`, 'government_agency', `Cơ quan thuộc Chính phủ ${i}`, `Government agency ${i}`));
  provinces.forEach((code, i) => out.push(hierarchyUnit(code, 'province', `Tỉnh ${i + 1}`, `Province ${i + 1}`)));
  ministries.forEach((parent, m) => {
    for (let i = 1; i <= o.departmentsPerMinistry; i++)
      out.push(hierarchyUnit(`${parent}-vu-${two(i)}`, 'department', `Vụ ${i}, Bộ ${m + 1}`, `Department ${i}, Ministry ${m + 1}`, parent));
  });
  provinces.forEach((parent, p) => {
    for (let i = 1; i <= o.departmentsPerProvince; i++)
      out.push(
        hierarchyUnit(`${parent}-so-${two(i)}`, 'department', `Sở ${i}, Tỉnh ${p + 1}`, `Department ${i}, Province ${p + 1}`, parent),
      );
    for (let i = 1; i <= o.communesPerProvince; i++) {
      const ward = i % 5 === 0;
      out.push(
        hierarchyUnit(
          `${parent}-xa-${three(i)}`,
          ward ? 'ward' : 'commune',
          `${ward ? 'Phường' : 'Xã'} ${i}, Tỉnh ${p + 1}`,
          `${ward ? 'Ward' : 'Commune'} ${i}, Province ${p + 1}`,
          parent,
        ),
      );
    }
  });
  return out;
}
