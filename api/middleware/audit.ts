/** Every write is recorded: who, from which token, what (method, path, body), when, and the answer's status. */
import type { HonoRequest, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { recordAudit } from '../../services/audit';
import type { AppDeps } from '../../services/deps';
import { DomainError } from '../../services/errors';
import { ApiProblem, STATUS_OF } from '../problems';
import { LONE_SURROGATE } from './reject-nul';
import type { ApiEnv } from '../env';

const SECRET_FIELDS = /token|password|secret/i;
const MAX_BODY_CHARS = 20_000;

/** Secrets are redacted; NUL characters and lone surrogates (which Postgres cannot hold) are dropped. */
function redact(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD');
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD'),
        SECRET_FIELDS.test(k) ? '[redacted]' : redact(v),
      ]),
    );
  }
  return value;
}

async function bodyOf(text: string | { truncated: true; bytes: number }): Promise<unknown> {
  if (typeof text !== 'string') return text;
  if (!text) return null;
  if (text.length > MAX_BODY_CHARS) return { truncated: true, length: text.length };
  try {
    return redact(JSON.parse(text));
  } catch {
    // The cut may split a surrogate pair, which redact mends like any other lone surrogate.
    return { unparsed: redact(text.slice(0, 200)) };
  }
}

/**
 * The body as text, except a large one (an XLSX or CSV file, a long text), which is recorded by its size: decoding
 * megabytes of binary as text would hold the event loop for hundreds of milliseconds. A body declared that large
 * is not read here at all, so a caller the route will refuse cannot make the server buffer it.
 */
async function bodyText(req: HonoRequest): Promise<string | { truncated: true; bytes: number }> {
  const declared = Number(req.header('content-length') ?? NaN);
  // A UTF-16 unit comes from at most 3 bytes: past this the text would be over the limit anyway.
  if (declared > 3 * MAX_BODY_CHARS) return { truncated: true, bytes: declared };
  if (/json/i.test(req.header('content-type') ?? '')) return req.text();
  const bytes = (await req.arrayBuffer()).byteLength;
  return bytes > 3 * MAX_BODY_CHARS ? { truncated: true, bytes } : req.text();
}

/**
 * A write whose audit row cannot be stored fails: the caller gets a 500 (and retries with its Idempotency-Key)
 * rather than a change nobody can account for.
 */
export function auditWrites(sql: AppDeps['sql'], onError: (err: unknown) => void): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    const text = await bodyText(c.req).catch(() => '');
    let failure: unknown = null;
    try {
      await next();
    } catch (err) {
      failure = err;
    }
    const principal = c.get('principal');
    // A thrown error is answered by the app's error handler; record the status it will give.
    const status = failure ? statusOfThrown(failure) : c.res.status;
    try {
      await recordAudit(sql, {
        requestId: c.get('requestId'),
        principalId: principal?.id ?? null,
        tokenId: principal?.tokenId ?? null,
        role: principal?.role ?? null,
        method: c.req.method,
        path: c.req.path,
        status,
        idempotencyKey: c.req.header('idempotency-key') ?? null,
        body: await bodyOf(text),
      });
    } catch (err) {
      onError(err);
      throw new ApiProblem(
        500,
        'audit',
        'the request could not be recorded in the audit log; it has been logged, retry with the same Idempotency-Key',
      );
    }
    if (failure) throw failure;
  };
}

function statusOfThrown(err: unknown): number {
  if (err instanceof ApiProblem) return err.status;
  if (err instanceof DomainError) return STATUS_OF[err.kind];
  if (err instanceof HTTPException) return err.status;
  return 500;
}
