/**
 * Text Postgres can never store, refused at the edge with a 400 naming where it was: NUL (U+0000), which Postgres
 * text cannot hold, and ill-formed Unicode (a lone UTF-16 surrogate such as "\ud800", or bytes that are not UTF-8),
 * which jsonb rejects ("invalid input syntax for type json") deep inside a write or a workflow's activity.
 * Checked in the path, the query and JSON or form bodies. JSON nested deeper than MAX_DEPTH is refused too,
 * and the walk is iterative, so no input can exhaust the stack.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiProblem } from '../problems';

export const MAX_DEPTH = 64;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** The same pattern without the global flag, so `test` keeps no state between calls: compiled once, not per string. */
const HAS_LONE_SURROGATE = new RegExp(LONE_SURROGATE.source);

/** Why a string cannot be stored, or null when it can. */
export function badText(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if (HAS_LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (no lone surrogates)';
  return null;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const isPrintableAscii = (text: string) => PRINTABLE_ASCII.test(text);

/** Percent-decodes a URL component strictly: null when its bytes are not UTF-8. */
export function decodeComponentStrictly(raw: string): string | null {
  const plusAsSpace = raw.replaceAll('+', ' ');
  if (!plusAsSpace.includes('%')) return plusAsSpace;
  const bytes: number[] = [];
  for (let i = 0; i < plusAsSpace.length; i += 1) {
    const ch = plusAsSpace.charCodeAt(i);
    if (ch === 0x25 && /^[0-9a-fA-F]{2}$/.test(plusAsSpace.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(plusAsSpace.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...new TextEncoder().encode(plusAsSpace[i]!));
    }
  }
  try {
    return strictUtf8.decode(new Uint8Array(bytes));
  } catch {
    return null;
  }
}

export interface TextProblem {
  field: string;
  reason: string;
}

/** Bad fields reported at most, so a hostile body cannot grow the answer with its size. */
export const MAX_REPORTED_FIELDS = 50;

/**
 * Every field of a parsed JSON (or form) value that cannot be stored, in document order, up to
 * MAX_REPORTED_FIELDS; walked without recursion, so no depth can exhaust the stack.
 */
export function findBadTexts(root: unknown, maxDepth = MAX_DEPTH): TextProblem[] {
  const found: TextProblem[] = [];
  // An entry with a `badKey` reason stands for a key that cannot be stored: reported in its place, not walked.
  const stack: { value: unknown; path: string; depth: number; badKey?: string }[] = [{ value: root, path: '', depth: 0 }];
  while (stack.length && found.length < MAX_REPORTED_FIELDS) {
    const { value, path, depth, badKey } = stack.pop()!;
    if (badKey) {
      found.push({ field: path, reason: badKey });
      continue;
    }
    if (typeof value === 'string') {
      const reason = badText(value);
      if (reason) found.push({ field: path || '(body)', reason });
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    if (depth >= maxDepth) {
      found.push({ field: path || '(body)', reason: `must not nest deeper than ${maxDepth} levels` });
      continue;
    }
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const [key, v] = entries[i]!;
      const at = path ? `${path}.${key}` : key;
      stack.push({ value: v, path: at, depth: depth + 1, badKey: badText(key) ?? undefined });
    }
  }
  return found;
}

/** The first field that cannot be stored, or null. */
export function findBadText(root: unknown, maxDepth = MAX_DEPTH): TextProblem | null {
  return findBadTexts(root, maxDepth)[0] ?? null;
}

const refuse = (problems: TextProblem | TextProblem[]): never => {
  const all = Array.isArray(problems) ? problems : [problems];
  throw new ApiProblem(400, 'validation', all.map((p) => `${p.field}: ${p.reason}`).join('; '), all);
};

/** The path and the query string, from the raw URL (a router would only half-decode ill-formed escapes). */
export function findBadTextInUrl(url: string): TextProblem | null {
  // A request URL as the server builds it (new URL) is ASCII with every other character percent-encoded, and NUL can
  // only arrive as %00: with no escape in it, every component decodes to ASCII text without NUL, which is storable.
  if (!url.includes('%') && isPrintableAscii(url)) return null;
  const { pathname, search } = new URL(url);
  const segments = pathname.split('/');
  for (let i = 0; i < segments.length; i += 1) {
    const decoded = decodeComponentStrictly(segments[i]!.replaceAll('+', '%2B'));
    const reason = decoded === null ? 'must be UTF-8' : badText(decoded);
    if (reason) return { field: `path segment ${i} (${segments[i]!.slice(0, 40)})`, reason: reason };
  }
  for (const pair of search.slice(1).split('&')) {
    if (!pair) continue;
    const [rawName = '', rawValue = ''] = pair.split(/=(.*)/s);
    const name = decodeComponentStrictly(rawName);
    if (name === null || badText(name))
      return { field: name && !badText(name) ? name : 'query', reason: name === null ? 'must be UTF-8' : badText(name)! };
    const value = decodeComponentStrictly(rawValue);
    const reason = value === null ? 'must be UTF-8' : badText(value);
    if (reason) return { field: name, reason };
  }
  return null;
}

/** Path and query of every request (API and web alike): register before routing, before anything reads them. */
export function rejectBadUrlText(): MiddlewareHandler {
  return async (c, next) => {
    const found = findBadTextInUrl(c.req.url);
    if (found) refuse(found);
    await next();
  };
}

/** JSON and form bodies; register after the body limit. */
export function rejectNul(): MiddlewareHandler {
  return async (c, next) => {
    const found = findBadTextInUrl(c.req.url);
    if (found) refuse(found);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const type = c.req.header('content-type') ?? '';
      const text = await c.req.text();
      if (text.includes('\u0000')) refuse({ field: '(body)', reason: 'must not contain NUL characters' });
      if (/^application\/x-www-form-urlencoded/i.test(type)) {
        for (const pair of text.split('&')) {
          const [rawName = '', rawValue = ''] = pair.split(/=(.*)/s);
          const name = decodeComponentStrictly(rawName);
          const value = decodeComponentStrictly(rawValue);
          const reason = name === null || value === null ? 'must be UTF-8' : (badText(name) ?? badText(value));
          if (reason) refuse({ field: name && !badText(name) ? name : '(body)', reason });
        }
      } else if (text.includes('\\u') || text.includes('[') || text.includes('{')) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          return next(); // malformed JSON is answered by the validator
        }
        const problems = findBadTexts(parsed);
        if (problems.length) refuse(problems);
      }
    }
    await next();
  };
}
