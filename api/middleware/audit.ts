/** Every write is recorded: who, from which token, what (method, path, body), when, and the answer's status. */
import type { MiddlewareHandler } from 'hono';
import type { Sql } from '../../db/sql';
import type { Principal } from '../../services/access';

const SECRET_FIELDS = /token|password|secret/i;
const MAX_BODY_CHARS = 20_000;

/** Secrets are redacted; NUL characters (which Postgres text cannot hold) are dropped. */
function redact(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('\u0000', '');
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replaceAll('\u0000', ''), SECRET_FIELDS.test(k) ? '[redacted]' : redact(v)]));
  }
  return value;
}

async function bodyOf(text: string): Promise<unknown> {
  if (!text) return null;
  if (text.length > MAX_BODY_CHARS) return { truncated: true, length: text.length };
  try {
    return redact(JSON.parse(text));
  } catch {
    return { unparsed: text.slice(0, 200).replaceAll('\u0000', '') };
  }
}

export function auditWrites(sql: Sql, onError: (err: unknown) => void): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    const text = await c.req.text().catch(() => '');
    try {
      await next();
    } finally {
      const principal = c.get('principal' as never) as Principal | undefined;
      const status = c.res.status;
      await sql`
        INSERT INTO audit_log (request_id, principal_id, token_id, role, method, path, status, idempotency_key, body)
        VALUES (${c.get('requestId' as never) as string}, ${principal?.id ?? null}, ${principal?.tokenId ?? null}, ${principal?.role ?? null},
                ${c.req.method}, ${c.req.path}, ${status}, ${c.req.header('idempotency-key') ?? null}, ${sql.json((await bodyOf(text)) as never)})`.catch(onError);
    }
  };
}
