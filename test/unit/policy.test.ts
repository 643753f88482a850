import { describe, expect, it } from 'vitest';
import { WEEKENDS_ONLY, type CalendarData } from '../../domain/calendar';
import { atTimeVn, endOfDayVn } from '../../domain/dates';
import { parseIsoDuration } from '../../domain/duration';
import {
  CALENDAR_DAYS_POLICY,
  DEFAULT_POLICY,
  PRODUCTION_MIN_INTERVAL_MS,
  planTimeline,
  validatePolicy,
  repeatOfTopRung,
  type EscalationPolicy,
} from '../../domain/policy';
import { escalationPolicySchema } from '../../domain/policy-schema';

const at8 = (d: string) => atTimeVn(d, '08:00').getTime();

describe('parseIsoDuration', () => {
  it('reads exact durations and refuses the rest', () => {
    expect(parseIsoDuration('PT5S')).toBe(5000);
    expect(parseIsoDuration('P1DT2H')).toBe(26 * 3600_000);
    expect(parseIsoDuration('P2W')).toBe(14 * 86_400_000);
    expect(parseIsoDuration('PT0.5S')).toBe(500);
    for (const bad of ['P', 'PT', 'P1M', 'P1Y', '5S', 'PT5', '']) expect(parseIsoDuration(bad)).toBeNull();
  });
});

describe('planTimeline with calendar days', () => {
  it('puts reminders at 08:00 before due, the overdue mark at the end of the due date, and rungs after it', () => {
    // Friday 10 May 2024: 7 days before is Friday 3 May, 3 days before is Tuesday 7 May.
    const steps = planTimeline(CALENDAR_DAYS_POLICY, '2024-05-10', WEEKENDS_ONLY);
    expect(steps.map((s) => [s.kind, s.rung, s.at])).toEqual([
      ['reminder', null, at8('2024-05-03')],
      ['reminder', null, at8('2024-05-07')],
      ['reminder', null, at8('2024-05-09')],
      ['reminder', null, at8('2024-05-10')],
      ['overdue', null, endOfDayVn('2024-05-10').getTime()],
      ['escalation', 'unit_head', endOfDayVn('2024-05-10').getTime()],
      // +3 days is Monday 13 May; +7 is Friday 17 May.
      ['escalation', 'supervising_leader', at8('2024-05-13')],
      ['escalation', 'coordinator', at8('2024-05-17')],
    ]);
  });

  it('moves reminders back and escalations forward off weekends', () => {
    // Due Wednesday 15 May 2024: 3 days before is Sunday 12 May → Friday 10 May; +4 days is Sunday 19 → Monday 20.
    const policy: EscalationPolicy = {
      ...CALENDAR_DAYS_POLICY,
      reminders: [{ days: 3 }],
      escalations: [{ after: { days: 4 }, rung: 'unit_head' }],
    };
    const steps = planTimeline(policy, '2024-05-15', WEEKENDS_ONLY);
    expect(steps.find((s) => s.kind === 'reminder')?.at).toBe(at8('2024-05-10'));
    expect(steps.find((s) => s.kind === 'escalation')?.at).toBe(at8('2024-05-20'));
  });

  it('repeats the top rung every 7 days from when it first fired', () => {
    const top = planTimeline(CALENDAR_DAYS_POLICY, '2024-05-10', WEEKENDS_ONLY).at(-1)!;
    expect(repeatOfTopRung(CALENDAR_DAYS_POLICY, '2024-05-10', top.at, 1, WEEKENDS_ONLY)?.at).toBe(at8('2024-05-24'));
    expect(repeatOfTopRung(CALENDAR_DAYS_POLICY, '2024-05-10', top.at, 2, WEEKENDS_ONLY)?.at).toBe(at8('2024-05-31'));
    expect(repeatOfTopRung({ ...CALENDAR_DAYS_POLICY, repeatTopRungEvery: null }, '2024-05-10', top.at, 1, WEEKENDS_ONLY)).toBeNull();
  });

  it('gives every step a key tied to the due date, so an extension re-arms all of them', () => {
    const a = planTimeline(CALENDAR_DAYS_POLICY, '2024-05-10', WEEKENDS_ONLY).map((s) => s.key);
    const b = planTimeline(CALENDAR_DAYS_POLICY, '2024-05-24', WEEKENDS_ONLY).map((s) => s.key);
    expect(new Set(a).size).toBe(a.length);
    expect(a.some((k) => b.includes(k))).toBe(false);
  });
});

describe('planTimeline with durations', () => {
  it('measures durations from the due instant, so a demo runs on seconds', () => {
    const policy: EscalationPolicy = {
      reminders: [{ duration: 'PT10S' }],
      escalations: [
        { after: { duration: 'PT0S' }, rung: 'unit_head' },
        { after: { duration: 'PT5S' }, rung: 'coordinator' },
      ],
      repeatTopRungEvery: { duration: 'PT5S' },
      timeOfDay: '08:00',
    };
    const due = endOfDayVn('2024-05-10').getTime();
    const steps = planTimeline(policy, '2024-05-10', WEEKENDS_ONLY);
    expect(steps.map((s) => s.at - due)).toEqual([-10_000, 0, 0, 5000]);
    expect(repeatOfTopRung(policy, '2024-05-10', due + 5000, 3, WEEKENDS_ONLY)?.at).toBe(due + 20_000);
  });
});

describe('planTimeline with working days', () => {
  it('counts working days on the official calendar, skipping days off', () => {
    // 2 September 2024 (Mon) and 3 September (Tue) were National Day days off.
    const cal: CalendarData = { daysOff: ['2024-09-02', '2024-09-03'], workingSaturdays: [] };
    const policy: EscalationPolicy = {
      reminders: [{ workingDays: 2 }],
      escalations: [{ after: { workingDays: 1 }, rung: 'unit_head' }],
      repeatTopRungEvery: null,
      timeOfDay: '08:00',
    };
    // Due Wednesday 4 Sep: 2 working days before skips Tue 3, Mon 2 and the weekend → Thursday 29 Aug.
    const steps = planTimeline(policy, '2024-09-04', cal);
    expect(steps[0]?.at).toBe(at8('2024-08-29'));
    // Due Friday 30 Aug: 1 working day after skips the weekend and the two days off → Wednesday 4 Sep.
    expect(planTimeline(policy, '2024-08-30', cal).at(-1)?.at).toBe(at8('2024-09-04'));
  });
});

describe('escalationPolicySchema', () => {
  it('accepts the defaults and rejects malformed offsets with a reason', () => {
    expect(escalationPolicySchema.safeParse(DEFAULT_POLICY).success).toBe(true);
    expect(escalationPolicySchema.safeParse(CALENDAR_DAYS_POLICY).success).toBe(true);
    const bad = escalationPolicySchema.safeParse({ ...DEFAULT_POLICY, reminders: [{ duration: 'P1M' }] });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('ISO-8601');
    expect(escalationPolicySchema.safeParse({ ...DEFAULT_POLICY, repeatTopRungEvery: { days: 0 } }).success).toBe(false);
    expect(escalationPolicySchema.safeParse({ ...DEFAULT_POLICY, reminders: [{ days: -1 }] }).success).toBe(false);
  });
});

describe('validatePolicy: the interval floor', () => {
  const production = { minIntervalMs: PRODUCTION_MIN_INTERVAL_MS, demoPoliciesAllowed: false };
  const seconds: EscalationPolicy = {
    reminders: [{ duration: 'PT10S' }],
    escalations: [
      { after: { duration: 'PT0S' }, rung: 'unit_head' },
      { after: { duration: 'PT30M' }, rung: 'coordinator' },
    ],
    repeatTopRungEvery: { duration: 'PT0.01S' },
    timeOfDay: '08:00',
  };

  it('accepts the default ladders and hour-apart durations in production', () => {
    expect(validatePolicy(DEFAULT_POLICY, production)).toEqual([]);
    expect(validatePolicy(CALENDAR_DAYS_POLICY, production)).toEqual([]);
    const hourly: EscalationPolicy = {
      ...seconds,
      reminders: [{ duration: 'PT1H' }],
      escalations: [
        { after: { duration: 'PT0S' }, rung: 'unit_head' },
        { after: { duration: 'PT1H' }, rung: 'coordinator' },
      ],
      repeatTopRungEvery: { duration: 'PT1H' },
    };
    expect(validatePolicy(hourly, production)).toEqual([]);
  });

  it('names each step closer than an hour, and a repeat faster than an hour', () => {
    expect(validatePolicy(seconds, production).map((v) => v.field)).toEqual([
      'policy.reminders.0',
      'policy.escalations.1.after',
      'policy.escalations.1.after',
      'policy.repeatTopRungEvery',
    ]);
    const twoClose: EscalationPolicy = { ...DEFAULT_POLICY, reminders: [{ duration: 'PT2H' }, { duration: 'PT2H30M' }] };
    expect(validatePolicy(twoClose, production)).toEqual([
      {
        field: 'policy.reminders.1',
        reason: expect.stringMatching(/^must be at least 1 hour from policy.reminders.0 \(.*POLICY_MIN_INTERVAL_SECONDS/),
      },
    ]);
  });

  it('lets seconds through only where the setting allows: a lower floor, or a demo policy where demos are allowed', () => {
    expect(validatePolicy(seconds, { minIntervalMs: 0, demoPoliciesAllowed: false })).toEqual([]);
    expect(validatePolicy({ ...seconds, demo: true }, { ...production, demoPoliciesAllowed: true })).toEqual([]);
    expect(validatePolicy({ ...seconds, demo: true }, production)).toEqual([
      {
        field: 'policy.demo',
        reason: expect.stringMatching(/^demo policies are not allowed in this deployment; set POLICY_DEMO_ALLOWED=true/),
      },
    ]);
    expect(escalationPolicySchema.safeParse({ ...seconds, demo: true }).success).toBe(true);
  });
});
