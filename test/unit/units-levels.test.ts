import { describe, expect, it } from 'vitest';
import { UNITS } from '../../data/units';
import { foldDiacritics, isWithin, searchUnits } from '../../domain/units';
import { canSeeAssignment, type Principal } from '../../services/access';
import { createUnitDirectory } from '../../services/unit-directory';

const officer = (unitCode: string): Principal => ({ id: 'o', tokenId: null, role: 'unit', unitCode, scope: [unitCode] });
const leader = (scope: string[]): Principal => ({ id: 'l', tokenId: null, role: 'leader', unitCode: null, scope });

describe('units below units', () => {
  it('folds Vietnamese diacritics (đ included) for search', () => {
    expect(foldDiacritics('  Đặc khu  Phú Quốc ')).toBe('dac khu phu quoc');
    expect(foldDiacritics('HÀ NỘI')).toBe('ha noi');
  });

  it('finds a commune by name with or without diacritics, by kind, parent and validity', () => {
    const plain = searchUnits(UNITS, { q: 'vinh hau' });
    expect(plain.map((u) => u.code)).toEqual(['ag-xa-vinh-hau']);
    expect(searchUnits(UNITS, { q: 'Vĩnh Hậu' })).toEqual(plain);
    expect(searchUnits(UNITS, { kind: 'special_zone', parent: 'an-giang' }).map((u) => u.nameVi)).toEqual([
      'Đặc khu Kiên Hải',
      'Đặc khu Phú Quốc',
      'Đặc khu Thổ Châu',
    ]);
    expect(searchUnits(UNITS, { parent: 'an-giang', kind: 'commune', validOn: '2025-06-30' })).toEqual([]);
  });

  it('records the source of every shipped sub-unit', () => {
    const below = UNITS.filter((u) => u.parent);
    expect(below.length).toBeGreaterThanOrEqual(30);
    for (const unit of below) expect(unit.source, unit.code).toMatch(/Resolution 165[46]\/NQ-UBTVQH15|Decree 45\/2025\/ND-CP/);
  });

  it('keeps groups and the top-level list to top-level units, and follows parents', () => {
    const directory = createUnitDirectory(UNITS);
    expect(directory.all().some((u) => u.parent)).toBe(false);
    expect(directory.everything!().length).toBe(UNITS.length);
    expect(directory.expand('provinces', '2025-07-01')).not.toContain('ag-xa-an-phu');
    directory.add!({ ...directory.get('ag-so-noi-vu')!, code: 'ag-so-nv-p1', kind: 'division', parent: 'ag-so-noi-vu' });
    expect(directory.isWithin!('ag-so-nv-p1', 'an-giang')).toBe(true);
    expect(
      isWithin(
        new Map([
          ['a', { parent: 'b' }],
          ['b', { parent: 'a' }],
        ]),
        'a',
        'c',
      ),
    ).toBe(false);
  });

  it('lets the units above a sub-assignment see it, not its siblings', () => {
    expect(canSeeAssignment(officer('an-giang'), 'ag-xa-an-phu', ['an-giang'])).toBe(true);
    expect(canSeeAssignment(leader(['an-giang']), 'ag-xa-an-phu', ['an-giang'])).toBe(true);
    expect(canSeeAssignment(officer('ag-xa-vinh-hau'), 'ag-xa-an-phu', ['an-giang'])).toBe(false);
    expect(canSeeAssignment(leader(['can-tho']), 'ag-xa-an-phu', ['an-giang'])).toBe(false);
  });
});
