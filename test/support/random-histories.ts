/**
 * Random assignment histories for the execution summary's property tests: an 'assigned' event, then any mix of the
 * lifecycle events the five columns read (and some they do not), at times that may repeat, around a due date that may
 * carry a time of day. Pure data; the unit test folds it in memory, the integration test records it through the
 * real write path.
 */
import fc from 'fast-check';
import { addDays, startOfDayVn, type IsoDate } from '../../domain/dates';
import type { Deadlines, LifecycleEvent } from '../../domain/execution-figures';

export const BASE_DAY: IsoDate = '2026-03-02';
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Instants in half-hour steps over 60 days from the start of BASE_DAY in Vietnam, so many fall on day edges. */
const STEP_MS = HOUR_MS / 2;
const STEPS = (60 * DAY_MS) / STEP_MS;
export const BASE_MS = startOfDayVn(BASE_DAY).getTime();

export interface RandomHistory {
  deadlines: Deadlines;
  events: LifecycleEvent[];
}

const dayOf = (offset: number) => addDays(BASE_DAY, offset);

const later = fc.oneof(
  fc.record({ kind: fc.constant('extension_approved'), data: fc.integer({ min: 5, max: 50 }).map((d) => ({ to: dayOf(d) })) }),
  fc.record({ kind: fc.constant('progress_reported'), data: fc.constant({ percent: 50 }) }),
  fc.record({
    kind: fc.constant('completion_reported'),
    data: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }).map((d) => (d === null ? {} : { documentDate: dayOf(d) })),
  }),
  fc.record({ kind: fc.constant('completion_returned'), data: fc.constant({ note: 'more, please' }) }),
  fc.record({
    kind: fc.constant('completed'),
    data: fc
      .record({
        confirmedBy: fc.option(fc.constant('coordinator-1'), { nil: undefined }),
        documentDate: fc.option(fc.integer({ min: 0, max: 50 }).map(dayOf), { nil: undefined }),
      })
      .map((d) => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined))),
  }),
  fc.record({ kind: fc.constant('cancelled'), data: fc.constant({ reason: 'withdrawn' }) }),
  fc.record({ kind: fc.constant('reassigned'), data: fc.constant({ to: 'other-unit' }) }),
  fc.record({ kind: fc.constantFrom('reminder', 'escalation', 'acknowledged', 'overdue'), data: fc.constant({ level: 1 }) }),
);

export const randomHistory: fc.Arbitrary<RandomHistory> = fc
  .record({
    dueDay: fc.integer({ min: 3, max: 40 }),
    dueHour: fc.option(fc.integer({ min: 8, max: 17 }), { nil: null }),
    assignedStep: fc.integer({ min: 0, max: STEPS / 4 }),
    // Steps after the previous event; 0 repeats its instant.
    rest: fc.array(fc.record({ gap: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200 })), event: later }), { maxLength: 8 }),
  })
  .map(({ dueDay, dueHour, assignedStep, rest }) => {
    const originalDueOn = dayOf(dueDay);
    const deadlines: Deadlines = {
      originalDueOn,
      originalDueAt: dueHour === null ? null : startOfDayVn(originalDueOn).getTime() + dueHour * HOUR_MS,
    };
    let step = assignedStep;
    const events: LifecycleEvent[] = [{ seq: 1, kind: 'assigned', at: BASE_MS + step * STEP_MS, data: { dueOn: originalDueOn } }];
    for (const [i, r] of rest.entries()) {
      step = Math.min(STEPS, step + r.gap);
      events.push({ seq: i + 2, kind: r.event.kind, at: BASE_MS + step * STEP_MS, data: r.event.data });
    }
    return { deadlines, events };
  });

/** Cut-offs worth asking about: each event's instant and the millisecond before, day edges, and random instants. */
export function cutoffsFor(history: RandomHistory, extra: readonly number[] = []): number[] {
  const at = history.events.flatMap((e) => [e.at - 1, e.at, e.at + 1]);
  const due = startOfDayVn(history.deadlines.originalDueOn).getTime();
  const edges = [
    due - 1,
    due,
    due + DAY_MS - 1,
    due + DAY_MS,
    history.deadlines.originalDueAt ?? due,
    (history.deadlines.originalDueAt ?? due) - 1,
  ];
  return [...new Set([...at, ...edges, ...extra])].sort((a, b) => a - b);
}
