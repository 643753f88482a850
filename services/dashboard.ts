/**
 * The web's lists and reports, limited to what the principal may see with the one visibility rule
 * (services/access.ts) and counted with the one rule (domain/counting.ts): each directive's figures come from
 * the same scoped service call as the API's (services/progress.ts directiveProgress), so the list, the task page,
 * the API and the exports give the same k of N.
 */
import { seesAllUnits, visibleUnits, type Principal } from './access';
import type { AppDeps } from './deps';
import type { DirectiveRow as StoredDirective } from './directives';
import type { Sql } from '../db/sql';
import { sumTallies, type Tally } from '../domain/counting';
import { listAssignments } from './assignments';
import { DomainError } from './errors';
import { directiveProgress } from './progress';
import type { AssignmentView } from './types';

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

const tallyOf = (x: Tally): Tally => ({
  total: x.total,
  completed: x.completed,
  completedOnTime: x.completedOnTime,
  completedLate: x.completedLate,
  awaitingConfirmation: x.awaitingConfirmation,
  notDue: x.notDue,
  overdue: x.overdue,
  cancelled: x.cancelled,
  byGroup: x.byGroup,
});

/** The API's directive progress, or null when the directive is absent or none of it is the caller's to see. */
async function scopedProgress(deps: AppDeps, p: Principal, directiveId: string) {
  try {
    return await directiveProgress(deps, p, directiveId, { keyOnly: false, periodDays: 30 });
  } catch (err) {
    if (err instanceof DomainError && err.kind === 'not-found') return null;
    throw err;
  }
}

/** Per-task roll-ups of the given directives: only the tasks the caller may see, counted as the API counts them. */
export async function taskSummaries(deps: AppDeps, p: Principal, directiveIds: string[]): Promise<TaskSummary[]> {
  const all = await Promise.all(directiveIds.map((id) => scopedProgress(deps, p, id)));
  return all.flatMap((d) =>
    d
      ? d.tasks.map((t) => ({
          ...tallyOf(t),
          taskId: t.taskId,
          directiveId: d.directiveId,
          title: t.title,
          titleEn: t.titleEn,
          key: t.key,
          dueOn: t.dueOn,
        }))
      : [],
  );
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
