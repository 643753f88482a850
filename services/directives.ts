/** Directives: the documents (notices, resolutions, decisions) that assign tasks. */
import { randomUUID } from 'node:crypto';
import type { Sql } from '../db/sql';
import { conflict, notFound } from './errors';
import type { DirectiveInput, DirectiveView } from './types';

export type { DirectiveView };

export interface DirectiveRow {
  id: string;
  number: string;
  kind: string;
  issuer: string;
  issued_on: string;
  title: string;
  url: string | null;
  summary: string;
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
    url: r.url,
    summary: r.summary,
    confirmationRequired: r.confirmation_required,
    createdAt: r.created_at.toISOString(),
    taskCount: Number(r.task_count),
    assignmentCount: Number(r.assignment_count),
  };
}

const withCounts = (sql: Sql) => sql`
  SELECT d.*,
    (SELECT count(*) FROM tasks t WHERE t.directive_id = d.id)::int AS task_count,
    (SELECT count(*) FROM assignments a WHERE a.directive_id = d.id AND a.status <> 'reassigned')::int AS assignment_count
  FROM directives d`;

/**
 * `stableId` (derived from the caller's Idempotency-Key) names the directive when the caller gave no id, so a
 * retry that runs again after a crash finds the first attempt's directive rather than making a second.
 */
export async function createDirective(sql: Sql, input: DirectiveInput, createdBy: string, stableId?: string): Promise<DirectiveView> {
  const id = input.id ?? stableId ?? `dir_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const inserted = await sql`
    INSERT INTO directives (id, number, kind, issuer, issued_on, title, url, summary, confirmation_required, created_by)
    VALUES (${id}, ${input.number}, ${input.kind}, ${input.issuer}, ${input.issuedOn}, ${input.title}, ${input.url ?? null},
            ${input.summary}, ${input.confirmationRequired}, ${createdBy})
    ON CONFLICT DO NOTHING RETURNING id`;
  if (inserted.length === 0 && !input.id && stableId) {
    const [existing] = await sql`SELECT 1 FROM directives WHERE id = ${stableId}`;
    if (existing) return getDirective(sql, stableId);
  }
  if (inserted.length === 0) throw conflict(`a directive with id ${id} or number ${input.number} of ${input.issuedOn} already exists`);
  return getDirective(sql, id);
}

export async function getDirective(sql: Sql, id: string): Promise<DirectiveView> {
  const [row] = await sql<DirectiveRow[]>`SELECT * FROM (${withCounts(sql)}) d WHERE d.id = ${id}`;
  if (!row) throw notFound(`directive ${id}`);
  return toView(row);
}

export async function listDirectives(sql: Sql): Promise<DirectiveView[]> {
  const rows = await sql<DirectiveRow[]>`SELECT * FROM (${withCounts(sql)}) d ORDER BY d.issued_on DESC, d.id`;
  return rows.map(toView);
}
