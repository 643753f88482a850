import { describe, expect, it } from 'vitest';
import { judge, measurementProblem, targetSchema, type Measurement, type Target } from '../../domain/targets';

const online: Target = { value: 60, unit: 'percent', direction: 'at_least' };
const systems: Target = { value: 1, unit: 'ratio', direction: 'at_least' };
const m = (value: number, measuredOn: string, of: number | null = null): Measurement => ({ value, of, measuredOn });

describe('targets', () => {
  it('validates the target and each measurement against its unit', () => {
    expect(targetSchema.safeParse({ value: 120, unit: 'percent', direction: 'at_least' }).success).toBe(false);
    expect(targetSchema.safeParse({ value: 1.5, unit: 'ratio', direction: 'at_least' }).success).toBe(false);
    expect(targetSchema.safeParse(online).success).toBe(true);
    expect(measurementProblem(online, { value: 101, measuredOn: '2024-06-01' })?.field).toBe('value');
    expect(measurementProblem(online, { value: 50, of: 10, measuredOn: '2024-06-01' })?.field).toBe('of');
    expect(measurementProblem(systems, { value: 96, measuredOn: '2024-06-01' })?.field).toBe('of');
    expect(measurementProblem(systems, { value: 130, of: 124, measuredOn: '2024-06-01' })?.field).toBe('value');
    expect(measurementProblem(systems, { value: 96, of: 124, measuredOn: '2024-02-30' })?.field).toBe('measuredOn');
    expect(measurementProblem({ value: 5, unit: 'count', direction: 'at_most' }, { value: 2.5, measuredOn: '2024-06-01' })?.field).toBe(
      'value',
    );
    expect(measurementProblem(systems, { value: 96, of: 124, measuredOn: '2024-06-20' })).toBeNull();
  });

  it('judges met or missed at the due date by the latest value measured by then', () => {
    const values = [m(45, '2024-06-30'), m(62, '2024-12-15'), m(40, '2025-01-10')];
    expect(judge(online, values, '2024-12-31', '2025-02-01')).toMatchObject({ judgement: 'met', latest: 62, latestOn: '2024-12-15' });
    expect(judge(online, [m(58, '2024-12-20')], '2024-12-31', '2025-01-01').judgement).toBe('missed');
    expect(judge(online, [], '2024-12-31', '2025-01-01').judgement).toBe('unreported');
    expect(judge(systems, [m(96, '2024-06-20', 124)], '2024-06-30', '2024-07-01')).toMatchObject({ judgement: 'missed', latest: 96 / 124 });
    expect(judge(systems, [m(124, '2024-06-20', 124)], '2024-06-30', '2024-07-01').judgement).toBe('met');
  });

  it('before the due date, is at risk when the trend does not reach the target', () => {
    // +5 points a month from 30% in January: 85% by December, on track.
    const rising = [m(30, '2024-01-31'), m(35, '2024-02-29'), m(40, '2024-03-31')];
    expect(judge(online, rising, '2024-12-31', '2024-04-15')).toMatchObject({ judgement: 'on_track' });
    // +1 point a month from 30% at the end of January: about 41% by the end of December, at risk.
    const slow = [m(30, '2024-01-31'), m(31, '2024-02-29'), m(32, '2024-03-31')];
    const slowJudged = judge(online, slow, '2024-12-31', '2024-04-15');
    expect(slowJudged.judgement).toBe('at_risk');
    expect(slowJudged.projected).toBeGreaterThan(40);
    expect(slowJudged.projected).toBeLessThan(42);
    // One value: at risk until it reaches the target; no value yet: not measured.
    expect(judge(online, [m(40, '2024-03-31')], '2024-12-31', '2024-04-15').judgement).toBe('at_risk');
    expect(judge(online, [m(61, '2024-03-31')], '2024-12-31', '2024-04-15').judgement).toBe('on_track');
    expect(judge(online, [], '2024-12-31', '2024-04-15').judgement).toBe('not_measured');
    // A value measured after the date judged is not yet known.
    expect(judge(online, [m(61, '2024-05-31')], '2024-12-31', '2024-04-15').judgement).toBe('not_measured');
  });

  it('reads "at most" targets the other way', () => {
    const backlog: Target = { value: 10, unit: 'count', direction: 'at_most' };
    expect(judge(backlog, [m(30, '2024-01-31'), m(20, '2024-02-29')], '2024-06-30', '2024-03-01').judgement).toBe('on_track');
    expect(judge(backlog, [m(30, '2024-01-31'), m(29, '2024-02-29')], '2024-06-30', '2024-03-01').judgement).toBe('at_risk');
    expect(judge(backlog, [m(9, '2024-06-01')], '2024-06-30', '2024-07-01').judgement).toBe('met');
  });
});
