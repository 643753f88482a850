/** The in-app inbox of a unit (each role within it), newest first. */
import type { Sql } from '../db/sql';
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
  read_at: Date | null;
  recipient_person: string | null;
}

const toView = (r: NotificationRow) => ({
  id: String(r.id),
  workflowId: r.workflow_id,
  recipientUnit: r.recipient_unit,
  recipientRole: r.recipient_role,
  kind: r.kind,
  title: r.title,
  body: r.body,
  createdAt: r.created_at.toISOString(),
  readAt: r.read_at?.toISOString() ?? null,
});

export async function listNotifications(
  sql: Sql,
  principal: Principal,
  unitCode: string,
  filters: { role?: string; unread?: boolean; kind?: string; limit: number },
) {
  if (!canSeeUnit(principal, unitCode)) throw notFound(`unit ${unitCode}`);
  const rows = await sql<NotificationRow[]>`
    SELECT * FROM notifications WHERE recipient_unit = ${unitCode}
      ${filters.role ? sql`AND recipient_role = ${filters.role}` : sql``}
      ${filters.kind ? sql`AND kind = ${filters.kind}` : sql``}
      ${filters.unread ? sql`AND read_at IS NULL` : sql``}
    ORDER BY created_at DESC, id DESC LIMIT ${filters.limit}`;
  return rows.map(toView);
}

/** Marking read is idempotent: the first read time is kept. */
export async function markNotificationRead(sql: Sql, principal: Principal, id: string) {
  if (!/^\d{1,18}$/.test(id)) throw invalid('id', 'must be a notification id');
  const [row] = await sql<NotificationRow[]>`SELECT * FROM notifications WHERE id = ${id}`;
  const visible = row && (row.recipient_person ? row.recipient_person === principal.id : canSeeUnit(principal, row.recipient_unit));
  if (!row || !visible) throw notFound(`notification ${id}`);
  const [updated] = await sql<NotificationRow[]>`
    UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = ${id} RETURNING *`;
  return toView(updated!);
}

/**
 * The caller's own inbox: a unit officer gets what is addressed to the unit's officers and head; a leader
 * what is addressed to heads and supervising leaders of the units in scope; coordinators and admins the
 * Government Office's coordinator inbox. Notices addressed to the caller by name (a leader's digest) too.
 */
export async function listMyNotifications(sql: Sql, principal: Principal, coordinatorUnit: string, filters: { unread?: boolean; limit: number }) {
  const mine =
    principal.role === 'unit'
      ? sql`recipient_unit = ${principal.unitCode ?? ''} AND recipient_role IN ('unit_officer', 'unit_head')`
      : principal.role === 'leader'
        ? principal.scope === 'all'
          ? sql`recipient_role IN ('unit_head', 'supervising_leader')`
          : sql`recipient_unit = ANY(${principal.scope}) AND recipient_role IN ('unit_head', 'supervising_leader')`
        : sql`recipient_unit = ${coordinatorUnit} AND recipient_role = 'coordinator'`;
  const rows = await sql<NotificationRow[]>`
    SELECT * FROM notifications
    WHERE ((recipient_person IS NULL AND ${mine}) OR recipient_person = ${principal.id})
      ${filters.unread ? sql`AND read_at IS NULL` : sql``}
    ORDER BY created_at DESC, id DESC LIMIT ${filters.limit}`;
  return rows.map(toView);
}
