import { describe, expect, it } from 'vitest';
import { DAY_STEP_SPREAD_WINDOW_MS, daySpreadOf } from '../../domain/day-spread';
import { WEEKENDS_ONLY } from '../../domain/calendar';
import { atTimeVn } from '../../domain/dates';
import { nextConfirmationReminder, replan } from '../../domain/ladder';
import { DEFAULT_POLICY, planTimeline, repeatOfTopRung, type EscalationPolicy } from '../../domain/policy';

describe('the 08:00 herd spread by workflow id', () => {
  it('gives each workflow id one offset within the hour, in whole seconds', () => {
    const id = 'assignment/task-1/an-giang';
    expect(daySpreadOf(id)).toBe(daySpreadOf(id));
    for (let i = 0; i < 1000; i++) {
      const spread = daySpreadOf(`assignment/t${i}/u${i % 7}`);
      expect(spread).toBeGreaterThanOrEqual(0);
      expect(spread).toBeLessThan(DAY_STEP_SPREAD_WINDOW_MS);
      expect(spread % 1000).toBe(0);
    }
    expect(daySpreadOf('assignment/task-1/an-giang')).not.toBe(daySpreadOf('assignment/task-1/can-tho'));
  });

  it('spreads 10,000 assignments of one task evenly over the hour', () => {
    const tenMinutes = new Array<number>(6).fill(0);
    for (let i = 0; i < 10_000; i++) tenMinutes[Math.floor(daySpreadOf(`assignment/nq-01-t3/unit-${i}`) / 600_000)]! += 1;
    for (const n of tenMinutes) expect(n).toBeGreaterThan(1400);
    // No one second carries more than a handful.
    const perSecond = new Map<number, number>();
    for (let i = 0; i < 10_000; i++) {
      const s = daySpreadOf(`assignment/nq-01-t3/unit-${i}`);
      perSecond.set(s, (perSecond.get(s) ?? 0) + 1);
    }
    expect(Math.max(...perSecond.values())).toBeLessThan(15);
  });

  it('moves day-based steps after the policy time, not the due instant nor exact-duration steps', () => {
    const spread = 1_234_000;
    const mixed: EscalationPolicy = {
      ...DEFAULT_POLICY,
      reminders: [{ workingDays: 2 }, { duration: 'PT2H' }],
      repeatTopRungEvery: { days: 7 },
    };
    const plain = planTimeline(mixed, '2026-06-10', WEEKENDS_ONLY);
    const spreadPlan = planTimeline(mixed, '2026-06-10', WEEKENDS_ONLY, null, spread);
    expect(spreadPlan.map((s) => s.key)).toEqual(plain.map((s) => s.key));
    const at = (plan: typeof plain, key: string) => plan.find((s) => s.key === key)!.at;
    expect(at(spreadPlan, '2026-06-10/reminder/0')).toBe(atTimeVn('2026-06-08', '08:00').getTime() + spread);
    expect(at(spreadPlan, '2026-06-10/reminder/1')).toBe(at(plain, '2026-06-10/reminder/1'));
    expect(at(spreadPlan, '2026-06-10/overdue')).toBe(at(plain, '2026-06-10/overdue'));
    expect(at(spreadPlan, '2026-06-10/escalation/2')).toBe(atTimeVn('2026-06-19', '08:00').getTime() + spread);
    const top = at(spreadPlan, '2026-06-10/escalation/2');
    expect(repeatOfTopRung(mixed, '2026-06-10', top, 1, WEEKENDS_ONLY, spread)!.at).toBe(
      atTimeVn('2026-06-26', '08:00').getTime() + spread,
    );
  });

  it('carries the spread through the ladder, confirmation reminders included', () => {
    const spread = 600_000;
    const ctx = { policy: DEFAULT_POLICY, calendar: WEEKENDS_ONLY, dueOn: '2026-06-10', dueAt: null, daySpreadMs: spread };
    const { cursor } = replan(ctx, atTimeVn('2026-06-01', '09:00').getTime(), null, 0);
    const reportedAt = atTimeVn('2026-06-05', '15:00').getTime();
    const reminder = nextConfirmationReminder(ctx, cursor, { reportedAt, confirmed: false })!;
    expect(reminder.at).toBe(atTimeVn('2026-06-10', '08:00').getTime() + spread);
  });
});
