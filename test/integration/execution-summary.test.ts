/**
 * The execution summary on real Postgres: random histories recorded through the real write path (recordEvent, in any
 * order, some events twice), then the five-column report read from the kept spans at many cut-offs against the full
 * fold of the same events by the domain; and a rebuild from the event log gives back exactly the kept spans.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordEvent } from '../../activities/record-event';
import { ensureExecutionSummary, rebuildExecutionSummary } from '../../db/execution-summary';
import { newAssignmentState } from '../../domain/assignment-state';
import { addTo, classify, emptyFigures, factsAsOf, sumFigures, type DeadlineBasis, type Figures } from '../../domain/execution-figures';
import type { RecordedEvent } from '../../workflows/contract';
import type { Principal } from '../../services/access';
import type { AppDeps } from '../../services/deps';
import { executionReport, executionTrend, reportedAssignments, type ExecutionQuery } from '../../services/execution-report';
import { createUnitDirectory } from '../../services/unit-directory';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { BASE_MS, cutoffsFor, randomHistory, type RandomHistory } from '../support/random-histories';

const ADMIN: Principal = { id: 'test', tokenId: null, role: 'admin', unitCode: null, scope: 'all' };
const UNITS = ['u-0', 'u-1', 'u-2', 'u-3'];
const HISTORIES = 120;
const DIRECTIVE = 'summary-directive';

let db: TestDatabase;
let deps: AppDeps;
let histories: { taskId: string; unitCode: string; workflowId: string; history: RandomHistory }[];

function recorded(h: (typeof histories)[number], e: RandomHistory['events'][number]): RecordedEvent {
  const state = newAssignmentState({
    workflowId: h.workflowId,
    taskId: h.taskId,
    directiveId: DIRECTIVE,
    unitCode: h.unitCode,
    dueOn: h.history.deadlines.originalDueOn,
    dueAt: h.history.deadlines.originalDueAt,
    dueSoonFrom: null,
    confirmationRequired: false,
  });
  return {
    workflowId: h.workflowId,
    seq: e.seq,
    at: e.at,
    kind: e.kind,
    data: e.data,
    actor: { kind: 'system', id: 't' },
    messageId: null,
    state: { ...state, seq: e.seq },
    notices: [],
  };
}

async function keptSpans() {
  return db.sql`SELECT * FROM execution_spans ORDER BY workflow_id, valid_from`;
}

beforeAll(async () => {
  db = await createTestDatabase();
  deps = { sql: db.sql, units: createUnitDirectory([]) } as unknown as AppDeps;
  await db.sql`INSERT INTO directives (id, number, issuer, issued_on, title, created_by)
               VALUES (${DIRECTIVE}, '1/TB-VPCP', 'Văn phòng Chính phủ', '2026-03-01', 'summary', 'test')`;
  const sampled = fc.sample(randomHistory, { numRuns: HISTORIES, seed: 20261207 });
  histories = sampled.map((history, i) => {
    const taskId = `summary-t${i}`;
    const unitCode = UNITS[i % UNITS.length]!;
    return { taskId, unitCode, workflowId: `assignment/${taskId}/${unitCode}`, history };
  });
  for (const h of histories)
    await db.sql`INSERT INTO tasks (id, directive_id, title, due_on, policy, key_task, created_by)
                 VALUES (${h.taskId}, ${DIRECTIVE}, ${h.taskId}, ${h.history.deadlines.originalDueOn}, '{}', ${h.taskId.endsWith('3')}, 'test')`;
  const recordEvent = createRecordEvent(db.sql);
  // Any order, as retried activities may land; every third event twice.
  const all = histories.flatMap((h) => h.history.events.map((e) => recorded(h, e)));
  const shuffled = fc.sample(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), { numRuns: 1, seed: 7 })[0]!;
  for (const [i, e] of shuffled.entries()) {
    await recordEvent(e);
    if (i % 3 === 0) await recordEvent(e);
  }
});
afterAll(async () => db?.drop());

/** The full fold: each history's events up to the cut-off, classified and added up by the domain, per unit. */
function folded(cutoff: number, basis: DeadlineBasis, keyOnly = false): Map<string, Figures> {
  const byUnit = new Map<string, Figures>();
  for (const h of histories) {
    if (keyOnly && !h.taskId.endsWith('3')) continue;
    const facts = factsAsOf(h.history.events, cutoff);
    const c = classify(facts, h.history.deadlines, cutoff, basis);
    if (!c) continue;
    const figures = byUnit.get(h.unitCode) ?? emptyFigures();
    byUnit.set(h.unitCode, addTo(figures, c, facts, cutoff));
  }
  return byUnit;
}

/** The key tasks of the year, by unit, against the adjusted deadline, as of `cutoff`. */
const keyTasksAsOf = (cutoff: number): ExecutionQuery => ({
  assignedFrom: '2026-01-01',
  assignedTo: '2026-12-31',
  asOf: cutoff,
  groupBy: 'unit',
  deadline: 'adjusted',
  keyOnly: true,
});

const figuresOf = (f: Figures) => ({
  total: f.total,
  completedOnTime: f.completedOnTime,
  completedLate: f.completedLate,
  openWithinDeadline: f.openWithinDeadline,
  openOverdue: f.openOverdue,
  awaitingConfirmation: f.awaitingConfirmation,
  daysLateTotal: f.daysLateTotal,
  openUpdated: f.openUpdated,
});

describe('the execution summary', () => {
  it('gives the five columns of the full fold at every cut-off, by either deadline, for histories recorded in any order and twice', async () => {
    const cutoffs = new Set<number>();
    for (const h of histories.slice(0, 12)) for (const c of cutoffsFor(h.history)) cutoffs.add(c);
    for (let d = 0; d <= 70; d += 3) cutoffs.add(BASE_MS + d * 86_400_000 + 3_600_000);
    let compared = 0;
    for (const cutoff of cutoffs) {
      for (const basis of ['adjusted', 'original'] as const) {
        const q: ExecutionQuery = { assignedFrom: '2026-01-01', assignedTo: '2026-12-31', asOf: cutoff, groupBy: 'unit', deadline: basis };
        const report = await executionReport(deps, ADMIN, q);
        const expected = folded(cutoff, basis);
        const got = new Map(report.groups.map((g) => [g.key, figuresOf(g)]));
        expect(Object.fromEntries(got), `cut-off ${new Date(cutoff).toISOString()} ${basis}`).toEqual(
          Object.fromEntries([...expected].map(([k, f]) => [k, figuresOf(f)])),
        );
        compared += report.totals.total;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('gives the trend: the totals, or one kind of unit, at many cut-offs in one call, as the full fold gives them', async () => {
    const provinces = ['u-0', 'u-2'];
    const unit = (code: string) => ({
      code,
      nameVi: code,
      nameEn: code,
      kind: 'province' as const,
      validFrom: '2020-01-01',
      validTo: null,
      headRole: 'head',
      supervisingLeader: 'leader',
    });
    const withKinds = { ...deps, units: createUnitDirectory(provinces.map(unit)) } as AppDeps;
    const cutoffs = [...new Set(histories.slice(0, 6).flatMap((h) => cutoffsFor(h.history)))].sort((a, b) => a - b);
    for (let d = 0; d <= 70; d += 7) cutoffs.push(BASE_MS + d * 86_400_000 + 3_600_000);
    const total = (byUnit: Map<string, Figures>, only?: (code: string) => boolean) =>
      figuresOf(sumFigures([...byUnit].filter(([code]) => !only || only(code)).map(([, f]) => f)));
    for (const basis of ['adjusted', 'original'] as const) {
      const q = { assignedFrom: '2026-01-01', assignedTo: '2026-12-31', deadline: basis };
      const [all, ofProvinces, ofOthers] = await Promise.all([
        executionTrend(withKinds, ADMIN, q, cutoffs),
        executionTrend(withKinds, ADMIN, { ...q, unitKind: 'province' }, cutoffs),
        executionTrend(withKinds, ADMIN, { ...q, unitKind: 'other' }, cutoffs),
      ]);
      cutoffs.forEach((cutoff, i) => {
        const expected = folded(cutoff, basis);
        const at = `cut-off ${new Date(cutoff).toISOString()} ${basis}`;
        expect(figuresOf(all[i]!), at).toEqual(total(expected));
        expect(figuresOf(ofProvinces[i]!), at).toEqual(total(expected, (code) => provinces.includes(code)));
        expect(figuresOf(ofOthers[i]!), at).toEqual(total(expected, (code) => !provinces.includes(code)));
      });
      expect(all.reduce((n, f) => n + f.total, 0)).toBeGreaterThan(500);
    }
  });

  it('counts key tasks only when asked, and the rows behind the figures agree with them', async () => {
    const cutoff = BASE_MS + 30 * 86_400_000;
    const q = keyTasksAsOf(cutoff);
    const report = await executionReport(deps, ADMIN, q);
    expect(Object.fromEntries(report.groups.map((g) => [g.key, figuresOf(g)]))).toEqual(
      Object.fromEntries([...folded(cutoff, 'adjusted', true)].map(([k, f]) => [k, figuresOf(f)])),
    );
    const byIssuer = await executionReport(deps, ADMIN, { ...q, keyOnly: false, groupBy: 'issuer' });
    const all = await executionReport(deps, ADMIN, { ...q, keyOnly: false });
    expect(byIssuer.groups.map((g) => [g.key, g.total])).toEqual([['Văn phòng Chính phủ', all.totals.total]]);
    const rows = await reportedAssignments(deps, ADMIN, { ...q, keyOnly: false });
    expect(rows).toHaveLength(all.totals.total);
    expect(rows.filter((r) => r.column === 'openOverdue')).toHaveLength(all.totals.openOverdue);
  });

  it('follows a task that becomes a key task, and a rebuild from the event log gives back exactly the kept spans', async () => {
    const cutoff = BASE_MS + 45 * 86_400_000;
    const q = keyTasksAsOf(cutoff);
    const before = (await executionReport(deps, ADMIN, q)).totals.total;
    const promoted = histories.find(
      (h) => !h.taskId.endsWith('3') && classify(factsAsOf(h.history.events, cutoff), h.history.deadlines, cutoff, 'adjusted'),
    )!;
    await db.sql`UPDATE tasks SET key_task = true WHERE id = ${promoted.taskId}`;
    expect((await executionReport(deps, ADMIN, q)).totals.total).toBe(before + 1);

    const kept = await keptSpans();
    expect(kept.length).toBeGreaterThan(HISTORIES / 2);
    await db.sql`UPDATE execution_spans SET original_days_late = original_days_late + 1 WHERE workflow_id = ${kept[0]!.workflow_id}`;
    const rebuilt = await rebuildExecutionSummary(db.sql, { batchSize: 7 });
    expect(rebuilt).toEqual({ assignments: HISTORIES, spans: kept.length });
    expect(await keptSpans()).toEqual(kept);
  });

  it('is built once on start for a database upgraded with assignments already in it, and not again', async () => {
    const kept = await keptSpans();
    // As migration 0019 leaves a database that had assignments: no spans and no build recorded.
    await db.sql`DELETE FROM execution_spans`;
    await db.sql`DELETE FROM execution_summary_builds`;
    const [first, second] = await Promise.all([ensureExecutionSummary(db.sql), ensureExecutionSummary(db.sql)]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect(await keptSpans()).toEqual(kept);
    expect(await ensureExecutionSummary(db.sql)).toBe(false);
  });

  it('rewrites the spans when an event of another kind moves what they copy (the deadline time), and only then', async () => {
    const taskId = 'summary-moved';
    const unitCode = 'u-moved';
    const h = { taskId, unitCode, workflowId: `assignment/${taskId}/${unitCode}`, history: histories[0]!.history };
    const dueOn = '2026-03-20';
    await db.sql`INSERT INTO tasks (id, directive_id, title, due_on, policy, created_by) VALUES (${taskId}, ${DIRECTIVE}, 'moved', ${dueOn}, '{}', 'test')`;
    const at = BASE_MS + 86_400_000;
    const base = recorded(
      { ...h, history: { deadlines: { originalDueOn: dueOn, originalDueAt: null }, events: [] } },
      {
        seq: 1,
        kind: 'assigned',
        at,
        data: { dueOn },
      },
    );
    const recordEvent = createRecordEvent(db.sql);
    await recordEvent(base);
    const dueAt = Date.parse(`${dueOn}T03:00:00Z`); // 10:00 in Vietnam, on the due date
    const spanOf = async () =>
      (
        await db.sql<{ original_due_at: Date | null; adjusted_due_at: Date | null }[]>`
        SELECT original_due_at, adjusted_due_at FROM execution_spans WHERE workflow_id = ${h.workflowId}`
      )[0];
    expect(await spanOf()).toEqual({ original_due_at: null, adjusted_due_at: null });
    await recordEvent({ ...base, seq: 2, kind: 'reminder', at: at + 1000, data: {}, state: { ...base.state, seq: 2, dueAt } });
    expect(await spanOf()).toEqual({ original_due_at: new Date(dueAt), adjusted_due_at: new Date(dueAt) });
    // A reminder that moves nothing leaves the row as it was (same physical row: no rewrite).
    const [before] = await db.sql<{ ctid: string }[]>`SELECT ctid::text FROM execution_spans WHERE workflow_id = ${h.workflowId}`;
    await recordEvent({ ...base, seq: 3, kind: 'reminder', at: at + 2000, data: {}, state: { ...base.state, seq: 3, dueAt } });
    const [after] = await db.sql<{ ctid: string }[]>`SELECT ctid::text FROM execution_spans WHERE workflow_id = ${h.workflowId}`;
    expect(after).toEqual(before);
  });
});
