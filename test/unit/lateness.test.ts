import { describe, expect, it } from 'vitest';
import { assignmentDaysLate, daysLateAt, daysLateOn } from '../../domain/lateness';

describe('lateness: one rule for days late', () => {
  it('counts whole Vietnam calendar days after the due date, never below zero', () => {
    expect(daysLateOn('2024-06-30', '2024-07-20')).toBe(20);
    expect(daysLateOn('2024-06-30', '2024-06-30')).toBe(0);
    expect(daysLateOn('2024-06-30', '2024-06-01')).toBe(0);
    // 2024-07-01 18:00 UTC is already 2 July in Vietnam (UTC+7).
    expect(daysLateAt('2024-06-30', Date.parse('2024-07-01T18:00:00Z'))).toBe(2);
  });

  it('an open overdue assignment is late to today; a late completion to its confirmed document date, else when it was reported', () => {
    expect(assignmentDaysLate({ status: 'overdue', dueOn: '2024-06-30', completion: null }, '2024-07-10')).toBe(10);
    const reportedAt = Date.parse('2024-07-05T03:00:00Z');
    expect(
      assignmentDaysLate(
        { status: 'completed_late', dueOn: '2024-06-30', completion: { documentDate: '2024-07-03', reportedAt, confirmedBy: 'c1' } },
        '2025-01-01',
      ),
    ).toBe(3);
    // A date the assigner did not confirm does not move the completion day: it counts from the recorded time.
    expect(
      assignmentDaysLate(
        { status: 'completed_late', dueOn: '2024-06-30', completion: { documentDate: '2024-07-03', reportedAt } },
        '2025-01-01',
      ),
    ).toBe(5);
    expect(assignmentDaysLate({ status: 'completed_late', dueOn: '2024-06-30', completion: { reportedAt } }, '2025-01-01')).toBe(5);
    expect(assignmentDaysLate({ status: 'completed_on_time', dueOn: '2024-06-30', completion: { reportedAt } }, '2025-01-01')).toBe(0);
    expect(assignmentDaysLate({ status: 'not_due', dueOn: '2024-06-30', completion: null }, '2025-01-01')).toBe(0);
  });
});
