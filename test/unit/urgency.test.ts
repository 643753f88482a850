import { describe, expect, it } from 'vitest';
import { officialCalendar } from '../../data/calendar';
import { DEFAULT_POLICY, planTimeline, type PlannedStep } from '../../domain/policy';
import { escalationPolicySchema } from '../../domain/policy-schema';
import { defaultPolicyForUrgency, URGENCIES, urgencyOf } from '../../domain/urgency';

const cal = officialCalendar();
const DUE = '2025-06-18'; // a Wednesday

const plan = (urgency: (typeof URGENCIES)[number]) => planTimeline(defaultPolicyForUrgency(urgency), DUE, cal);
const first = (steps: PlannedStep[], kind: PlannedStep['kind']) => steps.find((s) => s.kind === kind)!.at;
const rungAt = (steps: PlannedStep[], rung: string) => steps.find((s) => s.rung === rung)!.at;

describe('urgency', () => {
  it('normal keeps the default policy', () => {
    expect(defaultPolicyForUrgency('normal')).toBe(DEFAULT_POLICY);
  });

  it('every policy is valid', () => {
    for (const u of URGENCIES) expect(escalationPolicySchema.safeParse(defaultPolicyForUrgency(u)).success, u).toBe(true);
  });

  it('each level is at least as tight as the one below it: later first reminder, every rung no later', () => {
    for (let i = 1; i < URGENCIES.length; i++) {
      const looser = plan(URGENCIES[i - 1]!);
      const tighter = plan(URGENCIES[i]!);
      expect(first(tighter, 'reminder'), URGENCIES[i]).toBeGreaterThanOrEqual(first(looser, 'reminder'));
      for (const rung of ['unit_head', 'supervising_leader', 'coordinator']) {
        expect(rungAt(tighter, rung), `${URGENCIES[i]} ${rung}`).toBeLessThanOrEqual(rungAt(looser, rung));
      }
      const every = (u: (typeof URGENCIES)[number]) => (defaultPolicyForUrgency(u).repeatTopRungEvery as { days: number }).days;
      expect(every(URGENCIES[i]!)).toBeLessThanOrEqual(every(URGENCIES[i - 1]!));
    }
    // Hỏa tốc: the supervising leader hears of the miss at once (the end of 18 June in Vietnam).
    expect(rungAt(plan('hoa_toc'), 'supervising_leader')).toBe(Date.parse('2025-06-18T17:00:00Z'));
    // Normal: three working days later at 08:00.
    expect(rungAt(plan('normal'), 'supervising_leader')).toBe(Date.parse('2025-06-23T01:00:00Z'));
  });

  it('reads the marks in both languages, with or without diacritics', () => {
    expect(urgencyOf('HỎA TỐC')).toBe('hoa_toc');
    expect(urgencyOf('Hoả tốc')).toBe('hoa_toc');
    expect(urgencyOf('hoa_toc')).toBe('hoa_toc');
    expect(urgencyOf('Thượng khẩn')).toBe('thuong_khan');
    expect(urgencyOf('thuong_khan')).toBe('thuong_khan');
    expect(urgencyOf('KHẨN')).toBe('khan');
    expect(urgencyOf('urgent')).toBe('khan');
    expect(urgencyOf('normal')).toBe('normal');
    expect(urgencyOf('khẩn trương')).toBeNull();
    expect(urgencyOf('mật')).toBeNull();
  });
});
