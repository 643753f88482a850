/**
 * Roll-ups over the levels: k-of-N and laggards of an assignment's direct children and of its whole subtree.
 */
import { daysLateOn, isCounted, isDone, isOpen, isOverdueAt } from '../domain/counting';
import { toVnDate, type IsoDate } from '../domain/dates';
import type { Status } from '../domain/status';
import type { Principal } from './access';
import type { AppDeps } from './deps';
import { findLevelRow } from './level-rows';

export interface SubtreeLaggard {
  unitCode: string;
  unitName: string;
  status: Status;
  dueOn: IsoDate;
  daysLate: number;
  depth: number;
}

export interface SubtreeCounts {
  done: number;
  total: number;
  /** Open and past their due date, most late first. */
  laggards: SubtreeLaggard[];
}

export interface SubAssignmentView {
  workflowId: string;
  unitCode: string;
  unitName: string;
  parentUnit: string | null;
  depth: number;
  status: Status;
  dueOn: IsoDate;
  note: string | null;
}

export interface SubtreeView {
  workflowId: string;
  unitCode: string;
  status: Status;
  dueOn: IsoDate;
  /** True when every direct child is done (the holder's own completion stays its decision). */
  allDone: boolean;
  direct: SubtreeCounts;
  subtree: SubtreeCounts;
  /** A progress figure derived from the direct children (percent done), null without children. */
  derivedPercent: number | null;
  children: SubAssignmentView[];
}

interface TreeRow {
  workflow_id: string;
  unit_code: string;
  parent_workflow_id: string;
  status: Status;
  due_on: string;
  due_at: Date | null;
  note: string | null;
  depth: number;
}

/** k-of-N over rows by the one rule (domain/counting.ts): reassigned rows count under their successor, cancelled ones not at all. */
export function countsOf(
  deps: AppDeps,
  rows: { unit_code: string; status: Status; due_on: string; due_at?: Date | null; depth?: number }[],
  now: number,
): SubtreeCounts {
  const today = toVnDate(new Date(now));
  const counted = rows.filter((r) => isCounted(r.status));
  const laggards = counted
    .filter((r) => r.status === 'overdue' || (isOpen(r.status) && isOverdueAt(r.due_on, r.due_at?.getTime() ?? null, now)))
    .map((r) => ({
      unitCode: r.unit_code,
      unitName: deps.units.get(r.unit_code)?.nameVi ?? r.unit_code,
      status: r.status,
      dueOn: r.due_on,
      daysLate: daysLateOn(r.due_on, today),
      depth: r.depth ?? 1,
    }))
    .sort((a, b) => b.daysLate - a.daysLate || a.unitCode.localeCompare(b.unitCode));
  return { done: counted.filter((r) => isDone(r.status)).length, total: counted.length, laggards };
}

/**
 * Every assignment below the given ones, with its depth and the given one it descends from. The planner cannot
 * estimate a recursion (it guesses millions of rows), so two things keep the work to the subtree's own rows
 * (bench/ read section, the largest task's 3,150 sub-assignments at 1,000,000 assignments): the columns ride along in
 * the recursion instead of a join back to `assignments` afterwards (which hashed the whole table: 211 ms at 100,000),
 * and each level's children are looked up per parent through assignments_parent (the LATERAL with OFFSET 0 keeps it a
 * nested loop; as a join the planner chose a merge join over the whole index, 1.5 s for a task whose ids sort late).
 */
async function subtreeRows(deps: AppDeps, workflowIds: string[]): Promise<(TreeRow & { root: string })[]> {
  if (workflowIds.length === 0) return [];
  return deps.sql<(TreeRow & { root: string })[]>`
    WITH RECURSIVE tree AS (
      SELECT workflow_id, unit_code, parent_workflow_id, status, due_on, due_at, note, 1 AS depth, parent_workflow_id AS root
      FROM assignments WHERE parent_workflow_id = ANY(${workflowIds})
      UNION
      SELECT a.workflow_id, a.unit_code, a.parent_workflow_id, a.status, a.due_on, a.due_at, a.note, t.depth + 1, t.root
      FROM tree t
      CROSS JOIN LATERAL (
        SELECT c.workflow_id, c.unit_code, c.parent_workflow_id, c.status, c.due_on, c.due_at, c.note
        FROM assignments c WHERE c.parent_workflow_id = t.workflow_id
        OFFSET 0
      ) a
    )
    SELECT workflow_id, unit_code, parent_workflow_id, status, due_on, due_at, note, depth, root FROM tree ORDER BY depth, unit_code`;
}

/** Each workflow's direct and whole-subtree counts, for the roll-ups of a task. */
export async function subtreeCountsOf(
  deps: AppDeps,
  workflowIds: string[],
): Promise<Map<string, { direct: SubtreeCounts; subtree: SubtreeCounts }>> {
  const rows = await subtreeRows(deps, workflowIds);
  const now = deps.now?.() ?? Date.now();
  // Grouped once: a task of 63 provinces with 3,150 communes below them would otherwise scan every row per province.
  const byRoot = new Map<string, (TreeRow & { root: string })[]>();
  for (const r of rows) {
    const list = byRoot.get(r.root);
    if (list) list.push(r);
    else byRoot.set(r.root, [r]);
  }
  return new Map(
    workflowIds.map((id) => {
      const mine = byRoot.get(id) ?? [];
      return [
        id,
        {
          direct: countsOf(
            deps,
            mine.filter((r) => r.depth === 1),
            now,
          ),
          subtree: countsOf(deps, mine, now),
        },
      ];
    }),
  );
}

/** An assignment's sub-assignments: k-of-N and laggards for its direct children and for its whole subtree. */
export async function listSubAssignments(deps: AppDeps, principal: Principal, taskId: string, unitCode: string): Promise<SubtreeView> {
  const parent = await findLevelRow(deps, principal, taskId, unitCode);
  const rows = await subtreeRows(deps, [parent.workflow_id]);
  const now = deps.now?.() ?? Date.now();
  const unitOf = new Map<string, string>([
    [parent.workflow_id, parent.unit_code],
    ...rows.map((r) => [r.workflow_id, r.unit_code] as [string, string]),
  ]);
  const direct = countsOf(
    deps,
    rows.filter((r) => r.depth === 1),
    now,
  );
  return {
    workflowId: parent.workflow_id,
    unitCode: parent.unit_code,
    status: parent.status,
    dueOn: parent.due_on,
    allDone: direct.total > 0 && direct.done === direct.total,
    direct,
    subtree: countsOf(deps, rows, now),
    derivedPercent: direct.total > 0 ? Math.round((100 * direct.done) / direct.total) : null,
    children: rows.map((r) => ({
      workflowId: r.workflow_id,
      unitCode: r.unit_code,
      unitName: deps.units.get(r.unit_code)?.nameVi ?? r.unit_code,
      parentUnit: unitOf.get(r.parent_workflow_id) ?? null,
      depth: r.depth,
      status: r.status,
      dueOn: r.due_on,
      note: r.note,
    })),
  };
}
