/** The audit log: one row per write (the API's and the web's middleware record through `recordAudit`), and its reading. */
import { jsonb, type Sql } from '../db/sql';
import type { Principal } from './access';
import { authorize } from './use-cases';

interface AuditRow {
  id: string;
  at: Date;
  request_id: string;
  principal_id: string | null;
  token_id: string | null;
  role: string | null;
  method: string;
  path: string;
  status: number;
  idempotency_key: string | null;
  body: unknown;
}

export async function listAudit(sql: Sql, reader: Principal, q: { limit: number; before?: number; principal?: string }) {
  authorize(reader, 'readAuditLog');
  const rows = await sql<AuditRow[]>`
    SELECT * FROM audit_log WHERE true
      ${q.before ? sql`AND id < ${q.before}` : sql``}
      ${q.principal ? sql`AND principal_id = ${q.principal}` : sql``}
    ORDER BY id DESC LIMIT ${q.limit + 1}`;
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      id: String(r.id),
      at: r.at.toISOString(),
      requestId: r.request_id,
      principalId: r.principal_id,
      tokenId: r.token_id,
      role: r.role,
      method: r.method,
      path: r.path,
      status: r.status,
      idempotencyKey: r.idempotency_key,
      body: r.body,
    })),
    nextBefore: rows.length > q.limit ? Number(page[page.length - 1]!.id) : null,
  };
}

export interface AuditEntry {
  requestId: string;
  principalId: string | null;
  tokenId: string | null;
  role: string | null;
  method: string;
  path: string;
  status: number;
  idempotencyKey: string | null;
  body: unknown;
}

/** One audit row; the caller decides what a failure means (the API and the web fail the request). */
export async function recordAudit(sql: Sql, e: AuditEntry): Promise<void> {
  await sql`
    INSERT INTO audit_log (request_id, principal_id, token_id, role, method, path, status, idempotency_key, body)
    VALUES (${e.requestId}, ${e.principalId}, ${e.tokenId}, ${e.role}, ${e.method}, ${e.path}, ${e.status}, ${e.idempotencyKey},
            ${jsonb(sql, e.body)})`;
}
