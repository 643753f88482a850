/**
 * The national bench data set (bench/dataset-national.ts) at a small size in a real Postgres: every row as the write
 * path would leave it, and the event log consistent with each assignment's status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNationalDataset, type NationalDataset } from '../../bench/dataset-national';
import { factsAsOf, type LifecycleEvent } from '../../domain/execution-figures';
import type { Principal } from '../../services/access';
import { taskSummaries } from '../../services/dashboard';
import type { AppDeps } from '../../services/deps';
import { DomainError } from '../../services/errors';
import { directiveProgress } from '../../services/progress';
import { createUnitDirectory } from '../../services/unit-directory';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
let data: NationalDataset;
const N = 8000;
const NOW = Date.parse('2026-12-07T05:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  data = await loadNationalDataset(db.sql, { assignments: N, now: NOW, seed: 5, vacuum: false });
});

afterAll(async () => {
  await db?.drop();
});

/** The fields a directive-list row and a directive's progress both give, to compare the two. */
type Comparable = Pick<
  Awaited<ReturnType<typeof taskSummaries>>[number],
  | 'taskId'
  | 'directiveId'
  | 'title'
  | 'key'
  | 'dueOn'
  | 'total'
  | 'completed'
  | 'completedOnTime'
  | 'completedLate'
  | 'awaitingConfirmation'
  | 'notDue'
  | 'overdue'
  | 'cancelled'
  | 'byGroup'
>;
const comparable = (t: Comparable): Comparable => ({
  taskId: t.taskId,
  directiveId: t.directiveId,
  title: t.title,
  key: t.key,
  dueOn: t.dueOn,
  total: t.total,
  completed: t.completed,
  completedOnTime: t.completedOnTime,
  completedLate: t.completedLate,
  awaitingConfirmation: t.awaitingConfirmation,
  notDue: t.notDue,
  overdue: t.overdue,
  cancelled: t.cancelled,
  byGroup: t.byGroup,
});

const one = async (query: Promise<{ n: number }[]>) => (await query)[0]!.n;

describe('the national data set', () => {
  it('has exactly the assignments asked for, with levels, co-operating units and successors', async () => {
    expect(await one(db.sql`SELECT count(*)::int AS n FROM assignments`)).toBe(N);
    expect(data.assignments).toBe(N);
    expect(data.subAssignments).toBeGreaterThan(0);
    expect(await one(db.sql`SELECT count(*)::int AS n FROM assignments WHERE parent_workflow_id IS NOT NULL`)).toBe(data.subAssignments);
    expect(await one(db.sql`SELECT count(*)::int AS n FROM assignment_events`)).toBe(data.events);
    expect(data.largestTaskAssignments).toBe(3213);
    expect(data.taskIds.length).toBeGreaterThan(5);
    expect(data.cooperating).toBeGreaterThan(0);
    expect(data.successors).toBeGreaterThan(0);
    expect(await one(db.sql`SELECT count(*)::int AS n FROM assignments WHERE predecessor_workflow_id IS NOT NULL`)).toBe(data.successors);
    expect(await one(db.sql`SELECT count(*)::int AS n FROM assignment_events WHERE kind = 'extension_approved'`)).toBeGreaterThan(0);
    expect(await one(db.sql`SELECT count(*)::int AS n FROM assignment_events WHERE kind = 'completion_returned'`)).toBeGreaterThan(0);
    expect(Object.keys(data.statusCounts).sort()).toEqual(
      expect.arrayContaining([
        'completed_late',
        'completed_on_time',
        'not_due',
        'overdue',
        'cancelled',
        'reassigned',
        'awaiting_confirmation',
      ]),
    );
  });

  it('gives every assignment exactly one assigned event, seq 1, carrying its first due date', async () => {
    expect(
      await one(db.sql`
        SELECT count(*)::int AS n FROM assignments a
        WHERE (SELECT count(*) FROM assignment_events e WHERE e.workflow_id = a.workflow_id AND e.kind = 'assigned') <> 1
           OR NOT EXISTS (SELECT 1 FROM assignment_events e WHERE e.workflow_id = a.workflow_id AND e.seq = 1 AND e.kind = 'assigned'
                          -- A successor starts on its predecessor's due date in force, and keeps the original one.
                          AND e.data->>'dueOn' = CASE WHEN a.predecessor_workflow_id IS NULL THEN a.original_due_on
                            ELSE (SELECT p.due_on FROM assignments p WHERE p.workflow_id = a.predecessor_workflow_id) END::text
                          AND e.data->>'predecessor' IS NOT DISTINCT FROM a.predecessor_workflow_id)`),
    ).toBe(0);
    expect(
      await one(
        db.sql`SELECT count(*)::int AS n FROM assignment_events e WHERE NOT EXISTS (SELECT 1 FROM assignments a WHERE a.workflow_id = e.workflow_id)`,
      ),
    ).toBe(0);
  });

  it('numbers events 1..version without gaps, in time order, none after now', async () => {
    expect(
      await one(db.sql`
        SELECT count(*)::int AS n FROM assignments a
        JOIN (SELECT workflow_id, max(seq) AS top, count(*) AS k, min(seq) AS low FROM assignment_events GROUP BY workflow_id) e USING (workflow_id)
        WHERE a.version <> e.top OR e.k <> e.top OR e.low <> 1`),
    ).toBe(0);
    expect(
      await one(db.sql`
        SELECT count(*)::int AS n FROM assignment_events e JOIN assignment_events f ON f.workflow_id = e.workflow_id AND f.seq = e.seq + 1
        WHERE f.at < e.at`),
    ).toBe(0);
    expect(await one(db.sql`SELECT count(*)::int AS n FROM assignment_events WHERE at > ${new Date(NOW)}`)).toBe(0);
    expect(
      await one(
        db.sql`SELECT count(*)::int AS n FROM assignments a JOIN assignment_events e ON e.workflow_id = a.workflow_id AND e.seq = a.version WHERE e.status <> a.status`,
      ),
    ).toBe(0);
  });

  it('keeps each status consistent with its events', async () => {
    const bad = await db.sql<{ status: string; n: number }[]>`
      SELECT a.status, count(*)::int AS n FROM assignments a
      WHERE CASE a.status
        WHEN 'completed_on_time' THEN NOT EXISTS (SELECT 1 FROM assignment_events e WHERE e.workflow_id = a.workflow_id AND e.kind = 'completed')
                                      OR a.completed_at IS NULL OR a.completion IS NULL
        WHEN 'completed_late' THEN NOT EXISTS (SELECT 1 FROM assignment_events e WHERE e.workflow_id = a.workflow_id AND e.kind = 'completed')
                                   OR a.completed_at IS NULL
        WHEN 'cancelled' THEN NOT EXISTS (SELECT 1 FROM assignment_events e WHERE e.workflow_id = a.workflow_id AND e.kind = 'cancelled')
                              OR a.cancelled_at IS NULL
        WHEN 'reassigned' THEN NOT EXISTS (SELECT 1 FROM assignment_events e WHERE e.workflow_id = a.workflow_id AND e.kind = 'reassigned')
                               OR a.reassigned_to IS NULL
        WHEN 'awaiting_confirmation' THEN NOT EXISTS (SELECT 1 FROM assignment_events e WHERE e.workflow_id = a.workflow_id AND e.kind = 'completion_reported')
                                          OR EXISTS (SELECT 1 FROM assignment_events e WHERE e.workflow_id = a.workflow_id AND e.kind = 'completed')
        ELSE EXISTS (SELECT 1 FROM assignment_events e WHERE e.workflow_id = a.workflow_id
                     AND e.kind IN ('completed', 'cancelled', 'reassigned'))
      END
      GROUP BY a.status`;
    expect(bad).toEqual([]);
    // Confirmations name who confirmed; an extension's date is the due date in force.
    expect(
      await one(db.sql`
        SELECT count(*)::int AS n FROM assignment_events e JOIN assignments a USING (workflow_id)
        WHERE e.kind = 'completed' AND (a.completion->>'confirmedBy') IS NOT NULL AND (e.data->>'confirmedBy') IS NULL`),
    ).toBe(0);
    expect(
      await one(db.sql`
        SELECT count(*)::int AS n FROM assignments a
        WHERE a.due_on <> coalesce((SELECT max((e.data->>'to')::date) FROM assignment_events e WHERE e.workflow_id = a.workflow_id AND e.kind = 'extension_approved'), a.original_due_on)
          AND a.predecessor_workflow_id IS NULL`),
    ).toBe(0);
  });

  it('agrees with the domain: the facts folded from the events classify each row as its status says', async () => {
    const rows = await db.sql<{ workflow_id: string; status: string; due_on: string; events: LifecycleEvent[] }[]>`
      SELECT a.workflow_id, a.status, a.due_on::text,
             json_agg(json_build_object('seq', e.seq, 'kind', e.kind, 'at', (extract(epoch FROM e.at) * 1000)::float8, 'data', e.data) ORDER BY e.seq) AS events
      FROM assignments a JOIN assignment_events e USING (workflow_id) GROUP BY a.workflow_id, a.status, a.due_on`;
    for (const r of rows) {
      const facts = factsAsOf(r.events, NOW);
      expect(facts.assigned).toBe(true);
      if (r.status === 'cancelled') expect(facts.cancelled).toBe(true);
      if (r.status === 'reassigned') expect(facts.reassigned).toBe(true);
      if (r.status === 'completed_on_time' || r.status === 'completed_late') expect(facts.completion).not.toBeNull();
      if (r.status === 'awaiting_confirmation') expect(facts.awaitingConfirmation).toBe(true);
      if (r.status === 'not_due' || r.status === 'due_soon' || r.status === 'overdue') expect(facts.completion).toBeNull();
      expect(facts.dueOn).toBe(r.due_on);
    }
  });

  it('links levels and successors to rows that exist, and names only units of the directory', async () => {
    expect(
      await one(db.sql`
        SELECT count(*)::int AS n FROM assignments a WHERE a.parent_workflow_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM assignments p WHERE p.workflow_id = a.parent_workflow_id AND p.task_id = a.task_id
                          AND p.unit_code = a.answers_to AND a.ancestor_units = ARRAY[p.unit_code])`),
    ).toBe(0);
    expect(
      await one(db.sql`
        SELECT count(*)::int AS n FROM assignments a WHERE a.predecessor_workflow_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM assignments p WHERE p.workflow_id = a.predecessor_workflow_id AND p.status = 'reassigned'
                          AND p.reassigned_to = a.unit_code)`),
    ).toBe(0);
    const codes = new Set(data.units.map((u) => u.code));
    const used = await db.sql<{ code: string }[]>`
      SELECT DISTINCT unnest(array[unit_code, original_unit] || ancestor_units || coalesce(array[answers_to], '{}') || coalesce(array[reassigned_to], '{}')) AS code
      FROM assignments`;
    expect(used.map((u) => u.code).filter((c) => c !== null && !codes.has(c))).toEqual([]);
    // Sub-units sit below the unit they are passed on from.
    const parentOf = new Map(data.units.map((u) => [u.code, u.parent]));
    const subs = await db.sql<{ unit_code: string; answers_to: string }[]>`
      SELECT unit_code, answers_to FROM assignments WHERE parent_workflow_id IS NOT NULL`;
    expect(subs.filter((s) => parentOf.get(s.unit_code) !== s.answers_to)).toEqual([]);
    expect(
      await one(db.sql`SELECT count(*)::int AS n FROM assignments a WHERE workflow_id <> 'assignment/' || task_id || '/' || unit_code`),
    ).toBe(0);
  });

  it('gives the directive list the k of N the API’s directive progress gives, at every level', async () => {
    const deps = { sql: db.sql, units: createUnitDirectory(data.units), now: () => NOW } as unknown as AppDeps;
    const [commune] = await db.sql<{ unit_code: string }[]>`SELECT unit_code FROM assignments WHERE parent_workflow_id IS NOT NULL LIMIT 1`;
    const [cooperating] = await db.sql<{ unit_code: string }[]>`SELECT unit_code FROM assignments WHERE role = 'cooperating' LIMIT 1`;
    const principals: Principal[] = [
      { id: 'admin', tokenId: null, role: 'admin', unitCode: null, scope: 'all' },
      { id: 'leader', tokenId: 't', role: 'leader', unitCode: null, scope: ['tinh-01', 'tinh-02', 'tinh-03', 'bo-01', commune!.unit_code] },
      { id: 'province', tokenId: 't', role: 'unit', unitCode: 'tinh-01', scope: [] },
      { id: 'commune', tokenId: 't', role: 'unit', unitCode: commune!.unit_code, scope: [] },
      ...(cooperating ? [{ id: 'coop', tokenId: 't', role: 'unit' as const, unitCode: cooperating.unit_code, scope: [] }] : []),
    ];
    for (const p of principals) {
      const summaries = await taskSummaries(deps, p, data.directiveIds);
      const expected = [];
      for (const id of data.directiveIds) {
        try {
          const d = await directiveProgress(deps, p, id, { keyOnly: false, periodDays: 30 });
          expected.push(...d.tasks.map((t) => comparable({ ...t, directiveId: id })));
        } catch (err) {
          if (!(err instanceof DomainError && err.kind === 'not-found')) throw err;
        }
      }
      const got = summaries.map(comparable);
      expect(got, p.id).toEqual(expected);
      expect(got.length, p.id).toBeGreaterThan(0);
    }
  });
});
