import { describe, expect, it } from 'vitest';
import {
  addTo,
  changeFrom,
  classify,
  emptyFigures,
  factsAsOf,
  previousPeriod,
  rank,
  ratesOf,
  type Deadlines,
  type Figures,
  type LifecycleEvent,
} from '../../domain/execution-figures';

/** Noon in Vietnam (05:00 UTC) on a day. */
const noon = (day: string) => Date.parse(`${day}T05:00:00Z`);
const deadlines: Deadlines = { originalDueOn: '2024-06-20', originalDueAt: null };

function history(...events: [kind: string, day: string, data?: Record<string, unknown>][]): LifecycleEvent[] {
  return events.map(([kind, day, data], i) => ({ seq: i + 1, kind, at: noon(day), data: data ?? {} }));
}

const column = (events: LifecycleEvent[], cutoffDay: string, basis: 'original' | 'adjusted' = 'adjusted', d = deadlines) =>
  classify(factsAsOf(events, noon(cutoffDay)), d, noon(cutoffDay), basis);

describe('an assignment at a cut-off', () => {
  const assigned = ['assigned', '2024-06-01', { dueOn: '2024-06-20' }] as const;

  it('is not counted before it was assigned', () => {
    expect(column(history([...assigned]), '2024-05-31')).toBeNull();
  });

  it('is open within the deadline until the end of the due date, then overdue by whole days', () => {
    const events = history([...assigned]);
    expect(column(events, '2024-06-20')).toEqual({ column: 'openWithinDeadline', daysLate: 0, dueOn: '2024-06-20', basis: null });
    expect(column(events, '2024-06-21')).toEqual({ column: 'openOverdue', daysLate: 1, dueOn: '2024-06-20', basis: null });
    expect(column(events, '2024-07-20')?.daysLate).toBe(30);
  });

  it('counts a completion by its report, on time or late, and only from the instant it was recorded', () => {
    const onTime = history([...assigned], ['completed', '2024-06-19']);
    expect(column(onTime, '2024-06-18')?.column).toBe('openWithinDeadline');
    expect(column(onTime, '2024-06-19')?.column).toBe('completedOnTime');
    const late = history([...assigned], ['completed', '2024-06-25']);
    expect(column(late, '2024-06-24')).toMatchObject({ column: 'openOverdue', daysLate: 4 });
    expect(column(late, '2024-07-30')).toEqual({ column: 'completedLate', daysLate: 5, dueOn: '2024-06-20', basis: 'recorded' });
  });

  it('judges by the outgoing document date only once the assigner confirmed the completion', () => {
    // Recorded without confirmation: the unit's own date does not beat the recorded time.
    const unconfirmed = history([...assigned], ['completed', '2024-06-25', { documentDate: '2024-06-20' }]);
    expect(column(unconfirmed, '2024-06-26')).toMatchObject({ column: 'completedLate', daysLate: 5, basis: 'recorded' });
    const confirmed = history(
      [...assigned],
      ['completion_reported', '2024-06-25', { documentDate: '2024-06-20' }],
      ['completed', '2024-06-26', { confirmedBy: 'c1' }],
    );
    expect(column(confirmed, '2024-06-27')).toMatchObject({ column: 'completedOnTime', basis: 'confirmed-document-date' });
  });

  it('never lets a date alone beat a time-of-day deadline, confirmed or not', () => {
    const at1226 = { originalDueOn: '2024-06-20', originalDueAt: Date.parse('2024-06-20T05:26:14Z') };
    const events = history(
      [...assigned],
      ['completion_reported', '2024-06-20', { documentDate: '2024-06-20' }], // 05:00Z, before the deadline
      ['completed', '2024-06-21', { confirmedBy: 'c1' }],
    );
    const lateReport = events.map((e) => (e.kind === 'completion_reported' ? { ...e, at: Date.parse('2024-06-20T06:26:44Z') } : e));
    const at = noon('2024-06-22');
    expect(classify(factsAsOf(events, at), at1226, at, 'adjusted')).toMatchObject({ column: 'completedOnTime', basis: 'recorded' });
    expect(classify(factsAsOf(lateReport, at), at1226, at, 'adjusted')).toMatchObject({ column: 'completedLate', basis: 'recorded' });
  });

  it('respects a time of day on the original due date', () => {
    const at17 = { originalDueOn: '2024-06-20', originalDueAt: Date.parse('2024-06-20T10:00:00Z') };
    const events = history([...assigned]);
    expect(column(events, '2024-06-20', 'adjusted', at17)?.column).toBe('openWithinDeadline'); // 12:00 < 17:00
    const after = classify(factsAsOf(events, Date.parse('2024-06-20T10:00:00Z')), at17, Date.parse('2024-06-20T10:00:00Z'), 'adjusted');
    expect(after).toMatchObject({ column: 'openOverdue', daysLate: 0 });
  });

  it('moves the adjusted deadline only from the instant an extension is approved', () => {
    const events = history(
      [...assigned],
      ['extension_requested', '2024-06-15', { newDueOn: '2024-06-30' }],
      ['extension_approved', '2024-06-22', { from: '2024-06-20', to: '2024-06-30' }],
      ['completed', '2024-06-28'],
    );
    // Before the approval the old date rules, even though the request was in.
    expect(column(events, '2024-06-21')).toMatchObject({ column: 'openOverdue', daysLate: 1, dueOn: '2024-06-20' });
    expect(column(events, '2024-06-22')).toMatchObject({ column: 'openWithinDeadline', dueOn: '2024-06-30' });
    expect(column(events, '2024-07-01')).toMatchObject({ column: 'completedOnTime', dueOn: '2024-06-30' });
    // Against the original deadline the same completion is 8 days late.
    expect(column(events, '2024-07-01', 'original')).toEqual({
      column: 'completedLate',
      daysLate: 8,
      dueOn: '2024-06-20',
      basis: 'recorded',
    });
  });

  it('leaves cancelled assignments out from the cancellation on', () => {
    const events = history([...assigned], ['cancelled', '2024-06-10', { reason: 'superseded' }]);
    expect(column(events, '2024-06-09')?.column).toBe('openWithinDeadline');
    expect(column(events, '2024-06-10')).toBeNull();
  });

  it('counts a reassigned predecessor until it moved, and its successor from its own assignment', () => {
    const predecessor = history([...assigned], ['reassigned', '2024-06-10', { fromUnit: 'kien-giang', toUnit: 'an-giang', merged: false }]);
    const successor = history(
      ['assigned', '2024-06-10', { dueOn: '2024-06-20', predecessor: 'assignment/t/kien-giang' }],
      ['completed', '2024-06-18'],
    );
    expect(column(predecessor, '2024-06-09')?.column).toBe('openWithinDeadline');
    expect(column(successor, '2024-06-09')).toBeNull();
    expect(column(predecessor, '2024-06-19')).toBeNull();
    expect(column(successor, '2024-06-19')?.column).toBe('completedOnTime');
  });

  it('counts a merged predecessor once, under the unit that already held the task', () => {
    const merged = history([...assigned], ['reassigned', '2024-06-10', { toUnit: 'an-giang', merged: true }]);
    const holder = history([...assigned]);
    const figures = emptyFigures();
    for (const events of [merged, holder]) {
      const facts = factsAsOf(events, noon('2024-06-12'));
      const c = classify(facts, deadlines, noon('2024-06-12'), 'adjusted');
      if (c) addTo(figures, c, facts, noon('2024-06-12'));
    }
    expect(figures.total).toBe(1);
  });

  it('keeps a completion awaiting confirmation open, and dates a confirmed one by its report', () => {
    const events = history(
      [...assigned],
      ['completion_reported', '2024-06-18', { documentDate: null }],
      ['completion_returned', '2024-06-19'],
      ['completion_reported', '2024-06-20', { documentDate: '2024-06-20' }],
      ['completed', '2024-06-24', { confirmedBy: 'c1' }],
    );
    const facts = factsAsOf(events, noon('2024-06-21'));
    expect(facts.awaitingConfirmation).toBe(true);
    expect(classify(facts, deadlines, noon('2024-06-21'), 'adjusted')?.column).toBe('openOverdue');
    expect(factsAsOf(events, noon('2024-06-24')).completion).toEqual({
      reportedAt: noon('2024-06-20'),
      documentDate: '2024-06-20',
      confirmedByAssigner: true,
    });
    expect(column(events, '2024-06-24')?.column).toBe('completedOnTime');
  });
});

describe('the five columns and the rates', () => {
  it('adds up a worked example', () => {
    const cutoff = noon('2024-06-25');
    const cases: LifecycleEvent[][] = [
      history(['assigned', '2024-06-01', { dueOn: '2024-06-20' }], ['completed', '2024-06-19']),
      history(['assigned', '2024-06-01', { dueOn: '2024-06-20' }], ['completed', '2024-06-23']),
      history(['assigned', '2024-06-01', { dueOn: '2024-06-20' }], ['progress_reported', '2024-06-24', { percent: 50 }]),
      history(['assigned', '2024-06-01', { dueOn: '2024-06-30' }]),
      history(['assigned', '2024-06-01', { dueOn: '2024-06-30' }], ['cancelled', '2024-06-02']),
    ];
    const f = emptyFigures();
    for (const events of cases) {
      const facts = factsAsOf(events, cutoff);
      const d = { originalDueOn: String(events[0]!.data.dueOn), originalDueAt: null };
      const c = classify(facts, d, cutoff, 'adjusted');
      if (c) addTo(f, c, facts, cutoff);
    }
    expect(f).toEqual({
      total: 4,
      completedOnTime: 1,
      completedLate: 1,
      openWithinDeadline: 1,
      openOverdue: 1,
      awaitingConfirmation: 0,
      daysLateTotal: 3 + 5,
      openUpdated: 1,
    });
    expect(ratesOf(f)).toEqual({ onTimeRate: 1 / 3, averageDaysLate: 4, updateRate: 1 / 2 });
  });
});

describe('ranking', () => {
  const fig = (partial: Partial<Figures>): Figures => {
    const f = { ...emptyFigures(), ...partial };
    f.total = f.completedOnTime + f.completedLate + f.openWithinDeadline + f.openOverdue;
    return f;
  };

  it('puts the best on-time rate first, an open overdue counting as a miss, and ties share a rank', () => {
    const ranked = rank(
      [
        { subject: 'a', figures: fig({ completedOnTime: 1, openOverdue: 1, daysLateTotal: 10 }) },
        { subject: 'b', figures: fig({ completedOnTime: 2 }) },
        { subject: 'c', figures: fig({ completedOnTime: 1, completedLate: 1, daysLateTotal: 2 }) },
        { subject: 'd', figures: fig({ openWithinDeadline: 3 }) },
        { subject: 'e', figures: fig({ completedOnTime: 4 }) },
      ],
      (x, y) => x.localeCompare(y),
    );
    expect(ranked.map((r) => [r.subject, r.rank])).toEqual([
      ['b', 1],
      ['e', 1],
      ['c', 3],
      ['a', 4],
      ['d', null],
    ]);
  });

  it('reports the change from the previous period of equal length', () => {
    expect(previousPeriod('2024-04-01', '2024-06-30')).toEqual({ from: '2024-01-01', to: '2024-03-31', lengthDays: 91 });
    const [now] = rank([{ subject: 'a', figures: fig({ completedOnTime: 3, completedLate: 1 }) }], () => 0);
    const then = rank(
      [
        { subject: 'z', figures: fig({ completedOnTime: 1 }) },
        { subject: 'a', figures: fig({ completedOnTime: 1, completedLate: 1 }) },
      ],
      () => 0,
    ).find((r) => r.subject === 'a');
    expect(changeFrom(now!, then)).toEqual({ previousRank: 2, previousOnTimeRate: 0.5, rankChange: 1, onTimeRateChange: 25 });
    expect(changeFrom(now!, undefined).rankChange).toBeNull();
  });
});
