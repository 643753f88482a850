import { describe, expect, it } from 'vitest';
import { WEEKENDS_ONLY } from '../../domain/calendar';
import { atTimeVn, endOfDayVn } from '../../domain/dates';
import {
  advance,
  collapseMissedRepeats,
  nextConfirmationReminder,
  nextStep,
  planKeyOf,
  repeatsPassed,
  replan,
  serialise,
  type LadderContext,
  type LadderCursor,
} from '../../domain/ladder';
import { CALENDAR_DAYS_POLICY, repeatOfTopRung, type EscalationPolicy } from '../../domain/policy';

const at8 = (d: string) => atTimeVn(d, '08:00').getTime();
// Friday 10 May 2024; the calendar-day ladder: reminders 3, 7, 9, 10 May, overdue and unit head at the end of
// 10 May, supervising leader Monday 13 May, coordinator Friday 17 May, then every 7 days.
const ctx: LadderContext = { policy: CALENDAR_DAYS_POLICY, calendar: WEEKENDS_ONLY, dueOn: '2024-05-10', dueAt: null };

/** Walks the ladder from `cursor`, firing every step due by `until`. */
function walk(cursor: LadderCursor, until: number) {
  const fired: { kind: string; at: number; level: number }[] = [];
  for (let step = nextStep(ctx, cursor, null); step && step.at <= until; step = nextStep(ctx, cursor, null)) {
    fired.push({ kind: step.kind, at: step.at, level: step.level });
    cursor = advance(ctx, cursor, step, null);
  }
  return { fired, cursor };
}

describe('the ladder cursor', () => {
  it('starts at the first step after now and walks reminders, overdue, each rung, then the top rung repeats', () => {
    const { cursor, reached } = replan(ctx, Date.parse('2024-05-01T00:00:00Z'), null, 0);
    expect(reached).toBeNull();
    expect(cursor).toEqual({ planKey: '2024-05-10/end-of-day', nextIndex: 0, topRungAt: null, repeats: 0, confirmation: null });
    const { fired, cursor: after } = walk(cursor, at8('2024-05-31'));
    expect(fired.map((f) => [f.kind, f.at])).toEqual([
      ['reminder', at8('2024-05-03')],
      ['reminder', at8('2024-05-07')],
      ['reminder', at8('2024-05-09')],
      ['reminder', at8('2024-05-10')],
      ['overdue', endOfDayVn('2024-05-10').getTime()],
      ['escalation', endOfDayVn('2024-05-10').getTime()],
      ['escalation', at8('2024-05-13')],
      ['escalation', at8('2024-05-17')],
      ['escalation', at8('2024-05-24')],
      ['escalation', at8('2024-05-31')],
    ]);
    expect(after.topRungAt).toBe(at8('2024-05-17'));
    expect(after.repeats).toBe(2);
  });

  it('a plan made late announces nothing already past but keeps the level it implies and the repeats passed', () => {
    const { cursor, reached } = replan(ctx, at8('2024-05-25'), null, 0);
    expect(reached).toEqual({ level: 3, rung: 'coordinator' });
    expect(cursor.topRungAt).toBe(at8('2024-05-17'));
    expect(cursor.repeats).toBe(1);
    expect(nextStep(ctx, cursor, null)?.at).toBe(at8('2024-05-31'));
  });

  it('survives serialising for continue-as-new: the same next step, repeats kept', () => {
    const { cursor } = walk(replan(ctx, Date.parse('2024-05-01T00:00:00Z'), null, 0).cursor, at8('2024-05-24'));
    const carried = JSON.parse(JSON.stringify(serialise(cursor)));
    const resumed = replan(ctx, at8('2024-05-24') + 1, carried, 3).cursor;
    expect(resumed).toEqual(cursor);
    expect(nextStep(ctx, resumed, null)).toEqual(nextStep(ctx, cursor, null));
  });

  it('a new due date starts the top rung over', () => {
    const { cursor } = walk(replan(ctx, Date.parse('2024-05-01T00:00:00Z'), null, 0).cursor, at8('2024-05-24'));
    const extended: LadderContext = { ...ctx, dueOn: '2024-06-28' };
    const moved = replan(extended, at8('2024-05-24') + 1, cursor, 3).cursor;
    expect(moved).toMatchObject({ planKey: planKeyOf('2024-06-28', null), topRungAt: null, repeats: 0 });
    expect(nextStep(extended, moved, null)?.kind).toBe('reminder');
  });

  it('counts missed repeats without iterating per repeat, even for a seconds policy over years', () => {
    const fast: EscalationPolicy = {
      ...CALENDAR_DAYS_POLICY,
      escalations: [{ after: { days: 0 }, rung: 'coordinator' }],
      repeatTopRungEvery: { duration: 'PT1S' },
    };
    const c: LadderContext = { ...ctx, policy: fast };
    const top = endOfDayVn('2024-05-10').getTime();
    const now = top + 3 * 365 * 86_400_000 + 500;
    expect(repeatsPassed(c, top, now)).toBe(3 * 365 * 86_400);
    // Day-based repeats: the n-th lands on or after top + 7n days, on a working day at 08:00.
    const n = repeatsPassed(ctx, at8('2024-05-17'), at8('2026-05-17'));
    expect(repeatOfTopRung(ctx.policy, ctx.dueOn, at8('2024-05-17'), n, ctx.calendar)!.at).toBeLessThanOrEqual(at8('2026-05-17'));
    expect(repeatOfTopRung(ctx.policy, ctx.dueOn, at8('2024-05-17'), n + 1, ctx.calendar)!.at).toBeGreaterThan(at8('2026-05-17'));
  });

  it('reminds the coordinator of an unconfirmed report every three working days, and starts over for a new report', () => {
    const cursor = replan(ctx, Date.parse('2024-05-01T00:00:00Z'), null, 0).cursor;
    // Reported Wednesday 8 May: three working days on is Monday 13 May.
    const report = { reportedAt: Date.parse('2024-05-08T03:00:00Z'), confirmed: false };
    const first = nextConfirmationReminder(ctx, cursor, report)!;
    expect(first).toMatchObject({ at: at8('2024-05-13'), level: 1, kind: 'confirmation_reminder' });
    const after = advance(ctx, cursor, first, report);
    expect(after.nextIndex).toBe(cursor.nextIndex);
    expect(nextConfirmationReminder(ctx, after, report)).toMatchObject({ at: at8('2024-05-16'), level: 2 });
    const again = { reportedAt: Date.parse('2024-05-14T03:00:00Z'), confirmed: false };
    expect(nextConfirmationReminder(ctx, after, again)).toMatchObject({ at: at8('2024-05-17'), level: 1 });
    expect(nextConfirmationReminder(ctx, after, { ...report, confirmed: true })).toBeNull();
  });

  it('gives the earlier of the policy step and the confirmation reminder', () => {
    const cursor = replan(ctx, at8('2024-05-09') + 1, null, 0).cursor;
    const report = { reportedAt: Date.parse('2024-05-02T03:00:00Z'), confirmed: false };
    // The reminder of 7 May is already due; it comes before the 10 May reminder.
    expect(nextStep(ctx, cursor, report)).toMatchObject({ kind: 'confirmation_reminder', at: at8('2024-05-07') });
    expect(nextStep(ctx, cursor, null)).toMatchObject({ kind: 'reminder', at: at8('2024-05-10') });
  });
});

describe('catch-up after downtime', () => {
  it('repeats of the top rung missed while the system was down collapse into one, which counts them', () => {
    const start = replan(ctx, Date.parse('2024-05-01T00:00:00Z'), null, 0).cursor;
    const { cursor } = walk(start, at8('2024-05-17'));
    const step = nextStep(ctx, cursor, null)!;
    expect(step.at).toBe(at8('2024-05-24'));
    // Back on 15 June: the repeats of 24 and 31 May and 7 and 14 June are all due.
    const collapsed = collapseMissedRepeats(ctx, cursor, step, at8('2024-06-15'));
    expect(collapsed.due).toBe(4);
    expect(collapsed.cursor.repeats).toBe(4);
    expect(nextStep(ctx, collapsed.cursor, null)?.at).toBe(at8('2024-06-21'));
    expect(collapseMissedRepeats(ctx, cursor, step, step.at + 1000).due).toBe(1);
  });
});
