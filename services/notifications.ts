/** The in-app inbox of a unit (each role within it), newest first. */
import { unitByCode } from '../data/units';
import type { Sql } from '../db/sql';
import type { Language } from '../domain/email-content';
import { describeNotice } from '../domain/notices';
import { inLanguage } from '../domain/titles';
import { unitName } from '../domain/units';
import { canSeeUnit, type Principal } from './access';
import { invalid, notFound } from './errors';

interface NotificationRow {
  id: string;
  workflow_id: string;
  recipient_unit: string;
  recipient_role: string;
  kind: string;
  title: string;
  body: string;
  created_at: Date;
  /** created_at in microseconds since the epoch, exactly (a Date keeps milliseconds): the key a cursor resumes from. */
  created_us: string;
  read_at: Date | null;
  recipient_person: string | null;
  due_on: string | null;
  details: Record<string, unknown> | null;
  unit_code: string | null;
  task_title: string | null;
  task_title_en: string | null;
  directive_number: string | null;
  pending_extension: { newDueOn?: string } | null;
  reassigned_to: string | null;
  refusal: { reason?: string } | null;
}

/** Notices with the facts they speak of: the assignment's task, directive and unit. */
const withFacts = (sql: Sql) => sql`
  SELECT n.*, (extract(epoch FROM n.created_at) * 1000000)::bigint::text AS created_us, a.unit_code, a.pending_extension, a.reassigned_to, a.refusal, t.title AS task_title, t.title_en AS task_title_en, d.number AS directive_number
  FROM notifications n
  LEFT JOIN assignments a ON a.workflow_id = n.workflow_id
  LEFT JOIN tasks t ON t.id = a.task_id
  LEFT JOIN directives d ON d.id = a.directive_id`;

/** A page of an inbox, newest first, and the cursor of the next page (null: this is the last). */
export interface NotificationPage {
  items: ReturnType<typeof toView>[];
  nextCursor: string | null;
}

/** The position after a notice in (created_at, id) descending order, opaque to the caller. */
function encodeCursor(r: NotificationRow): string {
  return Buffer.from(JSON.stringify([r.created_us, String(r.id)])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      /^-?\d{1,16}$/.test(value[0]) &&
      typeof value[1] === 'string' &&
      /^\d{1,18}$/.test(value[1])
    )
      return value as [string, string];
  } catch {
    // fall through
  }
  throw invalid('cursor', 'not a cursor this API issued');
}

/** Rows after the cursor, in the inbox order (created_at DESC, id DESC): a row inserted meanwhile is never repeated. */
const afterCursor = (sql: Sql, cursor: string | undefined) => {
  if (!cursor) return sql``;
  const [at, id] = decodeCursor(cursor);
  // Whole microseconds below 2^53: exact through the float factor of interval multiplication.
  return sql`AND (n.created_at, n.id) < (timestamptz 'epoch' + ${at}::bigint * interval '1 microsecond', ${id}::bigint)`;
};

function pageOf(rows: NotificationRow[], limit: number, language: Language): NotificationPage {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map((r) => toView(r, language)), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** The reader's language: their stored preference, Vietnamese otherwise. */
async function readerLanguage(sql: Sql, principal: Principal): Promise<Language> {
  const [row] = await sql<{ language: Language }[]>`SELECT language FROM people WHERE id = ${principal.id}`;
  return row?.language ?? 'vi';
}

/** Written for the reader from the facts; a notice without an assignment (a digest) keeps its stored text. */
function wordingOf(r: NotificationRow, language: Language): { title: string; body: string } {
  if (!r.task_title || !r.unit_code) return { title: r.title, body: r.body };
  const name = (code: string | null) => (code ? unitName(language, unitByCode(code), code) : null);
  const level = r.details?.level;
  const words = describeNotice(
    {
      kind: r.kind,
      at: r.created_at.getTime(),
      // The reader's language, the other as fallback.
      taskTitle: inLanguage(language, r.task_title, r.task_title_en),
      directiveNumber: r.directive_number ?? '',
      unitName: name(r.unit_code)!,
      dueOn: r.due_on ?? '1970-01-01',
      rung: typeof r.details?.rung === 'string' ? r.details.rung : null,
      escalationLevel: typeof level === 'number' ? level : null,
      newDueOn: r.pending_extension?.newDueOn ?? null,
      reassignedTo: name(r.reassigned_to),
      reason: r.refusal?.reason ?? null,
      recipientName: name(r.recipient_unit),
    },
    language,
  );
  return words ?? { title: r.title, body: r.body };
}

const toView = (r: NotificationRow, language: Language = 'vi') => ({
  id: String(r.id),
  workflowId: r.workflow_id,
  recipientUnit: r.recipient_unit,
  recipientRole: r.recipient_role,
  kind: r.kind,
  ...wordingOf(r, language),
  createdAt: r.created_at.toISOString(),
  readAt: r.read_at?.toISOString() ?? null,
});

/**
 * Which recipient roles of a unit's inbox a caller may read: an inbox addressed to a role belongs to that role.
 * Unit officers read their unit's officer and head notices, leaders the heads' and supervising leaders'; the
 * coordinator inbox (and anything else) only coordinators and admins. Null: every role.
 */
export function readableRoles(principal: Principal): string[] | null {
  if (principal.role === 'unit') return ['unit_officer', 'unit_head'];
  if (principal.role === 'leader') return ['unit_head', 'supervising_leader'];
  return null;
}

/**
 * A notice the unit's officers and its head both receive (what answers to the unit: a sub-assignment's report or
 * top rung) is one item to a unit officer: the head's copy is left out where the officers' exists.
 */
const headCopyOfOfficerNotice = (sql: Sql) => sql`
  n.recipient_role = 'unit_head' AND EXISTS (
    SELECT 1 FROM notifications o
    WHERE o.workflow_id = n.workflow_id AND o.seq = n.seq AND o.recipient_unit = n.recipient_unit AND o.recipient_role = 'unit_officer')`;

export async function listNotifications(
  sql: Sql,
  principal: Principal,
  unitCode: string,
  filters: { role?: string; unread?: boolean; kind?: string; limit: number; cursor?: string },
): Promise<NotificationPage> {
  if (!canSeeUnit(principal, unitCode)) throw notFound(`unit ${unitCode}`);
  const roles = readableRoles(principal);
  const rows = await sql<NotificationRow[]>`
    ${withFacts(sql)} WHERE n.recipient_unit = ${unitCode} AND n.recipient_person IS NULL
      ${roles ? sql`AND n.recipient_role = ANY(${roles})` : sql``}
      ${filters.role ? sql`AND n.recipient_role = ${filters.role}` : sql``}
      ${principal.role === 'unit' && !filters.role ? sql`AND NOT (${headCopyOfOfficerNotice(sql)})` : sql``}
      ${filters.kind ? sql`AND n.kind = ${filters.kind}` : sql``}
      ${filters.unread ? sql`AND n.read_at IS NULL` : sql``}
      ${afterCursor(sql, filters.cursor)}
    ORDER BY n.created_at DESC, n.id DESC LIMIT ${filters.limit + 1}`;
  return pageOf(rows, filters.limit, await readerLanguage(sql, principal));
}

/** Marking read is idempotent: the first read time is kept. */
export async function markNotificationRead(sql: Sql, principal: Principal, id: string) {
  if (!/^\d{1,18}$/.test(id)) throw invalid('id', 'must be a notification id');
  const [row] = await sql<NotificationRow[]>`SELECT * FROM notifications WHERE id = ${id}`;
  const roles = readableRoles(principal);
  const visible =
    row &&
    (row.recipient_person
      ? row.recipient_person === principal.id
      : canSeeUnit(principal, row.recipient_unit) && (!roles || roles.includes(row.recipient_role)));
  if (!row || !visible) throw notFound(`notification ${id}`);
  await sql`UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = ${id}`;
  const [updated] = await sql<NotificationRow[]>`${withFacts(sql)} WHERE n.id = ${id}`;
  return toView(updated!, await readerLanguage(sql, principal));
}

/**
 * The caller's own inbox: a unit officer gets what is addressed to the unit's officers and head; a leader
 * what is addressed to heads and supervising leaders of the units in scope; coordinators and admins the
 * Government Office's coordinator inbox. Notices addressed to the caller by name (a leader's digest) too.
 */
export async function listMyNotifications(
  sql: Sql,
  principal: Principal,
  coordinatorUnit: string,
  filters: { unread?: boolean; limit: number; cursor?: string },
): Promise<NotificationPage> {
  const mine =
    principal.role === 'unit'
      ? sql`recipient_unit = ${principal.unitCode ?? ''} AND recipient_role IN ('unit_officer', 'unit_head')`
      : principal.role === 'leader'
        ? principal.scope === 'all'
          ? sql`recipient_role IN ('unit_head', 'supervising_leader')`
          : sql`recipient_unit = ANY(${principal.scope}) AND recipient_role IN ('unit_head', 'supervising_leader')`
        : sql`recipient_unit = ${coordinatorUnit} AND recipient_role = 'coordinator'`;
  const rows = await sql<NotificationRow[]>`
    ${withFacts(sql)}
    WHERE ((n.recipient_person IS NULL AND ${mine}) OR n.recipient_person = ${principal.id})
      ${principal.role === 'unit' ? sql`AND NOT (${headCopyOfOfficerNotice(sql)})` : sql``}
      ${filters.unread ? sql`AND n.read_at IS NULL` : sql``}
      ${afterCursor(sql, filters.cursor)}
    ORDER BY n.created_at DESC, n.id DESC LIMIT ${filters.limit + 1}`;
  return pageOf(rows, filters.limit, await readerLanguage(sql, principal));
}
