/**
 * Postgres text cannot hold NUL (U+0000), so a body or query carrying one would fail deep in a write. Reject it
 * up front, naming where it was.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiProblem } from '../problems';

function findNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(body)' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findNul(value[i], path ? `${path}.${i}` : String(i));
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) return at;
      const found = findNul(v, at);
      if (found) return found;
    }
  }
  return null;
}

export function rejectNul(): MiddlewareHandler {
  return async (c, next) => {
    for (const [name, values] of Object.entries(c.req.queries())) {
      if (name.includes('\u0000') || values.some((v) => v.includes('\u0000'))) {
        throw new ApiProblem(400, 'validation', `${name}: must not contain NUL characters`, [{ field: name, reason: 'must not contain NUL characters' }]);
      }
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const text = await c.req.text();
      if (text.includes('\u0000')) throw new ApiProblem(400, 'validation', 'the body contains a raw NUL byte', [{ field: '(body)', reason: 'must not contain NUL characters' }]);
      if (text.includes('\\u0000')) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          return next(); // malformed JSON is answered by the validator
        }
        const field = findNul(parsed, '');
        if (field) throw new ApiProblem(400, 'validation', `${field}: must not contain NUL characters`, [{ field, reason: 'must not contain NUL characters' }]);
      }
    }
    await next();
  };
}
