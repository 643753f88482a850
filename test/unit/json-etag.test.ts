/**
 * The ETag jsonEtag() sets is the one hono's etag({ weak: true }) computes on its own, for every body size (its digest
 * chains blocks of 256 KiB), so answers keep their ETags and If-None-Match keeps its 304s.
 */
import { Hono } from 'hono';
import { etag } from 'hono/etag';
import { describe, expect, it } from 'vitest';
import { jsonEtag } from '../../api/middleware/json-etag';

const BODIES: Record<string, unknown> = {
  small: { ok: true },
  unicode: { title: 'Văn phòng Chính phủ — 政府', emoji: '📄' },
  empty: '',
  // Around hono's digest block (262,144 bytes): below, exactly, above, and several blocks of multi-byte text.
  below: 'x'.repeat(262_144 - 3),
  exact: 'x'.repeat(262_144 - 2),
  above: 'x'.repeat(262_144 - 1),
  blocks: Array.from({ length: 9000 }, (_, i) => ({ i, text: 'Đơn vị chủ trì ' + i })),
};

function appWith(own: boolean) {
  const app = new Hono();
  app.use('*', etag({ weak: true }));
  if (own) app.use('*', jsonEtag());
  app.get('/json/:name', (c) => c.json(BODIES[c.req.param('name')] as object));
  app.get('/status', (c) => c.json({ created: true }, 201, { 'x-extra': '1' }));
  app.get('/text', (c) => c.text('plain'));
  app.get('/missing', (c) => c.json({ error: 'no' }, 404));
  return app;
}

describe('jsonEtag', () => {
  const [hono, ours] = [appWith(false), appWith(true)];

  it('gives every JSON answer the ETag hono computes, with the same body and headers', async () => {
    for (const name of Object.keys(BODIES)) {
      const [a, b] = await Promise.all([hono.request(`/json/${name}`), ours.request(`/json/${name}`)]);
      expect(b.headers.get('etag'), name).toBe(a.headers.get('etag'));
      expect(b.headers.get('etag'), name).toMatch(/^W\/"[0-9a-f]{40}"$/);
      expect([...b.headers].sort(), name).toEqual([...a.headers].sort());
      expect(await b.text(), name).toBe(await a.text());
    }
  });

  it('keeps status and headers given to c.json, and leaves non-JSON and non-2xx answers to hono as before', async () => {
    for (const path of ['/status', '/text', '/missing']) {
      const [a, b] = await Promise.all([hono.request(path), ours.request(path)]);
      expect(b.status, path).toBe(a.status);
      expect([...b.headers].sort(), path).toEqual([...a.headers].sort());
      expect(await b.text(), path).toBe(await a.text());
    }
  });

  it('answers If-None-Match with the same 304', async () => {
    const tag = (await ours.request('/json/unicode')).headers.get('etag')!;
    for (const ifNoneMatch of [tag, tag.replace(/^W\//, ''), '*', `"other", ${tag}`]) {
      const [a, b] = await Promise.all([
        hono.request('/json/unicode', { headers: { 'if-none-match': ifNoneMatch } }),
        ours.request('/json/unicode', { headers: { 'if-none-match': ifNoneMatch } }),
      ]);
      expect(b.status, ifNoneMatch).toBe(304);
      expect(b.status).toBe(a.status);
      expect([...b.headers].sort()).toEqual([...a.headers].sort());
    }
    const other = await ours.request('/json/unicode', { headers: { 'if-none-match': '"nope"' } });
    expect(other.status).toBe(200);
  });
});
