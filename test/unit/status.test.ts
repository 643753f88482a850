import { describe, expect, it } from 'vitest';
import { atTimeVn, endOfDayVn } from '../../domain/dates';
import { deriveStatus, type StatusFacts } from '../../domain/status';

const base: StatusFacts = {
  dueOn: '2024-05-10',
  dueSoonFrom: atTimeVn('2024-05-03', '08:00').getTime(),
  completion: null,
  cancelled: false,
  reassigned: false,
};
const at = (iso: string) => new Date(iso).getTime();

describe('deriveStatus', () => {
  it('is not due before the reminder window, due soon inside it, overdue after the due date ends in Vietnam', () => {
    expect(deriveStatus(base, at('2024-05-03T00:59:59Z'))).toBe('not_due');
    expect(deriveStatus(base, at('2024-05-03T01:00:00Z'))).toBe('due_soon');
    // 23:59 on 10 May in Hanoi is 16:59 UTC: still due soon.
    expect(deriveStatus(base, at('2024-05-10T16:59:59Z'))).toBe('due_soon');
    expect(deriveStatus(base, at('2024-05-10T17:00:00Z'))).toBe('overdue');
  });

  it('without reminders there is no due-soon window', () => {
    expect(deriveStatus({ ...base, dueSoonFrom: null }, at('2024-05-10T12:00:00Z'))).toBe('not_due');
  });

  it('judges completion by the end of the due date in Asia/Ho_Chi_Minh', () => {
    const done = (reportedAt: number) => ({ ...base, completion: { reportedAt, confirmed: true } });
    expect(deriveStatus(done(endOfDayVn('2024-05-10').getTime() - 1), at('2024-06-01T00:00:00Z'))).toBe('completed_on_time');
    expect(deriveStatus(done(endOfDayVn('2024-05-10').getTime()), at('2024-06-01T00:00:00Z'))).toBe('completed_late');
  });

  it("uses the outgoing document's date when the unit gives one", () => {
    const facts = { ...base, completion: { reportedAt: at('2024-05-20T03:00:00Z'), documentDate: '2024-05-10', confirmed: true } };
    expect(deriveStatus(facts, at('2024-05-21T00:00:00Z'))).toBe('completed_on_time');
    expect(deriveStatus({ ...facts, completion: { ...facts.completion, documentDate: '2024-05-11' } }, 0)).toBe('completed_late');
  });

  it('an unconfirmed report awaits confirmation; cancellation and reassignment win over everything', () => {
    const reported = { ...base, completion: { reportedAt: 0, confirmed: false } };
    expect(deriveStatus(reported, at('2024-06-01T00:00:00Z'))).toBe('awaiting_confirmation');
    expect(deriveStatus({ ...reported, cancelled: true }, 0)).toBe('cancelled');
    expect(deriveStatus({ ...reported, cancelled: true, reassigned: true }, 0)).toBe('reassigned');
  });
});
