import { describe, expect, it } from 'vitest';
import { REORGANISATIONS, UNITS } from '../../data/units';
import { expandGroup, plannedMoves, successorOn, unitsValidOn } from '../../domain/units';

describe('units directory', () => {
  it('has 63 provinces before 1 July 2025 and 34 after (Resolution 202/2025/QH15)', () => {
    expect(expandGroup(UNITS, 'provinces', '2024-05-06')).toHaveLength(63);
    expect(expandGroup(UNITS, 'provinces', '2025-06-30')).toHaveLength(63);
    expect(expandGroup(UNITS, 'provinces', '2025-07-01')).toHaveLength(34);
  });

  it('has 18 ministries before 1 March 2025 and 14 after', () => {
    expect(expandGroup(UNITS, 'ministries', '2025-02-28')).toHaveLength(18);
    expect(expandGroup(UNITS, 'ministries', '2025-03-01')).toHaveLength(14);
    expect(expandGroup(UNITS, 'ministries', '2025-03-01')).toContain('bo-khcn');
    expect(expandGroup(UNITS, 'ministries', '2025-03-01')).not.toContain('bo-tttt');
  });

  it('expands "all ministries, agencies and localities" without the coordinating Government Office', () => {
    const all = expandGroup(UNITS, 'all_ministries_agencies_localities', '2024-05-06');
    expect(all).toContain('an-giang');
    expect(all).toContain('bo-tttt');
    expect(all).not.toContain('vpcp');
    expect(all).toHaveLength(63 + 18 + 3 + 9);
  });

  it('codes are unique and every reorganisation move joins two known units', () => {
    const codes = UNITS.map((u) => u.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const r of REORGANISATIONS) {
      for (const m of r.moves) {
        const from = UNITS.find((u) => u.code === m.from);
        const to = UNITS.find((u) => u.code === m.to);
        expect(from?.validTo, m.from).not.toBeNull();
        expect(to && (to.validTo === null || to.validTo >= r.effectiveOn), m.to).toBe(true);
      }
    }
    // Every dissolved unit has a successor.
    for (const u of UNITS.filter((u) => u.validTo !== null)) {
      expect(successorOn(REORGANISATIONS, u.code, '2026-01-01'), u.code).not.toBe(u.code);
    }
  });

  it('follows the 2025 reorganisations to the successor', () => {
    expect(successorOn(REORGANISATIONS, 'kien-giang', '2025-07-01')).toBe('an-giang');
    expect(successorOn(REORGANISATIONS, 'kien-giang', '2025-06-30')).toBe('kien-giang');
    expect(successorOn(REORGANISATIONS, 'soc-trang', '2025-08-01')).toBe('can-tho');
    expect(successorOn(REORGANISATIONS, 'dak-nong', '2025-08-01')).toBe('lam-dong');
    expect(successorOn(REORGANISATIONS, 'bo-tttt', '2025-03-01')).toBe('bo-khcn');
    expect(successorOn(REORGANISATIONS, 'an-giang', '2026-01-01')).toBe('an-giang');
  });

  it('plans the moves of open assignments only for dissolved units', () => {
    const provinces = REORGANISATIONS.find((r) => r.id === '2025-07-provinces')!;
    const moves = plannedMoves(provinces, [{ unitCode: 'kien-giang' }, { unitCode: 'an-giang' }, { unitCode: 'soc-trang' }]);
    expect(moves.map((m) => [m.assignment.unitCode, m.to])).toEqual([
      ['kien-giang', 'an-giang'],
      ['soc-trang', 'can-tho'],
    ]);
    expect(unitsValidOn(UNITS, '2026-11-24').every((u) => u.validTo === null)).toBe(true);
  });
});
