/** Paused deadlines: the working days a pause lasted, the state rules, and the figures counting the moved deadline. */
import { describe, expect, it } from 'vitest';
import { applyPause, applyResume, newAssignmentState, rejectionOf, withStatus } from '../../domain/assignment-state';
import { WEEKENDS_ONLY, mergeCalendarYears } from '../../domain/calendar';
import { atTimeVn, endOfDayVn } from '../../domain/dates';
import { classify, factsAsOf, type LifecycleEvent } from '../../domain/execution-figures';
import { factSpans, spanAt } from '../../domain/execution-spans';
import { dueOnAfterPause, pausedWorkingDays } from '../../domain/pause';

const at = (day: string, time = '10:00') => atTimeVn(day, time).getTime();

function fresh(dueOn = '2026-12-18', dueAt: number | null = null) {
  return withStatus(
    newAssignmentState({
      workflowId: 'assignment/t/an-giang',
      taskId: 't',
      directiveId: 'd',
      unitCode: 'an-giang',
      dueOn,
      dueAt,
      dueSoonFrom: null,
      confirmationRequired: false,
    }),
    at('2026-12-01'),
  );
}

describe('pausedWorkingDays', () => {
  it('counts the working days after the day of the pause up to the day of resumption', () => {
    // Monday 2026-12-07 to Wednesday 2026-12-09: Tuesday and Wednesday.
    expect(pausedWorkingDays(WEEKENDS_ONLY, at('2026-12-07'), at('2026-12-09'))).toBe(2);
    // Within one day: nothing.
    expect(pausedWorkingDays(WEEKENDS_ONLY, at('2026-12-07', '08:00'), at('2026-12-07', '17:00'))).toBe(0);
    // Friday to Monday: one working day (the weekend does not count).
    expect(pausedWorkingDays(WEEKENDS_ONLY, at('2026-12-11'), at('2026-12-14'))).toBe(1);
    // Days off count as not worked.
    const withHoliday = mergeCalendarYears([
      { year: 2026, sources: [], daysOff: [{ date: '2026-12-08', name: 'x', source: 'x' }], workingSaturdays: [] },
    ]);
    expect(pausedWorkingDays(withHoliday, at('2026-12-07'), at('2026-12-09'))).toBe(1);
    expect(pausedWorkingDays(WEEKENDS_ONLY, at('2026-12-09'), at('2026-12-07'))).toBe(0);
  });

  it('moves the due date by that many working days', () => {
    expect(dueOnAfterPause(WEEKENDS_ONLY, '2026-12-18', 2)).toBe('2026-12-22');
    expect(dueOnAfterPause(WEEKENDS_ONLY, '2026-12-18', 0)).toBe('2026-12-18');
  });
});

describe('pause and resume rules', () => {
  it('pauses once, refuses a completion while paused, and resumes only a paused assignment', () => {
    const s = fresh();
    expect(rejectionOf(s, 'resume')).toBe('the assignment is not paused');
    expect(rejectionOf(s, 'pause', { reason: 'waiting for the Ministry of Justice' })).toBeNull();
    const [paused, event] = applyPause(s, 'waiting for the Ministry of Justice', 'coordinator-1', at('2026-12-07'));
    expect(event).toEqual({ kind: 'paused', data: { reason: 'waiting for the Ministry of Justice', dueOn: '2026-12-18' } });
    expect(paused.paused).toEqual({ at: at('2026-12-07'), reason: 'waiting for the Ministry of Justice', by: 'coordinator-1' });
    expect(rejectionOf(paused, 'pause')).toBe('the assignment is already paused');
    expect(rejectionOf(paused, 'complete', { note: '' })).toMatch(/paused/);
    expect(rejectionOf(paused, 'reportProgress', { percent: 10, note: '' })).toBeNull();
    expect(rejectionOf(paused, 'resume')).toBeNull();
  });

  it('on resume moves the due date by the working days paused, keeps the original and restarts the escalation level', () => {
    const dueAt = at('2026-12-18', '17:00');
    const s = { ...fresh('2026-12-18', dueAt), escalationLevel: 2, escalationRung: 'supervising_leader' as const };
    const [paused] = applyPause(s, 'legal review', 'c', at('2026-12-07'));
    const [resumed, event] = applyResume(paused, { by: 'c', note: 'opinion received' }, at('2026-12-21'), WEEKENDS_ONLY, () => null);
    // 2026-12-07 (Mon) → 2026-12-21 (Mon): ten working days; 18 Dec (Fri) + 10 working days = 1 Jan 2027 (Fri).
    expect(event).toMatchObject({ kind: 'resumed', data: { from: '2026-12-18', to: '2027-01-01', pausedWorkingDays: 10 } });
    expect(resumed).toMatchObject({
      dueOn: '2027-01-01',
      originalDueOn: '2026-12-18',
      paused: null,
      escalationLevel: 0,
      escalationRung: null,
    });
    expect(resumed.dueAt).toBe(at('2027-01-01', '17:00'));
    expect(resumed.dueDateChanges).toEqual([
      expect.objectContaining({
        from: '2026-12-18',
        to: '2027-01-01',
        reason: 'legal review',
        pausedWorkingDays: 10,
        note: 'opinion received',
      }),
    ]);
  });

  it('a pause within one day moves nothing and records no due-date change', () => {
    const [paused] = applyPause(fresh(), 'r', 'c', at('2026-12-07', '09:00'));
    const [resumed, event] = applyResume(paused, { by: 'c', note: '' }, at('2026-12-07', '15:00'), WEEKENDS_ONLY, () => null);
    expect(event.data).toMatchObject({ from: '2026-12-18', to: '2026-12-18', pausedWorkingDays: 0 });
    expect(resumed).toMatchObject({ dueOn: '2026-12-18', paused: null, dueDateChanges: [] });
  });
});

describe('the five-column statistic of a resumed pause', () => {
  const events: LifecycleEvent[] = [
    { seq: 1, kind: 'assigned', at: at('2026-12-01'), data: { dueOn: '2026-12-18' } },
    { seq: 2, kind: 'paused', at: at('2026-12-07'), data: { reason: 'r' } },
    { seq: 3, kind: 'resumed', at: at('2026-12-21'), data: { from: '2026-12-18', to: '2027-01-01' } },
    { seq: 4, kind: 'completed', at: at('2026-12-30'), data: {} },
  ];
  const deadlines = { originalDueOn: '2026-12-18', originalDueAt: null };

  it('counts by the adjusted deadline once resumed, and by the original on the original basis', () => {
    const done = factsAsOf(events, endOfDayVn('2027-01-05').getTime());
    expect(done.dueOn).toBe('2027-01-01');
    expect(classify(done, deadlines, endOfDayVn('2027-01-05').getTime(), 'adjusted')?.column).toBe('completedOnTime');
    expect(classify(done, deadlines, endOfDayVn('2027-01-05').getTime(), 'original')?.column).toBe('completedLate');
  });

  it('the kept spans carry the moved deadline from the resumption on', () => {
    const spans = factSpans(events, deadlines);
    expect(spanAt(spans, at('2026-12-20'))?.adjustedDueOn).toBe('2026-12-18');
    expect(spanAt(spans, at('2026-12-22'))?.adjustedDueOn).toBe('2027-01-01');
    expect(spanAt(spans, at('2026-12-31'))?.adjusted?.column).toBe('completedOnTime');
  });
});
