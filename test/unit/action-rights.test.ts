import { describe, expect, it } from 'vitest';
import { actionRefusal } from '../../services/actions';

const commune = { unitCode: 'ag-xa-vinh-hau', answersTo: 'an-giang' };
const province = { role: 'unit' as const, unitCode: 'an-giang' };

describe('who may act on an assignment, levels included (one rule for the service and the forms)', () => {
  it('lets the unit the assignment answers to decide on it, and nothing else', () => {
    expect(actionRefusal(province, 'confirm', commune)).toBeNull();
    expect(actionRefusal(province, 'return', commune)).toBeNull();
    expect(actionRefusal(province, 'decideExtension', commune)).toBeNull();
    expect(actionRefusal(province, 'progress', commune)).toMatch(/another unit's assignment/);
    expect(actionRefusal(province, 'cancel', commune)).toMatch(/another unit's assignment/);
  });

  it("keeps a unit's people on their own assignment's work, not its assigner's decisions", () => {
    const own = { role: 'unit' as const, unitCode: 'ag-xa-vinh-hau' };
    expect(actionRefusal(own, 'complete', commune)).toBeNull();
    expect(actionRefusal(own, 'confirm', commune)).toMatch(/unit may not confirm/);
    // A sibling commune is another unit, even though both answer to the province.
    expect(actionRefusal({ role: 'unit', unitCode: 'ag-xa-an-phu' }, 'confirm', commune)).toMatch(/another unit's assignment/);
  });

  it('applies the role table to coordinators and leaders', () => {
    expect(actionRefusal({ role: 'coordinator', unitCode: null }, 'cancel', commune)).toBeNull();
    expect(actionRefusal({ role: 'leader', unitCode: null }, 'confirm', commune)).toBeNull();
    expect(actionRefusal({ role: 'leader', unitCode: null }, 'complete', commune)).toMatch(/leader may not complete/);
  });
});
