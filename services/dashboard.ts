/**
 * Aggregates for the dashboard computed in SQL (bounded, indexed), limited to what the principal may see with
 * the one visibility rule (services/access.ts). Counting follows domain/progress.ts rollUp: reassigned
 * and cancelled assignments are not counted; "late" is completed late.
 */
import { seesAllUnits, visibleUnits, type Principal } from './access';
import type { AppDeps } from './deps';
import type { DirectiveRow as StoredDirective } from './directives';
import type { Sql } from '../db/sql';
import type { RollUp } from '../domain/progress';
import { listAssignments } from './assignments';
import type { AssignmentView } from './types';

const visibleTo = (sql: Sql, p: Principal) => visibleUnits(sql, p, 'a.unit_code');

export function provinceCodes(deps: AppDeps): string[] {
  return deps.units
    .all()
    .filter((u) => u.kind === 'province')
    .map((u) => u.code);
}

/** The roll-up's counts (domain/progress.ts), aggregated in SQL for pages over large read models. */
export interface TaskSummary extends Pick<
  RollUp,
  'total' | 'completed' | 'completedOnTime' | 'completedLate' | 'awaitingConfirmation' | 'notDue' | 'overdue' | 'cancelled'
> {
  taskId: string;
  directiveId: string;
  title: string;
  titleEn: string | null;
  key: boolean;
  dueOn: string | null;
  byGroup: { localities: { done: number; total: number }; ministries: { done: number; total: number } };
}

/**
 * Per-task roll-ups of the given directives: counts grouped by (task, status, province or not) in SQL, one query
 * per directive run side by side (each uses the (task_id, unit_code) index and stays small), folded here.
 */
export async function taskSummaries(deps: AppDeps, p: Principal, directiveIds: string[]): Promise<TaskSummary[]> {
  if (directiveIds.length === 0) return [];
  const { sql } = deps;
  const provinces = provinceCodes(deps);
  const tasks = await sql<
    { id: string; directive_id: string; title: string; title_en: string | null; key_task: boolean; due_on: string | null }[]
  >`
    SELECT id, directive_id, title, title_en, key_task, due_on FROM tasks WHERE directive_id = ANY(${directiveIds})
    ORDER BY due_on NULLS LAST, id`;
  const byDirective = new Map<string, string[]>();
  for (const t of tasks) byDirective.set(t.directive_id, [...(byDirective.get(t.directive_id) ?? []), t.id]);
  const counts = (
    await Promise.all(
      [...byDirective.values()].map(
        (taskIds) => sql<{ task_id: string; status: string; prov: boolean; n: number }[]>`
          SELECT a.task_id, a.status, (pr.code IS NOT NULL) AS prov, count(*)::int AS n
          FROM assignments a LEFT JOIN unnest(${provinces}::text[]) AS pr(code) ON pr.code = a.unit_code
          WHERE a.task_id = ANY(${taskIds}) ${visibleTo(sql, p)}
          GROUP BY 1, 2, 3`,
      ),
    )
  ).flat();
  const summaries = new Map<string, TaskSummary>(
    tasks.map((t) => [
      t.id,
      {
        taskId: t.id,
        directiveId: t.directive_id,
        title: t.title,
        titleEn: t.title_en,
        key: t.key_task,
        dueOn: t.due_on,
        total: 0,
        completed: 0,
        completedOnTime: 0,
        completedLate: 0,
        awaitingConfirmation: 0,
        notDue: 0,
        overdue: 0,
        cancelled: 0,
        byGroup: { localities: { done: 0, total: 0 }, ministries: { done: 0, total: 0 } },
      },
    ]),
  );
  for (const c of counts) {
    const s = summaries.get(c.task_id);
    if (!s) continue;
    if (c.status === 'cancelled') s.cancelled += c.n;
    if (c.status === 'cancelled' || c.status === 'reassigned') continue;
    const done = c.status === 'completed_on_time' || c.status === 'completed_late';
    const group = c.prov ? s.byGroup.localities : s.byGroup.ministries;
    s.total += c.n;
    group.total += c.n;
    if (done) {
      s.completed += c.n;
      group.done += c.n;
    }
    if (c.status === 'completed_on_time') s.completedOnTime += c.n;
    if (c.status === 'completed_late') s.completedLate += c.n;
    if (c.status === 'awaiting_confirmation') s.awaitingConfirmation += c.n;
    if (c.status === 'not_due' || c.status === 'due_soon') s.notDue += c.n;
    if (c.status === 'overdue') s.overdue += c.n;
  }
  return [...summaries.values()];
}

/** The directive columns a page lists. */
export type DirectiveRow = Pick<
  StoredDirective,
  'id' | 'number' | 'kind' | 'issuer' | 'issued_on' | 'title' | 'title_en' | 'url' | 'summary' | 'summary_en'
>;

/** One page of directives with filters (text, issuer, only those with overdue assignments in scope). */
export async function directivePage(
  deps: AppDeps,
  p: Principal,
  f: { q?: string; issuer?: string; overdue?: boolean; offset: number; limit: number },
): Promise<{ rows: DirectiveRow[]; more: boolean }> {
  const { sql } = deps;
  const like = f.q ? `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null;
  const rows = await sql<DirectiveRow[]>`
    SELECT d.id, d.number, d.kind, d.issuer, d.issued_on, d.title, d.title_en, d.url, d.summary, d.summary_en FROM directives d
    WHERE true
      ${like ? sql`AND (d.title ILIKE ${like} OR d.number ILIKE ${like} OR d.id ILIKE ${like})` : sql``}
      ${f.issuer ? sql`AND d.issuer = ${f.issuer}` : sql``}
      ${f.overdue ? sql`AND EXISTS (SELECT 1 FROM assignments a WHERE a.directive_id = d.id AND a.status = 'overdue' ${visibleTo(sql, p)})` : sql``}
    ORDER BY d.issued_on DESC, d.id
    OFFSET ${f.offset} LIMIT ${f.limit + 1}`;
  return { rows: rows.slice(0, f.limit), more: rows.length > f.limit };
}

export async function issuers(sql: Sql): Promise<string[]> {
  return (await sql<{ issuer: string }[]>`SELECT DISTINCT issuer FROM directives ORDER BY issuer LIMIT 200`).map((r) => r.issuer);
}

/** A task's heading for its page: its title and its directive's number; null when absent or out of scope. */
export async function taskHeading(
  deps: AppDeps,
  p: Principal,
  taskId: string,
): Promise<{ id: string; title: string; titleEn: string | null; directiveId: string; number: string } | null> {
  const { sql } = deps;
  const [task] = await sql<{ id: string; title: string; title_en: string | null; directive_id: string; number: string }[]>`
    SELECT t.id, t.title, t.title_en, t.directive_id, d.number FROM tasks t JOIN directives d ON d.id = t.directive_id
    WHERE t.id = ${taskId}
      ${seesAllUnits(p) ? sql`` : sql`AND EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = t.id ${visibleTo(sql, p)})`}`;
  return task ? { id: task.id, title: task.title, titleEn: task.title_en, directiveId: task.directive_id, number: task.number } : null;
}

/** A directive for its report page; null when absent or when the caller sees none of its assignments. */
export async function reportDirective(deps: AppDeps, p: Principal, directiveId: string): Promise<DirectiveRow | null> {
  const { sql } = deps;
  const [directive] = await sql<DirectiveRow[]>`
    SELECT d.id, d.number, d.kind, d.issuer, d.issued_on, d.title, d.title_en, d.url, d.summary, d.summary_en FROM directives d
    WHERE d.id = ${directiveId}
      ${seesAllUnits(p) ? sql`` : sql`AND EXISTS (SELECT 1 FROM assignments a WHERE a.directive_id = d.id ${visibleTo(sql, p)})`}`;
  return directive ?? null;
}

/** A directive's report: per-task roll-ups, their totals, and the overdue assignments in scope. */
export interface DirectiveReport {
  directive: DirectiveRow;
  totals: Omit<TaskSummary, 'taskId' | 'directiveId' | 'title' | 'titleEn' | 'key' | 'dueOn'>;
  tasks: TaskSummary[];
  overdue: AssignmentView[];
  overdueMore: boolean;
}

export async function directiveReport(
  deps: AppDeps,
  p: Principal,
  directiveId: string,
  overdueLimit: number,
): Promise<DirectiveReport | null> {
  const directive = await reportDirective(deps, p, directiveId);
  if (!directive) return null;
  const tasks = await taskSummaries(deps, p, [directiveId]);
  const sum = (f: (x: TaskSummary) => number) => tasks.reduce((n, x) => n + f(x), 0);
  const totals: DirectiveReport['totals'] = {
    total: sum((x) => x.total),
    completed: sum((x) => x.completed),
    completedOnTime: sum((x) => x.completedOnTime),
    completedLate: sum((x) => x.completedLate),
    awaitingConfirmation: sum((x) => x.awaitingConfirmation),
    notDue: sum((x) => x.notDue),
    overdue: sum((x) => x.overdue),
    cancelled: sum((x) => x.cancelled),
    byGroup: {
      localities: { done: sum((x) => x.byGroup.localities.done), total: sum((x) => x.byGroup.localities.total) },
      ministries: { done: sum((x) => x.byGroup.ministries.done), total: sum((x) => x.byGroup.ministries.total) },
    },
  };
  const overdue: AssignmentView[] = [];
  let cursor: string | undefined;
  let overdueMore = false;
  while (overdue.length < overdueLimit) {
    const list = await listAssignments(deps.sql, p, {
      directive: directiveId,
      status: 'overdue',
      limit: Math.min(500, overdueLimit - overdue.length),
      cursor,
    });
    overdue.push(...list.items);
    if (!list.nextCursor) break;
    cursor = list.nextCursor;
    if (overdue.length >= overdueLimit) overdueMore = true;
  }
  return { directive, totals, tasks, overdue, overdueMore };
}
