/**
 * The web's lists and reports, limited to what the principal may see with the one visibility rule
 * (services/access.ts) and counted with the one rule (domain/counting.ts): each task's k of N is what the API's
 * directive progress (services/progress.ts directiveProgress) gives it — the same rows, the same level rule
 * (countsAtLevel) and the same tally — read narrower, so the list, the task page, the API and the exports agree
 * (test/integration/national-dataset.test.ts holds the two equal over levels, co-operating units and successors).
 */
import { canSeeUnit, seesAllUnits, visibleUnits, type Principal } from './access';
import type { AppDeps } from './deps';
import type { DirectiveRow as StoredDirective } from './directives';
import type { Sql } from '../db/sql';
import { countsAtLevel, sumTallies, tally, type Tally } from '../domain/counting';
import { listAssignments } from './assignments';
import type { AssignmentView } from './types';
import type { Status } from '../domain/status';
import type { UnitKind } from '../domain/units';

const visibleTo = (sql: Sql, p: Principal) => visibleUnits(sql, p, 'a.unit_code');

/** A task's k of N as the API's directive progress gives it. */
export interface TaskSummary extends Tally {
  taskId: string;
  directiveId: string;
  title: string;
  titleEn: string | null;
  key: boolean;
  dueOn: string | null;
}

/**
 * Per-task roll-ups of the given directives: only the tasks the caller may see, counted as the API counts them
 * (directiveProgress: the top of what the caller sees, countsAtLevel, tallied by domain/counting.ts `tally`). Only the
 * columns a tally needs cross the wire, and one query serves every directive: the directive list's ten directives
 * carry tens of thousands of rows at national scale, and the full progress (laggards, update rates, the directive's
 * own roll-up) of each was computed and thrown away (bench/ read section).
 */
export async function taskSummaries(deps: AppDeps, p: Principal, directiveIds: string[]): Promise<TaskSummary[]> {
  if (directiveIds.length === 0) return [];
  const { sql } = deps;
  const all = seesAllUnits(p);
  const tasks = await sql<
    { id: string; directive_id: string; title: string; title_en: string | null; key_task: boolean; due_on: string | null }[]
  >`
    SELECT id, directive_id, title, title_en, key_task, due_on FROM tasks WHERE directive_id = ANY(${directiveIds})
    ORDER BY due_on NULLS LAST, id`;
  if (tasks.length === 0) return [];
  // Who sees every unit counts the top level only: lead rows with no holder above (countsAtLevel with every unit seen).
  // `cardinality(…) = 0`, not `= '{}'`: the latter matches the GIN index on ancestor_units, and the planner ANDed a scan
  // of every top-level row's entry into the plan (68 of 123 ms at 1,000,000 assignments).
  const rows = await sql<
    { task_id: string; unit_code: string; status: Status; ancestor_units?: string[]; role?: 'lead' | 'cooperating' }[]
  >`
    SELECT a.task_id, a.unit_code, a.status ${all ? sql`` : sql`, a.ancestor_units, a.role`}
    FROM assignments a
    WHERE a.task_id = ANY(${tasks.map((t) => t.id)})
      ${all ? sql`AND a.role <> 'cooperating' AND cardinality(a.ancestor_units) = 0` : visibleTo(sql, p)}`;
  const sees = (u: string) => canSeeUnit(p, u);
  const byTask = new Map<string, { status: Status; unitKind: UnitKind }[]>();
  for (const r of rows) {
    if (!all) {
      const ancestors = r.ancestor_units ?? [];
      if (!(sees(r.unit_code) || ancestors.some(sees)) || !countsAtLevel({ role: r.role ?? 'lead', ancestorUnits: ancestors }, sees))
        continue;
    }
    const facts = byTask.get(r.task_id) ?? [];
    facts.push({ status: r.status, unitKind: deps.units.get(r.unit_code)?.kind ?? 'other' });
    byTask.set(r.task_id, facts);
  }
  const summaryOf = (t: (typeof tasks)[number]): TaskSummary => ({
    ...tally(byTask.get(t.id) ?? []),
    taskId: t.id,
    directiveId: t.directive_id,
    title: t.title,
    titleEn: t.title_en,
    key: t.key_task,
    dueOn: t.due_on,
  });
  // In the order asked, each directive's tasks by due date; a caller who does not see every unit gets only the tasks
  // they count an assignment in (the titles of the others are not theirs).
  return directiveIds.flatMap((id) => tasks.filter((t) => t.directive_id === id && (all || byTask.has(t.id))).map(summaryOf));
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
  // An issuer is every spelling of it ("VPCP", "Văn phòng Chính phủ / Government Office").
  const spellings = f.issuer ? ((await issuerSpellings(deps, p)).get(issuerKey(f.issuer)) ?? [f.issuer]) : null;
  const rows = await sql<DirectiveRow[]>`
    SELECT d.id, d.number, d.kind, d.issuer, d.issued_on, d.title, d.title_en, d.url, d.summary, d.summary_en FROM directives d
    WHERE true
      ${seesAllUnits(p) ? sql`` : sql`AND EXISTS (SELECT 1 FROM assignments a WHERE a.directive_id = d.id ${visibleTo(sql, p)})`}
      ${like ? sql`AND (d.title ILIKE ${like} OR d.number ILIKE ${like} OR d.id ILIKE ${like})` : sql``}
      ${spellings ? sql`AND d.issuer = ANY(${spellings})` : sql``}
      ${f.overdue ? sql`AND EXISTS (SELECT 1 FROM assignments a WHERE a.directive_id = d.id AND a.status = 'overdue' ${visibleTo(sql, p)})` : sql``}
    ORDER BY d.issued_on DESC, d.id
    OFFSET ${f.offset} LIMIT ${f.limit + 1}`;
  return { rows: rows.slice(0, f.limit), more: rows.length > f.limit };
}

/** Abbreviations directives are filed under, by the issuer they stand for. */
const ISSUER_ALIASES: Record<string, string> = { vpcp: 'văn phòng chính phủ', ttcp: 'thủ tướng chính phủ' };

/**
 * An issuer's identity: its Vietnamese name (the part before " / English"), NFC, single-spaced, lower case, with
 * abbreviations expanded, so "VPCP", "Văn phòng Chính phủ" and "Văn phòng Chính phủ / Government Office" are one.
 */
export function issuerKey(issuer: string): string {
  const vi = issuer.normalize('NFC').split(' / ')[0]!.trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
  return ISSUER_ALIASES[vi] ?? vi;
}

/** The name an issuer is listed under: the Vietnamese part of its longest spelling that is not an abbreviation. */
function issuerLabel(spellings: string[]): string {
  const names = spellings.map((x) => x.normalize('NFC').split(' / ')[0]!.trim().replace(/\s+/g, ' '));
  const full = names.filter((n) => !ISSUER_ALIASES[n.toLocaleLowerCase('vi')]).sort((a, b) => b.length - a.length)[0];
  const key = issuerKey(spellings[0]!);
  return full ?? key.replace(/(^|\s)\p{L}/gu, (m) => m.toLocaleUpperCase('vi'));
}

/** Every stored spelling of the issuers the caller may see, grouped by issuer. */
async function issuerSpellings(deps: AppDeps, p: Principal): Promise<Map<string, string[]>> {
  const { sql } = deps;
  const rows = await sql<{ issuer: string }[]>`
    SELECT DISTINCT d.issuer FROM directives d
    WHERE true ${seesAllUnits(p) ? sql`` : sql`AND EXISTS (SELECT 1 FROM assignments a WHERE a.directive_id = d.id ${visibleTo(sql, p)})`}
    ORDER BY d.issuer LIMIT 1000`;
  const byKey = new Map<string, string[]>();
  for (const { issuer } of rows) {
    const key = issuerKey(issuer);
    if (key) byKey.set(key, [...(byKey.get(key) ?? []), issuer]);
  }
  return byKey;
}

/** The issuer filter's choices: each issuer of the directives the caller may see, once. */
export async function issuers(deps: AppDeps, p: Principal): Promise<string[]> {
  const byKey = await issuerSpellings(deps, p);
  return [...byKey.values()]
    .map(issuerLabel)
    .sort((a, b) => a.localeCompare(b, 'vi'))
    .slice(0, 200);
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
  totals: Tally;
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
  const totals = sumTallies(tasks);
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
