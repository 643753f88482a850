/**
 * The failed sign-in limit over a real socket: failures count per client address and per presented token, and a
 * valid token is never refused for them.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireAuth } from '../../api/auth';
import { createRouter } from '../../api/env';
import { failedSignIns } from '../../api/middleware/rate-limit';
import { toProblemResponse } from '../../api/problems';
import type { Principal } from '../../services/access';

const VALID = 'dd_valid_token';
const principal = { id: 'p', tokenId: 't', role: 'admin', unitCode: null, scope: 'all' } as unknown as Principal;
let server: ServerType;
let base: string;

beforeAll(async () => {
  const app = createRouter();
  const clock = () => 0; // no refill during the test
  app.use(
    '*',
    requireAuth(async (t) => (t === VALID ? principal : null), failedSignIns(5, { trustedProxies: ['127.0.0.1'], now: clock })),
  );
  app.get('/me', (c) => c.json({ ok: true }));
  app.onError((err, c) => toProblemResponse(c, err, () => {}));
  server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const get = (from: string, token?: string) =>
  fetch(`${base}/me`, { headers: { 'x-forwarded-for': from, ...(token ? { authorization: `Bearer ${token}` } : {}) } });

describe('failed sign-ins', () => {
  it('an address past the limit is refused 429 with Retry-After for bad or missing tokens, never for a valid one', async () => {
    for (let i = 0; i < 5; i += 1) expect((await get('198.51.100.1', `dd_bad_${i}`)).status).toBe(401);
    const refused = await get('198.51.100.1', 'dd_bad_new');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await get('198.51.100.1')).status).toBe(429);
    expect((await get('198.51.100.1', VALID)).status).toBe(200);
    // Another client behind the same proxy is not locked out.
    expect((await get('198.51.100.2', 'dd_bad_other')).status).toBe(401);
  });

  it('one token failing from many addresses is refused once past the limit, wherever it comes from', async () => {
    for (let i = 0; i < 5; i += 1) expect((await get(`203.0.113.${i}`, 'dd_stolen_guess')).status).toBe(401);
    expect((await get('203.0.113.200', 'dd_stolen_guess')).status).toBe(429);
    expect((await get('203.0.113.200', 'dd_different')).status).toBe(401);
    expect((await get('203.0.113.201', VALID)).status).toBe(200);
  });
});
