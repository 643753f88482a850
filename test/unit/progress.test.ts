import { describe, expect, it } from 'vitest';
import { rollUp, type ProgressFact } from '../../domain/progress';

const now = Date.parse('2024-06-30T05:00:00Z');
/** A completion reported at noon in Vietnam on `day`. */
const doneOn = (day: string) => ({ reportedAt: Date.parse(`${day}T05:00:00Z`), documentDate: null, confirmedByAssigner: false });
const fact = (unitCode: string, status: ProgressFact['status'], extra: Partial<ProgressFact> = {}): ProgressFact => ({
  taskId: 't',
  unitCode,
  unitName: unitCode,
  unitKind: unitCode.startsWith('bo-') ? 'ministry' : 'province',
  originalUnit: unitCode,
  status,
  dueOn: '2024-06-20',
  originalDueOn: '2024-06-20',
  completion: status.startsWith('completed') ? doneOn('2024-06-15') : null,
  lastProgressAt: null,
  ...extra,
});

describe('rollUp', () => {
  it('counts k of N by unit group and names the laggards, most late first', () => {
    const r = rollUp(
      [
        fact('an-giang', 'completed_on_time'),
        fact('can-tho', 'completed_late', { completion: doneOn('2024-06-25') }),
        fact('tay-ninh', 'overdue', { dueOn: '2024-06-10', originalDueOn: '2024-06-10' }),
        fact('ha-noi', 'overdue'),
        fact('bo-ca', 'completed_on_time'),
        fact('bo-tttt', 'awaiting_confirmation'),
      ],
      now,
    );
    expect(r.byGroup).toEqual({ localities: { done: 2, total: 4 }, ministries: { done: 1, total: 2 } });
    expect(r.headline).toBe('2/4 localities and 1/2 ministries and agencies completed');
    expect(r.headlineVi).toBe('2/4 địa phương và 1/2 bộ, cơ quan hoàn thành');
    expect(r.laggards.map((l) => [l.unitCode, l.daysLate])).toEqual([
      ['tay-ninh', 20],
      ['bo-tttt', 10],
      ['ha-noi', 10],
    ]);
    expect(r).toMatchObject({ total: 6, completed: 3, completedOnTime: 2, completedLate: 1, awaitingConfirmation: 1, overdue: 2 });
  });

  it('counts a reassigned assignment once, under its successor, and leaves cancelled ones out', () => {
    const r = rollUp(
      [fact('kien-giang', 'reassigned'), fact('an-giang', 'overdue', { originalUnit: 'kien-giang' }), fact('soc-trang', 'cancelled')],
      now,
    );
    expect(r.total).toBe(1);
    expect(r.byGroup.localities).toEqual({ done: 0, total: 1 });
    expect(r.cancelled).toBe(1);
  });

  it('judges on time against the original and the adjusted deadline separately', () => {
    const extended = fact('an-giang', 'completed_on_time', {
      originalDueOn: '2024-06-10',
      dueOn: '2024-06-20',
      completion: doneOn('2024-06-18'),
    });
    const r = rollUp([extended, fact('can-tho', 'completed_on_time')], now);
    expect(r.onTimeAgainstOriginal).toBe(1);
    expect(r.onTimeAgainstAdjusted).toBe(2);
  });

  it('measures the update rate over open assignments in the period', () => {
    const r = rollUp(
      [
        fact('an-giang', 'not_due', { lastProgressAt: now - 5 * 86_400_000 }),
        fact('can-tho', 'overdue', { lastProgressAt: now - 40 * 86_400_000 }),
        fact('ha-noi', 'overdue'),
        fact('bo-ca', 'completed_on_time', { lastProgressAt: now }),
      ],
      now,
    );
    expect(r.updateRate).toEqual({ open: 3, updated: 1, periodDays: 30 });
    expect(r.updateRateByUnit).toEqual([
      { unitCode: 'an-giang', open: 1, updated: 1 },
      { unitCode: 'can-tho', open: 1, updated: 0 },
      { unitCode: 'ha-noi', open: 1, updated: 0 },
    ]);
  });
});
