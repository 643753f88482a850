/** Directives: the documents (notices, resolutions, decisions) that assign tasks. */
import { randomUUID } from 'node:crypto';
import type { Sql } from '../db/sql';
import { seesAllUnits, visibleUnits, type Principal } from './access';
import { conflict, invalid, notFound } from './errors';
import type { DirectiveInput, DirectiveView } from './types';
import { authorize } from './use-cases';

export type { DirectiveView };

export interface DirectiveRow {
  id: string;
  number: string;
  kind: string;
  issuer: string;
  issued_on: string;
  title: string;
  title_en: string | null;
  url: string | null;
  summary: string;
  summary_en: string | null;
  confirmation_required: boolean;
  created_at: Date;
  task_count: number;
  assignment_count: number;
}

function toView(r: DirectiveRow): DirectiveView {
  return {
    id: r.id,
    number: r.number,
    kind: r.kind,
    issuer: r.issuer,
    issuedOn: r.issued_on,
    title: r.title,
    titleEn: r.title_en,
    summaryEn: r.summary_en,
    url: r.url,
    summary: r.summary,
    confirmationRequired: r.confirmation_required,
    createdAt: r.created_at.toISOString(),
    taskCount: Number(r.task_count),
    assignmentCount: Number(r.assignment_count),
  };
}

/** Counts include only what the caller may see (a task counts when one of its assignments is visible). */
const withCounts = (sql: Sql, principal?: Principal) =>
  !principal || seesAllUnits(principal)
    ? sql`
  SELECT d.*,
    (SELECT count(*) FROM tasks t WHERE t.directive_id = d.id)::int AS task_count,
    (SELECT count(*) FROM assignments a WHERE a.directive_id = d.id AND a.status <> 'reassigned')::int AS assignment_count
  FROM directives d`
    : sql`
  SELECT d.*,
    (SELECT count(DISTINCT a.task_id) FROM assignments a WHERE a.directive_id = d.id ${visibleUnits(sql, principal, 'a.unit_code')})::int AS task_count,
    (SELECT count(*) FROM assignments a WHERE a.directive_id = d.id AND a.status <> 'reassigned'
       ${visibleUnits(sql, principal, 'a.unit_code')})::int AS assignment_count
  FROM directives d`;

/**
 * `stableId` (derived from the caller's Idempotency-Key) names the directive when the caller gave no id, so a
 * retry that runs again after a crash finds the first attempt's directive rather than making a second.
 */
export async function createDirective(sql: Sql, principal: Principal, given: DirectiveInput, stableId?: string): Promise<DirectiveView> {
  authorize(principal, 'registerDirectives');
  const input = { ...given, ...splitTitle(given.title, given.titleEn) };
  const id = input.id ?? stableId ?? `dir_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const inserted = await sql`
    INSERT INTO directives (id, number, kind, issuer, issued_on, title, title_en, url, summary, summary_en, confirmation_required, created_by)
    VALUES (${id}, ${input.number}, ${input.kind}, ${input.issuer}, ${input.issuedOn}, ${input.title}, ${input.titleEn ?? null}, ${input.url ?? null},
            ${input.summary}, ${input.summaryEn ?? null}, ${input.confirmationRequired}, ${principal.id})
    ON CONFLICT DO NOTHING RETURNING id`;
  if (inserted.length === 0 && !input.id && stableId) {
    const [existing] = await sql`SELECT 1 FROM directives WHERE id = ${stableId}`;
    if (existing) return getDirective(sql, stableId);
  }
  if (inserted.length === 0) throw conflict(`a directive with id ${id} or number ${input.number} of ${input.issuedOn} already exists`);
  return getDirective(sql, id);
}

export async function getDirective(sql: Sql, id: string, principal?: Principal): Promise<DirectiveView> {
  const [row] = await sql<DirectiveRow[]>`SELECT * FROM (${withCounts(sql, principal)}) d WHERE d.id = ${id}`;
  if (!row) throw notFound(`directive ${id}`);
  return toView(row);
}

/**
 * Directives newest first (issued_on DESC, id), a page at a time: `cursor` is the nextCursor of the page before. The
 * counts are computed for the page's rows only (the page is cut before they are).
 */
export async function listDirectives(
  sql: Sql,
  principal?: Principal,
  page: { limit: number; cursor?: string } = { limit: 100 },
): Promise<{ items: DirectiveView[]; nextCursor: string | null }> {
  const after = page.cursor ? decodeDirectiveCursor(page.cursor) : null;
  const rows = await sql<DirectiveRow[]>`
    WITH page AS (
      SELECT id FROM directives
      WHERE true ${after ? sql`AND (issued_on < ${after[0]}::date OR (issued_on = ${after[0]}::date AND id > ${after[1]}))` : sql``}
      ORDER BY issued_on DESC, id LIMIT ${page.limit + 1})
    SELECT * FROM (${withCounts(sql, principal)}) d WHERE d.id IN (SELECT id FROM page) ORDER BY d.issued_on DESC, d.id`;
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  const nextCursor = rows.length > page.limit && last ? Buffer.from(JSON.stringify([last.issued_on, last.id])).toString('base64url') : null;
  return { items: items.map(toView), nextCursor };
}

const isCalendarDate = (on: string) => {
  const d = new Date(`${on}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === on;
};

function decodeDirectiveCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const [on, id] = Array.isArray(value) && value.length === 2 ? (value as unknown[]) : [];
    // A real calendar date (Postgres would refuse 2024-02-30 with a 500), and an id.
    if (typeof on === 'string' && typeof id === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(on) && isCalendarDate(on)) return [on, id];
  } catch {
    // fall through
  }
  throw invalid('cursor', 'not a cursor this API issued');
}

/** A title given the old way, "Vietnamese / English" in one string, comes apart unless the English is given. */
export function splitTitle(title: string, titleEn: string | undefined): { title: string; titleEn: string | undefined } {
  if (titleEn !== undefined) return { title, titleEn };
  const at = title.indexOf(' / ');
  return at > 0 ? { title: title.slice(0, at), titleEn: title.slice(at + 3) } : { title, titleEn };
}
