import { describe, expect, it } from 'vitest';
import { officialCalendar } from '../../data/calendar';
import {
  contributionDueOn,
  DEFAULT_CONTRIBUTION_LEAD_DAYS,
  endedWithLeadReason,
  parseEndedWithLeadReason,
  planCooperating,
} from '../../domain/cooperation';
import { DEFAULT_POLICY } from '../../domain/policy';

const calendar = officialCalendar();
const plan = (over: Partial<Parameters<typeof planCooperating>[0]> = {}) =>
  planCooperating({
    issuedOn: '2024-05-06',
    leadUnits: ['an-giang'],
    units: ['bo-tttt', 'bo-ca', 'bo-ca'],
    dueOn: '2024-09-05',
    leadDays: DEFAULT_CONTRIBUTION_LEAD_DAYS,
    policy: DEFAULT_POLICY,
    calendar,
    coordinatorUnit: 'vpcp',
    now: Date.parse('2024-05-06T03:00:00Z'),
    ...over,
  });

describe('contribution due dates', () => {
  it('fall the given working days before the lead, over weekends and the National Day holiday', () => {
    // 2024-09-02 and 09-03 are off, as is the weekend before: Sep 4, Aug 30, Aug 29.
    expect(contributionDueOn(calendar, '2024-09-05', 3, '2024-05-06')).toBe('2024-08-29');
    expect(contributionDueOn(calendar, '2024-09-05', 0, '2024-05-06')).toBe('2024-09-05');
  });

  it('are never before the directive was issued', () => {
    expect(contributionDueOn(calendar, '2024-05-08', 3, '2024-05-06')).toBe('2024-05-06');
  });
});

describe('planning the co-operating units', () => {
  it('names each unit once, sorted, answering to the single lead, which confirms the contribution', () => {
    expect(plan()).toEqual([
      {
        unitCode: 'bo-ca',
        dueOn: '2024-08-29',
        status: 'not_due',
        answersTo: 'an-giang',
        coordinatorUnit: 'an-giang',
        confirmationRequired: true,
      },
      {
        unitCode: 'bo-tttt',
        dueOn: '2024-08-29',
        status: 'not_due',
        answersTo: 'an-giang',
        coordinatorUnit: 'an-giang',
        confirmationRequired: true,
      },
    ]);
  });

  it('sends contributions to the Government Office when there is no single lead', () => {
    const [first] = plan({ leadUnits: ['an-giang', 'can-tho'] });
    expect(first).toMatchObject({ answersTo: null, coordinatorUnit: 'vpcp', confirmationRequired: false });
  });

  it('never plans a lead as its own contributor', () => {
    expect(plan({ units: ['an-giang', 'bo-ca'] }).map((u) => u.unitCode)).toEqual(['bo-ca']);
  });
});

describe('the reason a contribution ends with its lead', () => {
  it('reads back what it wrote, with and without the lead reason', () => {
    expect(parseEndedWithLeadReason(endedWithLeadReason('an-giang', 'thay thế: xem văn bản'))).toEqual({
      leadUnit: 'an-giang',
      leadReason: 'thay thế: xem văn bản',
    });
    expect(parseEndedWithLeadReason(endedWithLeadReason('an-giang', ''))).toEqual({ leadUnit: 'an-giang', leadReason: '' });
    expect(parseEndedWithLeadReason('cancelled with its parent assignment: x')).toBeNull();
  });
});
