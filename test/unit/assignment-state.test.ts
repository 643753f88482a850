import { describe, expect, it } from 'vitest';
import {
  applyCancel,
  applyComplete,
  applyConfirm,
  applyDecideExtension,
  applyDecline,
  applyInsist,
  applyProgress,
  applyReassign,
  applyRequestExtension,
  applyReturn,
  newAssignmentState,
  rejectionOf,
  type AssignmentState,
} from '../../domain/assignment-state';
import { endOfDayVn } from '../../domain/dates';

const due = endOfDayVn('2024-05-10').getTime();
const fresh: AssignmentState = {
  ...newAssignmentState({
    workflowId: 'assignment/t/an-giang',
    taskId: 't',
    directiveId: 'd',
    unitCode: 'an-giang',
    dueOn: '2024-05-10',
    dueAt: null,
    dueSoonFrom: null,
    confirmationRequired: false,
  }),
  seq: 3,
};

describe('assignment rules', () => {
  it('rejects every action on a closed assignment', () => {
    const [cancelled] = applyCancel(fresh, 'superseded', 'c', due - 1000);
    expect(cancelled.status).toBe('cancelled');
    for (const action of ['acknowledge', 'complete', 'reportProgress', 'requestExtension', 'cancel', 'reassign'] as const) {
      expect(rejectionOf(cancelled, action, { percent: 10, newDueOn: '2024-06-01', toUnit: 'x' })).toBe('the assignment is cancelled');
    }
  });

  it('validates progress and extension requests', () => {
    expect(rejectionOf(fresh, 'reportProgress', { percent: 101 })).toMatch(/0 to 100/);
    expect(rejectionOf(fresh, 'reportProgress', { percent: 50 })).toBeNull();
    expect(rejectionOf(fresh, 'requestExtension', { newDueOn: '2024-05-10' })).toMatch(/after the current due date/);
    expect(rejectionOf(fresh, 'requestExtension', { newDueOn: '2024-02-30' })).toMatch(/real date/);
    expect(rejectionOf(fresh, 'decideExtension')).toMatch(/no pending/);
    const [pending] = applyRequestExtension(fresh, '2024-06-10', 'survey', 'u', 0);
    expect(rejectionOf(pending, 'requestExtension', { newDueOn: '2024-07-01' })).toMatch(/already pending/);
    expect(rejectionOf(pending, 'decideExtension')).toBeNull();
    expect(rejectionOf(fresh, 'reassign', { toUnit: 'an-giang' })).toMatch(/already with that unit/);
  });

  it('an approved extension moves the due date, keeps the original and records the decision', () => {
    const [pending] = applyRequestExtension({ ...fresh, escalationLevel: 2 }, '2024-06-10', 'survey', 'u', 0);
    const windowOpens = due + 20 * 86_400_000;
    const [moved, event] = applyDecideExtension(pending, { approve: true, decidedBy: 'vpcp-1', note: 'ok' }, due + 1000, () => windowOpens);
    expect(moved).toMatchObject({
      dueOn: '2024-06-10',
      originalDueOn: '2024-05-10',
      dueSoonFrom: windowOpens,
      escalationLevel: 0,
      pendingExtension: null,
    });
    expect(moved.status).toBe('not_due');
    expect(moved.dueDateChanges).toEqual([
      { from: '2024-05-10', to: '2024-06-10', reason: 'survey', decidedAt: due + 1000, decidedBy: 'vpcp-1', note: 'ok' },
    ]);
    expect(event.kind).toBe('extension_approved');
    const [kept, rejected] = applyDecideExtension(pending, { approve: false, decidedBy: 'vpcp-1', note: 'no' }, due, () => 0);
    expect(kept.dueOn).toBe('2024-05-10');
    expect(rejected.kind).toBe('extension_rejected');
  });

  it('with confirmation required, a report waits; confirmation judges it by the document date; a return reopens it', () => {
    const needsConfirmation = { ...fresh, confirmationRequired: true };
    const [reported, event] = applyComplete(
      needsConfirmation,
      { note: 'done', documentNumber: '1234/QĐ-UBND', documentDate: '2024-05-08' },
      due - 5000,
    );
    expect(reported.status).toBe('awaiting_confirmation');
    expect(event.kind).toBe('completion_reported');
    expect(rejectionOf(reported, 'complete')).toMatch(/awaits confirmation/);
    // Confirmed a week after the due date: still on time, because the document is dated before it.
    const [confirmed] = applyConfirm(reported, 'vpcp-1', null, due + 7 * 86_400_000);
    expect(confirmed.status).toBe('completed_on_time');
    const [returned] = applyReturn(reported, 'vpcp-1', 'missing annex', due + 1);
    expect(returned.status).toBe('overdue');
    expect(returned.completion).toBeNull();
  });

  it('without confirmation a report completes directly, on time or late by the end of the due date', () => {
    expect(applyComplete(fresh, { note: '' }, due - 1)[0].status).toBe('completed_on_time');
    expect(applyComplete(fresh, { note: '' }, due)[0].status).toBe('completed_late');
  });

  it('a decline waits for the coordinator, keeps the assignment open, and cannot be made twice or over a report', () => {
    expect(rejectionOf(fresh, 'decline')).toBeNull();
    expect(rejectionOf(fresh, 'insist')).toBe('the assignment has not been declined');
    const [declined, event] = applyDecline(fresh, 'outside our remit', 'ag-officer', due - 5000);
    expect(declined.refusal).toEqual({ reason: 'outside our remit', at: due - 5000, by: 'ag-officer' });
    expect(declined.status).toBe(fresh.status);
    expect(event).toEqual({ kind: 'declined', data: { reason: 'outside our remit' } });
    expect(rejectionOf(declined, 'decline')).toBe('the assignment has already been declined and awaits the coordinator');
    expect(rejectionOf(declined, 'insist')).toBeNull();
    expect(rejectionOf(declined, 'reassign', { toUnit: 'can-tho' })).toBeNull();
    const [reported] = applyComplete({ ...fresh, confirmationRequired: true }, { note: 'done' }, due - 5000);
    expect(rejectionOf(reported, 'decline')).toBe('completion has been reported and awaits confirmation');
  });

  it('insisting clears the refusal and records what was declined; the unit may decline again', () => {
    const [declined] = applyDecline(fresh, 'outside our remit', 'ag-officer', due - 5000);
    const [kept, event] = applyInsist(declined, 'the decree names your province', 'vpcp-1');
    expect(kept.refusal).toBeNull();
    expect(kept).toEqual({ ...declined, refusal: null });
    expect(event).toEqual({
      kind: 'refusal_rejected',
      data: { note: 'the decree names your province', by: 'vpcp-1', declinedFor: 'outside our remit' },
    });
    expect(rejectionOf(kept, 'insist')).toBe('the assignment has not been declined');
    expect(rejectionOf(kept, 'decline')).toBeNull();
  });

  it('a reassignment closes this assignment for the new unit and records both units', () => {
    const [moved, event] = applyReassign(fresh, 'can-tho', 'merged provinces', 'vpcp-1', due - 5000);
    expect(moved.status).toBe('reassigned');
    expect(moved.reassignedTo).toEqual({ unitCode: 'can-tho', at: due - 5000, reason: 'merged provinces', by: 'vpcp-1' });
    expect(moved.unitCode).toBe('an-giang');
    expect(event).toEqual({ kind: 'reassigned', data: { fromUnit: 'an-giang', toUnit: 'can-tho', reason: 'merged provinces' } });
    expect(rejectionOf(moved, 'complete')).toBe('the assignment is reassigned');
    expect(rejectionOf(fresh, 'reassign', {})).toBe('toUnit is required');
  });

  it('progress replaces the last report, keeps the status, and is refused while a report awaits confirmation', () => {
    const [first, event] = applyProgress(fresh, 40, 'drafted', due - 9000);
    expect(first.progress).toEqual({ percent: 40, note: 'drafted', at: due - 9000 });
    expect(first.status).toBe(fresh.status);
    expect(event).toEqual({ kind: 'progress_reported', data: { percent: 40, note: 'drafted' } });
    const [second] = applyProgress(first, 80, 'in review', due - 5000);
    expect(second.progress).toEqual({ percent: 80, note: 'in review', at: due - 5000 });
    for (const percent of [-1, 12.5, '50', undefined]) {
      expect(rejectionOf(fresh, 'reportProgress', { percent })).toBe('percent must be an integer from 0 to 100');
    }
    expect(rejectionOf(fresh, 'reportProgress', { percent: 0 })).toBeNull();
    expect(rejectionOf(fresh, 'reportProgress', { percent: 100 })).toBeNull();
    const [reported] = applyComplete({ ...fresh, confirmationRequired: true }, { note: 'done' }, due - 5000);
    expect(rejectionOf(reported, 'reportProgress', { percent: 90 })).toBe('completion has been reported and awaits confirmation');
  });
});

describe('extensions keep the deadline time of day', () => {
  const at17 = Date.parse('2024-05-10T17:00:00+07:00');
  const timed: AssignmentState = { ...fresh, dueAt: at17 };
  const soon = () => null;

  it('an approved extension to a later date keeps 17:00 unless the request names a new time', () => {
    const [requested] = applyRequestExtension(timed, '2024-05-20', 'more time', 'u', at17 - 86_400_000);
    const [approved] = applyDecideExtension(requested, { approve: true, decidedBy: 'c', note: '' }, at17 - 3600_000, soon, true);
    expect(approved.dueOn).toBe('2024-05-20');
    expect(approved.dueAt).toBe(Date.parse('2024-05-20T17:00:00+07:00'));

    const noon = Date.parse('2024-05-21T12:00:00+07:00');
    const [named] = applyRequestExtension(timed, '2024-05-21', 'more time', 'u', at17 - 86_400_000, noon);
    expect(named.pendingExtension?.newDueAt).toBe(noon);
    const [approvedNamed] = applyDecideExtension(named, { approve: true, decidedBy: 'c', note: '' }, at17 - 3600_000, soon, true);
    expect(approvedNamed.dueAt).toBe(noon);
  });

  it('an end-of-day deadline stays end of day, and runs before the rule drop the time as they did', () => {
    const [requested] = applyRequestExtension(fresh, '2024-05-20', 'r', 'u', due - 86_400_000);
    expect(applyDecideExtension(requested, { approve: true, decidedBy: 'c', note: '' }, due - 1, soon, true)[0].dueAt).toBeNull();
    const [timedRequest] = applyRequestExtension(timed, '2024-05-20', 'r', 'u', due - 86_400_000);
    expect(applyDecideExtension(timedRequest, { approve: true, decidedBy: 'c', note: '' }, due - 1, soon, false)[0].dueAt).toBeNull();
  });

  it('refuses a newDueAt that is not a date-time or not on newDueOn', () => {
    expect(rejectionOf(timed, 'requestExtension', { newDueOn: '2024-05-20', newDueAt: 'tomorrow' })).toBe(
      'newDueAt must be an ISO-8601 date-time with offset',
    );
    expect(rejectionOf(timed, 'requestExtension', { newDueOn: '2024-05-20', newDueAt: '2024-05-21T01:00:00+07:00' })).toBe(
      'newDueAt falls on 2024-05-21 in Vietnam but newDueOn is 2024-05-20',
    );
    expect(rejectionOf(timed, 'requestExtension', { newDueOn: '2024-05-20', newDueAt: '2024-05-20T08:00:00Z' })).toBeNull();
  });

  it('extends a time-of-day deadline by hours on the same day, and refuses one that is not later', () => {
    const at20 = '2024-05-10T20:00:00+07:00';
    expect(rejectionOf(timed, 'requestExtension', { newDueOn: '2024-05-10', newDueAt: at20 })).toBeNull();
    const [requested] = applyRequestExtension(timed, '2024-05-10', 'three more hours', 'u', at17 - 7200_000, Date.parse(at20));
    const [approved] = applyDecideExtension(requested, { approve: true, decidedBy: 'c', note: '' }, at17 - 3600_000, soon, true);
    expect([approved.dueOn, approved.dueAt]).toEqual(['2024-05-10', Date.parse(at20)]);
    for (const newDueAt of ['2024-05-10T17:00:00+07:00', '2024-05-10T09:00:00+07:00', undefined]) {
      expect(rejectionOf(timed, 'requestExtension', { newDueOn: '2024-05-10', newDueAt }), String(newDueAt)).toBe(
        'newDueOn must be after the current due date 2024-05-10, or on it with a newDueAt later than 2024-05-10T10:00:00.000Z',
      );
    }
    // An end-of-day deadline has no later time on its own day.
    expect(rejectionOf(fresh, 'requestExtension', { newDueOn: '2024-05-10', newDueAt: '2024-05-10T23:59:00+07:00' })).toMatch(
      /after the current due date/,
    );
    expect(rejectionOf(timed, 'requestExtension', { newDueOn: '2024-05-09', newDueAt: '2024-05-09T20:00:00+07:00' })).toBe(
      'newDueOn must not be before the current due date 2024-05-10',
    );
  });

  it('refuses dates outside 1900-01-01..2199-12-31 before accepting them, and never approves one accepted earlier', () => {
    for (const newDueOn of ['9999-12-31', '2200-01-01']) {
      expect(rejectionOf(fresh, 'requestExtension', { newDueOn, reason: 'r' })).toBe('newDueOn must be between 1900-01-01 and 2199-12-31');
    }
    expect(rejectionOf(fresh, 'requestExtension', { newDueOn: '2199-12-31', reason: 'r' })).toBeNull();
    expect(rejectionOf(fresh, 'complete', { note: '', documentDate: '0001-01-01' })).toBe(
      'documentDate must be between 1900-01-01 and 2199-12-31',
    );
    // A run from before the check may hold such a request: it can be rejected, not approved.
    const [held] = applyRequestExtension(fresh, '9999-12-31', 'r', 'u', due - 5000);
    expect(rejectionOf(held, 'decideExtension', { approve: true })).toMatch(/requested date 9999-12-31 is outside/);
    expect(rejectionOf(held, 'decideExtension', { approve: false })).toBeNull();
  });

  it('refuses ill-formed Unicode and NUL in any text of a message', () => {
    expect(rejectionOf(fresh, 'reportProgress', { percent: 5, note: 'a\ud800' })).toBe('note must be well-formed Unicode text without NUL');
    expect(rejectionOf(fresh, 'decline', { reason: 'x\u0000' })).toBe('reason must be well-formed Unicode text without NUL');
    expect(rejectionOf(fresh, 'reportProgress', { percent: 5, note: 'Đã xong 😀' })).toBeNull();
  });
});

describe('the completion rule (issue 30.1)', () => {
  const ruled: AssignmentState = { ...fresh, completionRule: 'recorded-unless-confirmed' };
  const late = due + 3_600_000; // an hour into the next day
  const documented = { note: 'done', documentDate: '2024-05-10' };

  it('does not let a unit’s own document date beat the recorded time, and says what it judged on', () => {
    const [done, event] = applyComplete(ruled, documented, late);
    expect(done.status).toBe('completed_late');
    expect(done.completion?.basis).toBe('recorded');
    expect(event.data).not.toHaveProperty('confirmedBy');
    // Workflows started before the rule keep judging by the document date, so their histories replay.
    expect(applyComplete(fresh, documented, late)[0].status).toBe('completed_on_time');
  });

  it('uses the date once the assigner confirmed it, or recorded it itself, against a whole-day deadline only', () => {
    const [byCoordinator, event] = applyComplete(ruled, documented, late, 'coord-1');
    expect(byCoordinator.status).toBe('completed_on_time');
    expect(byCoordinator.completion?.basis).toBe('confirmed-document-date');
    expect(event.data).toMatchObject({ confirmedBy: 'coord-1' });
    const confirming: AssignmentState = { ...ruled, confirmationRequired: true };
    const [reported] = applyComplete(confirming, documented, late);
    expect(reported.status).toBe('awaiting_confirmation');
    expect(applyConfirm(reported, 'coord-1', null, late + 1)[0].status).toBe('completed_on_time');
    // A time of day: the date alone proves nothing, confirmed or not.
    const timed: AssignmentState = { ...ruled, dueAt: due - 6 * 3_600_000 };
    const [afterTime] = applyComplete(timed, documented, due - 3_600_000, 'coord-1');
    expect(afterTime.status).toBe('completed_late');
    expect(afterTime.completion?.basis).toBe('recorded');
  });
});
