/**
 * The ETag of a JSON answer, computed from the text `c.json` serialised, synchronously, before the answer is sent.
 *
 * Hono's `etag()` finds no ETag on the answer and derives one by cloning the response and reading the clone's body
 * stream through WebCrypto: the clone turns @hono/node-server's lightweight response (a string written straight to
 * the socket) into a web stream that is read twice, and costs more than the rest of a list request. This middleware
 * sits inside `etag()` and sets the very value `etag()` would have computed (the same digest over the same bytes, see
 * `honoDigest`), so `etag()` takes it as given and still does the matching and the 304 exactly as before. An answer not
 * made by `c.json` (text, CSV, a replayed answer) gets no ETag here and `etag()` derives it as it always did.
 */
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';

/** hono/etag digests the body in blocks of this many bytes, each block hashed after the previous block's digest. */
const HONO_DIGEST_BLOCK = 262_144;

/**
 * hono/etag's default digest (hono/dist/middleware/etag/digest.js), as hex: SHA-1 of the body, for bodies up to one
 * block; for longer ones SHA-1 over (digest so far ‖ next block), block by block. Null for an empty body (no ETag).
 */
export function honoDigest(bytes: Uint8Array): string | null {
  let result: Buffer | null = null;
  for (let offset = 0; offset < bytes.byteLength; offset += HONO_DIGEST_BLOCK) {
    const block = bytes.subarray(offset, Math.min(offset + HONO_DIGEST_BLOCK, bytes.byteLength));
    const hash = createHash('sha1');
    if (result) hash.update(result);
    result = hash.update(block).digest();
  }
  return result ? result.toString('hex') : null;
}

/** The weak ETag hono/etag({ weak: true }) gives this text. */
export function weakEtagOf(text: string): string | null {
  const hash = honoDigest(Buffer.from(text, 'utf8'));
  return hash === null ? null : `W/"${hash}"`;
}

type Json = Context['json'];

/** Register right after `etag({ weak: true })`, on the same paths. */
export function jsonEtag(): MiddlewareHandler {
  return async (c, next) => {
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD') return next();
    const texts = new WeakMap<Response, string>();
    // The same answer `c.json` gives (hono/context.js: the text, with Content-Type application/json unless the caller
    // sets one), with its text remembered.
    // Untyped here: the arguments are passed on as given, to the same method c.json calls (c.body).
    const body = c.body as (data: string, arg?: unknown, headers?: Record<string, string | string[]>) => Response;
    const json = (object: unknown, arg?: unknown, headers?: Record<string, string | string[]>) => {
      const text = JSON.stringify(object);
      const res = body(text, arg, { 'Content-Type': 'application/json', ...headers });
      texts.set(res, text);
      return res;
    };
    c.json = json as unknown as Json;
    await next();
    const res = c.res;
    const text = texts.get(res);
    if (text === undefined || !res.ok || res.headers.has('etag')) return;
    const tag = weakEtagOf(text);
    if (tag) res.headers.set('etag', tag);
  };
}
