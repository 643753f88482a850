/** Directives: the documents (notices, resolutions, decisions) that assign tasks. */
import { randomUUID } from 'node:crypto';
import type { Sql } from '../db/sql';
import { seesAllUnits, visibleUnits, type Principal } from './access';
import { conflict, notFound } from './errors';
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

export async function listDirectives(sql: Sql, principal?: Principal): Promise<DirectiveView[]> {
  const rows = await sql<DirectiveRow[]>`SELECT * FROM (${withCounts(sql, principal)}) d ORDER BY d.issued_on DESC, d.id`;
  return rows.map(toView);
}

/** A title given the old way, "Vietnamese / English" in one string, comes apart unless the English is given. */
export function splitTitle(title: string, titleEn: string | undefined): { title: string; titleEn: string | undefined } {
  if (titleEn !== undefined) return { title, titleEn };
  const at = title.indexOf(' / ');
  return at > 0 ? { title: title.slice(0, at), titleEn: title.slice(at + 3) } : { title, titleEn };
}
