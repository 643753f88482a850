/** The kept spans give, at every cut-off, what the full fold of the events gives (domain/execution-spans.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { factSpans, openColumnAt, spanAt } from '../../domain/execution-spans';
import { classify, factsAsOf, type DeadlineBasis } from '../../domain/execution-figures';
import { BASE_MS, cutoffsFor, randomHistory } from '../support/random-histories';

const BASES: DeadlineBasis[] = ['original', 'adjusted'];

describe('fact spans against the full fold', () => {
  it('hold the facts and the column of the fold at every cut-off, for random histories', () => {
    fc.assert(
      fc.property(randomHistory, fc.array(fc.integer({ min: 0, max: 80 * 86_400_000 }), { maxLength: 5 }), (history, offsets) => {
        const spans = factSpans(history.events, history.deadlines);
        for (const cutoff of cutoffsFor(
          history,
          offsets.map((o) => BASE_MS + o),
        )) {
          const facts = factsAsOf(history.events, cutoff);
          const span = spanAt(spans, cutoff);
          for (const basis of BASES) {
            const folded = classify(facts, history.deadlines, cutoff, basis);
            if (folded === null) {
              expect(span).toBeNull();
              continue;
            }
            expect(span).not.toBeNull();
            expect(span!.facts).toEqual(facts);
            const judged = basis === 'original' ? span!.original : span!.adjusted;
            const kept = judged ?? openColumnAt(span!, history.deadlines, cutoff, basis);
            expect({ column: kept.column, daysLate: kept.daysLate }).toEqual({ column: folded.column, daysLate: folded.daysLate });
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('do not overlap, and open one after another only where the facts change', () => {
    fc.assert(
      fc.property(randomHistory, (history) => {
        const spans = factSpans(history.events, history.deadlines);
        for (const [i, s] of spans.entries()) {
          if (s.validTo !== null) expect(s.validTo).toBeGreaterThan(s.validFrom);
          const next = spans[i + 1];
          if (next) {
            expect(s.validTo).not.toBeNull();
            expect(next.validFrom).toBeGreaterThanOrEqual(s.validTo!);
            if (next.validFrom === s.validTo) expect(next.facts).not.toEqual(s.facts);
          } else if (s.validTo !== null) {
            // Closed for good: the assignment was cancelled or moved away then.
            expect(classify(factsAsOf(history.events, s.validTo), history.deadlines, s.validTo, 'adjusted')).toBeNull();
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keep one span for a history whose later events change no fact', () => {
    const at = Date.parse('2026-03-02T02:00:00Z');
    const events = [
      { seq: 1, kind: 'assigned', at, data: { dueOn: '2026-03-10' } },
      { seq: 2, kind: 'reminder', at: at + 1000, data: {} },
      { seq: 3, kind: 'escalation', at: at + 2000, data: {} },
    ];
    const spans = factSpans(events, { originalDueOn: '2026-03-10', originalDueAt: null });
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ validFrom: at, validTo: null, adjustedDueOn: '2026-03-10', original: null, adjusted: null });
  });
});
