/**
 * The commune-level units shipped under An Giang (Resolution 1654/NQ-UBTVQH15: 85 communes, 14 wards, 3 special
 * zones) and Hà Nội (Resolution 1656/NQ-UBTVQH15: 51 wards, 75 communes), both of 16 June 2025, in force 1 July 2025.
 */
import { describe, expect, it } from 'vitest';
import { UNITS } from '../../data/units/index';
import { foldDiacritics } from '../../domain/units';

const below = UNITS.filter((u) => u.parent);
const levels = below.filter((u) => u.kind === 'commune' || u.kind === 'ward' || u.kind === 'special_zone');
const count = (parent: string, kind: string) => below.filter((u) => u.parent === parent && u.kind === kind).length;

const PROVINCE = {
  'an-giang': { prefix: 'ag', resolution: '1654/NQ-UBTVQH15' },
  'ha-noi': { prefix: 'hn', resolution: '1656/NQ-UBTVQH15' },
} as const;
const KIND = {
  commune: { code: 'xa', vi: 'Xã', en: 'Commune' },
  ward: { code: 'phuong', vi: 'Phường', en: 'Ward' },
  special_zone: { code: 'dk', vi: 'Đặc khu', en: 'Special Zone' },
} as const;

/** The clause numbers a province's communes and wards cite ("art. 1 cl. N"). */
const clauses = (parent: string) =>
  levels
    .filter((u) => u.parent === parent && u.kind !== 'special_zone')
    .map((u) => Number(/art\. 1 cl\. (\d+)/.exec(u.source ?? '')?.[1]))
    .sort((a, b) => a - b);
const withoutDiacritics = (text: string) => text.replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFD').replace(/\p{M}/gu, '');
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('commune-level units of An Giang and Hà Nội', () => {
  it('ships An Giang’s 102 units: 85 communes, 14 wards, 3 special zones (Resolution 1654/NQ-UBTVQH15)', () => {
    expect(count('an-giang', 'commune')).toBe(85);
    expect(count('an-giang', 'ward')).toBe(14);
    expect(count('an-giang', 'special_zone')).toBe(3);
  });

  it('ships Hà Nội’s 126 units: 51 wards, 75 communes (Resolution 1656/NQ-UBTVQH15)', () => {
    expect(count('ha-noi', 'ward')).toBe(51);
    expect(count('ha-noi', 'commune')).toBe(75);
    expect(count('ha-noi', 'special_zone')).toBe(0);
  });

  it('gives every unit of the directory its own code', () => {
    const codes = UNITS.map((u) => u.code);
    expect(codes.filter((code, i) => codes.indexOf(code) !== i)).toEqual([]);
  });

  it('puts every sub-unit under An Giang or Hà Nội, as a commune, ward, special zone or department', () => {
    for (const unit of below) {
      expect(['an-giang', 'ha-noi'], unit.code).toContain(unit.parent);
      expect(['commune', 'ward', 'special_zone', 'department'], unit.code).toContain(unit.kind);
    }
    expect(UNITS.filter((u) => u.code === 'an-giang' || u.code === 'ha-noi').map((u) => u.kind)).toEqual(['province', 'province']);
  });

  it('cites its province’s resolution on every commune, ward and special zone, and names it by the pattern', () => {
    for (const unit of levels) {
      const province = PROVINCE[unit.parent as keyof typeof PROVINCE];
      const kind = KIND[unit.kind as keyof typeof KIND];
      expect(unit.source, unit.code).toContain(`Resolution ${province.resolution}`);
      expect(unit.source, unit.code).not.toContain(unit.parent === 'an-giang' ? '1656/NQ' : '1654/NQ');
      expect(unit).toMatchObject({ validFrom: '2025-07-01', validTo: null });
      expect(unit.nameVi.startsWith(`${kind.vi} `), unit.code).toBe(true);
      const name = unit.nameVi.slice(kind.vi.length + 1);
      const slug = foldDiacritics(name)
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '');
      expect(unit.code).toBe(`${province.prefix}-${kind.code}-${slug}`);
      expect(unit.nameEn).toBe(`${withoutDiacritics(name)} ${kind.en}`);
    }
  });

  it('cites each clause of Article 1 once: An Giang 1–93 and 97 (six communes kept as they were), Hà Nội 1–126', () => {
    expect(clauses('an-giang')).toEqual([...range(1, 93), ...Array<number>(6).fill(97)]);
    expect(clauses('ha-noi')).toEqual(range(1, 126));
    // Wards are clauses 80–93 in An Giang and 1–51 in Hà Nội; communes the rest.
    const wardClauses = (parent: string) =>
      levels.filter((u) => u.parent === parent && u.kind === 'ward').map((u) => Number(/art\. 1 cl\. (\d+)/.exec(u.source!)![1]));
    expect(wardClauses('an-giang').sort((a, b) => a - b)).toEqual(range(80, 93));
    expect(wardClauses('ha-noi').sort((a, b) => a - b)).toEqual(range(1, 51));
  });
});
