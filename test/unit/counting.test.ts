import { describe, expect, it } from 'vitest';
import {
  columnOf,
  countsAtLevel,
  groupOf,
  headlineOf,
  isCounted,
  isDone,
  isOverdueAt,
  judgeCompletion,
  onTimeRate,
  percentText,
  sumTallies,
  tally,
} from '../../domain/counting';
import { deriveStatus } from '../../domain/status';

describe('which assignments count', () => {
  it('leaves cancelled and reassigned-away ones out and counts completions as done', () => {
    expect(isCounted('cancelled')).toBe(false);
    expect(isCounted('reassigned')).toBe(false);
    expect(isCounted('awaiting_confirmation')).toBe(true);
    expect(isDone('awaiting_confirmation')).toBe(false);
    expect(isDone('completed_late')).toBe(true);
  });

  it('counts the lead assignments of the level the reader sees: not contributions, not the levels below', () => {
    const sees = (u: string) => u === 'an-giang';
    expect(countsAtLevel({ role: 'lead', ancestorUnits: [] }, sees)).toBe(true);
    expect(countsAtLevel({ role: 'cooperating', ancestorUnits: ['bo-tai-chinh'] }, sees)).toBe(false);
    // A commune's sub-assignment under An Giang: An Giang's own k of N counts An Giang, not the commune.
    expect(countsAtLevel({ role: 'lead', ancestorUnits: ['an-giang'] }, sees)).toBe(false);
    // The commune's officer sees only the commune: their level is the sub-assignment.
    expect(countsAtLevel({ role: 'lead', ancestorUnits: ['an-giang'] }, (u) => u === 'xa-a')).toBe(true);
  });

  it('files communes, wards and special zones with the localities and departments apart from the ministries', () => {
    expect(groupOf('province')).toBe('localities');
    expect(groupOf('commune')).toBe('localities');
    expect(groupOf('ward')).toBe('localities');
    expect(groupOf('ministry_agency')).toBe('ministries');
    expect(groupOf('department')).toBe('others');
    const t = tally([
      { status: 'completed_on_time', unitKind: 'province' },
      { status: 'overdue', unitKind: 'commune' },
      { status: 'not_due', unitKind: 'ministry' },
      { status: 'cancelled', unitKind: 'ministry' },
      { status: 'reassigned', unitKind: 'province' },
      { status: 'awaiting_confirmation', unitKind: 'department' },
    ]);
    expect(t).toMatchObject({ total: 4, completed: 1, overdue: 1, notDue: 1, awaitingConfirmation: 1, cancelled: 1 });
    expect(t.byGroup).toEqual({ localities: { done: 1, total: 2 }, ministries: { done: 0, total: 1 }, others: { done: 0, total: 1 } });
    expect(sumTallies([t, t]).byGroup.others).toEqual({ done: 0, total: 2 });
    expect(headlineOf(t.byGroup, 'en')).toBe('1/2 localities and 0/1 ministries and agencies and 0/1 other units completed');
    expect(headlineOf(t.byGroup, 'vi')).toBe('1/2 địa phương và 0/1 bộ, cơ quan và 0/1 đơn vị khác hoàn thành');
  });
});

describe('on time, late and overdue: one rule for every level', () => {
  const dueAt = Date.parse('2026-12-06T12:26:14Z');
  const reportedAt = Date.parse('2026-12-06T13:26:44Z');

  it('never lets a document date beat a time-of-day deadline, even confirmed (issue 30.1)', () => {
    const unconfirmed = { reportedAt, documentDate: '2026-12-06', confirmedByAssigner: false };
    expect(judgeCompletion(unconfirmed, '2026-12-06', dueAt)).toEqual({ onTime: false, basis: 'recorded', completedOn: '2026-12-06' });
    expect(judgeCompletion({ ...unconfirmed, confirmedByAssigner: true }, '2026-12-06', dueAt).onTime).toBe(false);
    expect(judgeCompletion({ reportedAt, documentDate: null, confirmedByAssigner: false }, '2026-12-06', dueAt).onTime).toBe(false);
  });

  it('uses a document date against a whole-day deadline only once the assigner confirmed it', () => {
    const lateReport = Date.parse('2026-12-08T03:00:00Z');
    const declared = { reportedAt: lateReport, documentDate: '2026-12-06', confirmedByAssigner: false };
    expect(judgeCompletion(declared, '2026-12-06')).toMatchObject({ onTime: false, basis: 'recorded', completedOn: '2026-12-08' });
    expect(judgeCompletion({ ...declared, confirmedByAssigner: true }, '2026-12-06')).toEqual({
      onTime: true,
      basis: 'confirmed-document-date',
      completedOn: '2026-12-06',
    });
  });

  it('is overdue from the due instant: dueAt when set, else the end of the due date in Vietnam', () => {
    expect(isOverdueAt('2026-12-06', dueAt, dueAt - 1)).toBe(false);
    expect(isOverdueAt('2026-12-06', dueAt, dueAt)).toBe(true);
    expect(isOverdueAt('2026-12-06', null, Date.parse('2026-12-06T16:59:59Z'))).toBe(false);
    expect(isOverdueAt('2026-12-06', null, Date.parse('2026-12-06T17:00:00Z'))).toBe(true);
  });

  it('puts an open assignment past its dueAt in the overdue column, as its status says (issue 30.2)', () => {
    const now = Date.parse('2026-12-06T13:00:00Z');
    expect(columnOf({ dueOn: '2026-12-06', dueAt, completion: null }, now)).toEqual({ column: 'openOverdue', daysLate: 0, basis: null });
    expect(
      deriveStatus({ dueOn: '2026-12-06', dueAt, dueSoonFrom: null, completion: null, cancelled: false, reassigned: false }, now),
    ).toBe('overdue');
    expect(columnOf({ dueOn: '2026-12-06', dueAt: null, completion: null }, now).column).toBe('openWithinDeadline');
    expect(columnOf({ dueOn: '2026-12-01', dueAt: null, completion: null }, now)).toMatchObject({ column: 'openOverdue', daysLate: 5 });
  });

  it('agrees with the status the workflow derives under the rule', () => {
    const completion = { reportedAt, documentDate: '2026-12-06', confirmed: true, confirmedBy: null };
    const facts = { dueOn: '2026-12-06', dueAt, dueSoonFrom: null, completion, cancelled: false, reassigned: false };
    expect(deriveStatus({ ...facts, completionRule: 'recorded-unless-confirmed' }, reportedAt)).toBe('completed_late');
    // Workflows started before the rule keep theirs, so their histories replay.
    expect(deriveStatus(facts, reportedAt)).toBe('completed_on_time');
  });
});

describe('the on-time rate', () => {
  it('is completed on time over completed plus open overdue (issue 30.4: 4 of 6 completed, 2 open overdue → 50%)', () => {
    expect(onTimeRate({ completedOnTime: 4, completedLate: 2, openOverdue: 2 })).toBe(0.5);
    expect(percentText(onTimeRate({ completedOnTime: 4, completedLate: 2, openOverdue: 2 }))).toBe('50%');
    expect(onTimeRate({ completedOnTime: 0, completedLate: 0, openOverdue: 0 })).toBeNull();
    expect(percentText(null)).toBe('—');
  });
});
