/**
 * Security and bad input (issue 16), tried from outside on the real servers: links from PUBLIC_URL, text Postgres
 * cannot store, scope leaks, role inboxes, feed tokens, idempotency, rate limits, quotas, headers, magic links.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { ADMIN_TOKEN, startTestSystem, type TestSystem } from '../support/system';

let system: TestSystem;
const tokens = { coordinator: '', officer: '', vpcpOfficer: '', leader: '' };

/** A raw HTTP request (fetch will not forge a Host header). */
function raw(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const url = new URL(system.apiUrl);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    // A connection of its own (agent: false): a socket the server closed after a refused body is never reused.
    const req = httpRequest(
      { host: url.hostname, port: url.port, path, method: init.method ?? 'GET', headers: init.headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A sign-in page's pre-session cookie (also the form's CSRF token). */
async function preSession(path = '/web/signin'): Promise<string> {
  const res = await raw(path);
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('dd_pre='))!;
  return cookie.split(';')[0]!.slice('dd_pre='.length);
}

beforeAll(async () => {
  system = await startTestSystem();
  const people = [
    ['coordinator', { id: 'sec-coord', name: 'Coordinator', role: 'coordinator' }],
    ['officer', { id: 'sec-officer', name: 'An Giang officer', role: 'unit', unitCode: 'an-giang', email: 'sec-officer@angiang.gov.vn' }],
    ['vpcpOfficer', { id: 'sec-vpcp', name: 'Government Office officer', role: 'unit', unitCode: 'vpcp' }],
    ['leader', { id: 'sec-leader', name: 'Leader', role: 'leader', scope: ['an-giang'] }],
  ] as const;
  for (const [key, person] of people) {
    expect((await system.api('/v1/admin/people', { body: person })).status).toBe(201);
    const issued = await system.api(`/v1/admin/people/${person.id}/tokens`, { body: { name: 'sec' } });
    tokens[key] = issued.body.token;
  }
  await system.api('/v1/directives', { body: { id: 'sec-d', number: '1/SEC', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'Security' } });
  const task = await system.api('/v1/directives/sec-d/tasks', {
    body: { id: 'sec-other', title: 'Secret of Can Tho', dueOn: '2099-12-31', assignees: { units: ['can-tho'] } },
  });
  expect(task.status).toBe(202);
  const own = await system.api('/v1/directives/sec-d/tasks', {
    body: { id: 'sec-own', title: 'An Giang task', dueOn: '2099-12-31', assignees: { units: ['an-giang'] } },
  });
  expect(own.status).toBe(202);
}, 120_000);

afterAll(async () => {
  await system?.shutdown();
});

describe('links come from PUBLIC_URL, never from the request', () => {
  it('a sign-in link requested with a forged Host is mailed with the configured base', async () => {
    const pre = await preSession();
    const res = await raw('/web/signin/link', {
      method: 'POST',
      headers: {
        host: 'evil.example',
        origin: 'http://evil.example',
        cookie: `dd_pre=${pre}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ _csrf: pre, email: 'sec-officer@angiang.gov.vn' }).toString(),
    });
    expect(res.status).toBe(200);
    const [row] = await system.deps.sql<{ details: { link: string } }[]>`
      SELECT details FROM notifications WHERE kind = 'signin_link' AND recipient_person = 'sec-officer'`;
    expect(row!.details.link).not.toContain('evil.example');
    expect(row!.details.link.startsWith(`${(system.deps.publicUrl ?? 'http://127.0.0.1:3000').replace(/\/+$/, '')}/web/magic/`)).toBe(true);
  });
});

describe('text Postgres cannot store is refused at the edge', () => {
  it('a lone surrogate in a body names the field', async () => {
    const res = await system.api('/v1/tasks/sec-own/assignments/an-giang/progress', {
      body: '{"percent":1,"note":"a\\ud800b"}',
      token: tokens.officer,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('note');
  });
  it('names every bad field, and the refused write is audited with its status and caller', async () => {
    const res = await system.api('/v1/tasks/sec-own/assignments/an-giang/progress', {
      body: '{"percent":1,"note":"a\\ud800b","document":{"number":"x\\u0000"}}',
      token: tokens.officer,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['note', 'document.number']);
    const [row] = await system.deps.sql<{ status: number; principal_id: string; body: { note: string } }[]>`
      SELECT status, principal_id, body FROM audit_log WHERE path = '/v1/tasks/sec-own/assignments/an-giang/progress'
      ORDER BY id DESC LIMIT 1`;
    expect(row).toMatchObject({ status: 400, principal_id: 'sec-officer', body: { note: 'a\uFFFDb' } });
  });
  it('in a query and in a path parameter, API and web alike', async () => {
    expect((await system.api('/v1/assignments?unit=%ED%A0%80')).status).toBe(400);
    for (const path of [
      '/v1/directives/%00',
      '/v1/tasks/%00/progress',
      '/v1/directives/%ED%A0%80',
      '/v1/admin/people/%00/tokens',
      '/web/tasks/%00',
      '/web/reports/%00',
    ]) {
      const res = await raw(path, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(res.status, path).toBe(400);
    }
  });
  it('arrays nested 5,000 deep are a 400, not a crash', async () => {
    const res = await system.api('/v1/directives', { body: `{"title":${'['.repeat(5000)}${']'.repeat(5000)}}` });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].reason).toMatch(/nest/);
  });
  it('a body that is not JSON is audited by its beginning, even when the cut splits a character', async () => {
    // Found by the fuzzer: a multipart upload whose first 200 UTF-16 units end inside an astral character.
    const body = `${'a'.repeat(199)}\u{2A6D5}${'b'.repeat(50)}`;
    const res = await raw('/v1/directives/sec-d/imports', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/csv' },
      body,
    });
    expect(res.status).toBeLessThan(500);
    const [row] = await system.deps.sql<{ body: { unparsed: string } }[]>`
      SELECT body FROM audit_log WHERE path = '/v1/directives/sec-d/imports' ORDER BY id DESC LIMIT 1`;
    expect(row!.body.unparsed).toBe(`${'a'.repeat(199)}\uFFFD`);
  });
  it('an audit row that cannot be written fails the request', async () => {
    await system.deps.sql`ALTER TABLE audit_log ADD CONSTRAINT audit_probe CHECK (path <> '/v1/audit-probe')`;
    try {
      const res = await system.api('/v1/audit-probe', { body: {} });
      expect(res.status).toBe(500);
    } finally {
      await system.deps.sql`ALTER TABLE audit_log DROP CONSTRAINT audit_probe`;
    }
  });
});

describe('webhooks go to allowed hosts only', () => {
  it('a metadata or private target is refused at subscription time', async () => {
    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://10.0.0.5/hook', 'http://metadata.google.internal/']) {
      const res = await system.api('/v1/webhooks', { body: { url, eventTypes: ['escalation'] } });
      expect(res.status, url).toBe(400);
      expect(res.body.errors[0].field).toBe('url');
    }
  });
});

describe('out of scope is 404, and counts include only what the caller may see', () => {
  it('progress of a task or directive with no visible assignment', async () => {
    for (const token of [tokens.officer, tokens.leader]) {
      expect((await system.api('/v1/tasks/sec-other/progress', { token })).status).toBe(404);
      expect((await system.api('/v1/tasks/sec-own/progress', { token })).status).toBe(200);
    }
    await system.api('/v1/directives', {
      body: { id: 'sec-hidden', number: '2/SEC', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'Hidden' },
    });
    await system.api('/v1/directives/sec-hidden/tasks', {
      body: { id: 'sec-hidden-t', title: 'Hidden task', dueOn: '2099-12-31', assignees: { units: ['can-tho'] } },
    });
    expect((await system.api('/v1/directives/sec-hidden/progress', { token: tokens.officer })).status).toBe(404);
    const mixed = await system.api('/v1/directives/sec-d/progress', { token: tokens.officer });
    expect(mixed.status).toBe(200);
    expect(mixed.body.tasks.map((t: { taskId: string }) => t.taskId)).toEqual(['sec-own']);
  });
  it('directive counts', async () => {
    const list = await system.api('/v1/directives', { token: tokens.officer });
    const d = list.body.items.find((x: { id: string }) => x.id === 'sec-d');
    expect(d.taskCount).toBe(1);
    expect(d.assignmentCount).toBe(1);
  });
});

describe('role inboxes belong to the role', () => {
  it("a Government Office unit officer does not read the coordinator's notices", async () => {
    const [row] = await system.deps.sql<{ id: string }[]>`
      INSERT INTO notifications (workflow_id, seq, recipient_unit, recipient_role, kind, title, body, created_at)
      VALUES ('sec/coord', 1, 'vpcp', 'coordinator', 'escalation', 'Escalated', 'to the coordinator', now()) RETURNING id::text`;
    const inbox = await system.api('/v1/units/vpcp/notifications', { token: tokens.vpcpOfficer });
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.some((n: { recipientRole: string }) => n.recipientRole === 'coordinator')).toBe(false);
    expect((await system.api(`/v1/notifications/${row!.id}/read`, { method: 'POST', token: tokens.vpcpOfficer })).status).toBe(404);
    const coordinator = await system.api('/v1/units/vpcp/notifications', { token: tokens.coordinator });
    expect(coordinator.body.items.some((n: { id: string }) => n.id === row!.id)).toBe(true);
  });
});

describe('calendar feeds', () => {
  it('are listed and revoked, die with their token, and another unit is 404', async () => {
    const made = await system.api('/v1/me/calendar-feeds', { body: {}, token: tokens.officer });
    expect(made.status).toBe(201);
    const ics = made.body.url as string;
    expect((await system.api(ics, { token: null })).status).toBe(200);
    const list = await system.api('/v1/me/calendar-feeds', { token: tokens.officer });
    expect(list.body.items.map((f: { id: string }) => f.id)).toContain(made.body.id);
    expect((await system.api(`/v1/me/calendar-feeds/${made.body.id}`, { method: 'DELETE', token: tokens.leader })).status).toBe(404);
    expect((await system.api(`/v1/me/calendar-feeds/${made.body.id}`, { method: 'DELETE', token: tokens.officer })).status).toBe(200);
    expect((await system.api(ics, { token: null })).status).toBe(401);

    expect((await system.api('/v1/me/calendar-feeds', { body: { unitCode: 'can-tho' }, token: tokens.officer })).status).toBe(404);

    const spare = await system.api('/v1/admin/people/sec-leader/tokens', { body: { name: 'feeds' } });
    const feed = await system.api('/v1/me/calendar-feeds', { body: {}, token: spare.body.token });
    expect((await system.api(feed.body.url, { token: null })).status).toBe(200);
    await system.api(`/v1/admin/tokens/${spare.body.id}/revoke`, { method: 'POST' });
    expect((await system.api(feed.body.url, { token: null })).status).toBe(401);
  });
});

describe('idempotency', () => {
  it('stores and replays no secrets', async () => {
    const headers = { 'idempotency-key': 'sec-token-1' };
    const first = await system.api('/v1/admin/people/sec-coord/tokens', { body: { name: 'k' }, headers });
    expect(first.status).toBe(201);
    expect(first.body.token).toMatch(/^dd_/);
    const replay = await system.api('/v1/admin/people/sec-coord/tokens', { body: { name: 'k' }, headers });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(first.body.id);
    expect(replay.body.token).toBeUndefined();
    const hook = { url: 'http://127.0.0.1:9/sec', eventTypes: ['escalation'] };
    await system.api('/v1/webhooks', { body: hook, headers: { 'idempotency-key': 'sec-hook-1' } });
    const hookReplay = await system.api('/v1/webhooks', { body: hook, headers: { 'idempotency-key': 'sec-hook-1' } });
    expect(hookReplay.body.secret).toBeUndefined();
    const stored = await system.deps.sql`SELECT response::text AS r FROM idempotency_keys WHERE key IN ('sec-token-1', 'sec-hook-1')`;
    for (const row of stored) expect(row.r).not.toMatch(/dd_|whsec_/);
  });
  it('keeps what ran (2xx, 409) but not 404s or 400s, replays problems as problems, and expires keys', async () => {
    const headers = { 'idempotency-key': 'sec-late-1' };
    const task = { id: 'sec-late-t', title: 'Late', dueOn: '2099-12-31', assignees: { units: ['an-giang'] } };
    expect((await system.api('/v1/directives/sec-late/tasks', { body: task, headers })).status).toBe(404);
    await system.api('/v1/directives', {
      body: { id: 'sec-late', number: '3/SEC', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'Late' },
    });
    expect((await system.api('/v1/directives/sec-late/tasks', { body: task, headers })).status).toBe(202);

    const bad = { 'idempotency-key': 'sec-bad-1' };
    expect((await system.api('/v1/admin/people', { body: { id: 'sec-p1', name: 'P', role: 'nobody' }, headers: bad })).status).toBe(400);
    expect(
      (await system.api('/v1/admin/people', { body: { id: 'sec-p1', name: 'P', role: 'nobody' }, headers: bad })).headers.get(
        'idempotent-replayed',
      ),
    ).toBeNull();

    const dup = { 'idempotency-key': 'sec-dup-1' };
    const conflict = await system.api('/v1/admin/people', { body: { id: 'sec-coord', name: 'Again', role: 'coordinator' }, headers: dup });
    expect(conflict.status).toBe(409);
    const again = await system.api('/v1/admin/people', { body: { id: 'sec-coord', name: 'Again', role: 'coordinator' }, headers: dup });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('content-type')).toContain('application/problem+json');

    const old = { 'idempotency-key': 'sec-old-1' };
    await system.api('/v1/admin/people', { body: { id: 'sec-p2', name: 'P2', role: 'coordinator' }, headers: old });
    await system.deps.sql`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'sec-old-1'`;
    // A different request with an expired key is a new request, not a 409.
    expect((await system.api('/v1/admin/people', { body: { id: 'sec-p3', name: 'P3', role: 'coordinator' }, headers: old })).status).toBe(
      201,
    );
  });
  it('is documented on every write', async () => {
    const doc = (await system.api('/openapi.json', { token: null })).body;
    for (const [path, ops] of Object.entries(
      doc.paths as Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>,
    )) {
      for (const method of ['post', 'put']) {
        const op = ops[method];
        if (op)
          expect(
            op.parameters?.some((p) => p.in === 'header' && p.name === 'idempotency-key'),
            `${method} ${path}`,
          ).toBe(true);
      }
    }
  });
});

describe('quotas', () => {
  it('assignments started an hour and feeds held, with 429 and Retry-After', async () => {
    system.deps.quotas = { assignmentsPerHour: 3, schedulesPerHour: 1, feeds: 1 };
    try {
      const t = (id: string) => ({ id, title: id, dueOn: '2099-12-31', assignees: { units: ['an-giang', 'can-tho'] } });
      const coord = { token: tokens.coordinator };
      expect((await system.api('/v1/directives/sec-d/tasks', { body: t('sec-q1'), ...coord })).status).toBe(202);
      const refused = await system.api('/v1/directives/sec-d/tasks', { body: t('sec-q2'), ...coord });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await system.api('/v1/me/calendar-feeds', { body: {}, token: tokens.vpcpOfficer })).status).toBe(201);
      const feeds = await system.api('/v1/me/calendar-feeds', { body: {}, token: tokens.vpcpOfficer });
      expect(feeds.status).toBe(429);
      expect(feeds.headers.get('retry-after')).not.toBeNull();
    } finally {
      system.deps.quotas = undefined;
    }
  });
});

describe('the dashboard', () => {
  it('answers a cross-origin form post 403', async () => {
    const res = await raw('/web/signin', {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '198.51.100.7' },
      body: 'token=x',
    });
    expect(res.status).toBe(403);
  });
  it('redeems a magic link only by a POST from its page; sessions from links are listed and revoked', async () => {
    const [link] = await system.deps.sql<{ details: { link: string } }[]>`
      SELECT details FROM notifications WHERE kind = 'signin_link' AND recipient_person = 'sec-officer'`;
    const path = new URL(link!.details.link).pathname;
    const page = await raw(path);
    expect(page.status).toBe(200);
    expect(page.body).toContain('method="post"');
    const [unused] = await system.deps
      .sql`SELECT count(*)::int AS n FROM web_magic_links WHERE person_id = 'sec-officer' AND used_at IS NOT NULL`;
    expect(unused!.n).toBe(0);
    const pre = ([] as string[])
      .concat(page.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('dd_pre='))!
      .split(';')[0]!
      .slice(7);
    const redeemed = await raw(path, {
      method: 'POST',
      headers: { cookie: `dd_pre=${pre}`, 'content-type': 'application/x-www-form-urlencoded', origin: system.apiUrl },
      body: `_csrf=${pre}`,
    });
    expect(redeemed.status).toBe(303);
    const sessions = await system.api('/v1/me/web-sessions', { token: tokens.officer });
    const fromLink = sessions.body.items.find((s: { via: string }) => s.via === 'link');
    expect(fromLink).toBeDefined();
    expect((await system.api(`/v1/me/web-sessions/${fromLink.id}`, { method: 'DELETE', token: tokens.officer })).status).toBe(200);
    expect((await system.api('/v1/me/web-sessions', { token: tokens.officer })).body.items).toHaveLength(0);
  });
});

describe('headers and small things', () => {
  it('every response has nosniff and a CSP; /docs serves its script from the package', async () => {
    const web = await raw('/web/signin');
    expect(web.headers['x-content-type-options']).toBe('nosniff');
    expect(web.headers['content-security-policy']).toContain("default-src 'none'");
    const api = await raw('/v1/health');
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['content-security-policy']).toBeDefined();
    const docs = await raw('/docs');
    expect(docs.body).toContain('src="/docs/assets/api-reference.js"');
    expect(docs.body).not.toContain('cdn.jsdelivr');
    expect(docs.headers['content-security-policy']).toMatch(/script-src 'self' 'sha256-/);
    const asset = await raw('/docs/assets/api-reference.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
  });
  it('TRACE is 405', async () => {
    expect((await raw('/v1/health', { method: 'TRACE' })).status).toBe(405);
  });
  it('a declared path asked with an undeclared method is 405 with Allow, an unknown path 404', async () => {
    const res = await system.api('/v1/directives', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'HEAD', 'POST']);
    const param = await system.api('/v1/tasks/sec-own/assignments/an-giang/complete', { method: 'GET' });
    expect(param.status).toBe(405);
    expect(param.headers.get('allow')).toBe('POST');
    expect((await system.api('/healthz', { method: 'POST', body: {} })).status).toBe(405);
    expect((await system.api('/v1/no-such-thing', { method: 'DELETE' })).status).toBe(404);
    expect((await system.api('/v1/directives')).status).toBe(200);
  });
  it("the dashboard's 413 is a problem document", async () => {
    const res = await raw('/web/signin', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${'x'.repeat(300 * 1024)}`,
    });
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(res.body)).toMatchObject({ status: 413, type: 'https://dondoc.gov.vn/problems/too-large' });
  });
  it('a missing body is a 400 on feeds and preferences', async () => {
    expect((await system.api('/v1/me/calendar-feeds', { method: 'POST', token: tokens.leader })).status).toBe(400);
    expect((await system.api('/v1/me/preferences', { method: 'PUT', token: tokens.leader })).status).toBe(400);
  });
  it('the ids admin, timer, system and seed are reserved for the system', async () => {
    for (const id of ['admin', 'timer', 'system', 'seed']) {
      const res = await system.api('/v1/admin/people', { body: { id, name: 'Impostor', role: 'coordinator' } });
      expect(res.status, id).toBe(422);
      expect(res.body.errors[0].field, id).toBe('id');
    }
    expect((await system.api('/v1/admin/people', { body: { id: 'timer-keeper', name: 'Not reserved', role: 'coordinator' } })).status).toBe(
      201,
    );
  });
  it('documents numeric ids as digits and paging numbers as bounded integers', async () => {
    type Param = { name: string; in: string; schema: { type?: string | string[]; pattern?: string; minimum?: number; maximum?: number } };
    const doc = (await system.api('/openapi.json', { token: null })).body;
    const params = Object.entries(doc.paths as Record<string, Record<string, { parameters?: Param[] }>>).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([method, op]) => (op.parameters ?? []).map((p) => ({ at: `${method} ${path} ${p.name}`, ...p }))),
    );
    const numericIds = params.filter((p) => /^\/v1\/(deliveries|notifications)\/\{id\}/.test(p.at.split(' ')[1]!) && p.name === 'id');
    expect(numericIds.length).toBeGreaterThanOrEqual(3);
    for (const p of numericIds) expect(p.schema.pattern, p.at).toBe('^[1-9][0-9]{0,17}$');
    const paging = params.filter((p) => p.in === 'query' && ['limit', 'offset', 'before', 'periodDays'].includes(p.name));
    expect(paging.length).toBeGreaterThan(5);
    for (const p of paging) {
      expect(p.schema.type, p.at).toBe('integer');
      expect(p.schema.minimum, p.at).toBeTypeOf('number');
      if (p.name === 'limit') expect(p.schema.maximum, p.at).toBe(500);
    }
    const bad = await system.api('/v1/deliveries/abc');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toContainEqual({ field: 'id', reason: 'must be a positive whole number' });
  });
  it('dates outside 1900..2199 are refused', async () => {
    for (const issuedOn of ['0000-01-01', '9999-12-31']) {
      const res = await system.api('/v1/directives', { body: { number: '9/SEC', issuer: 'VPCP', issuedOn, title: 'Old' } });
      expect(res.status, issuedOn).toBe(400);
    }
  });
});

describe('the audit log', () => {
  it('still records writes', async () => {
    await eventually(async () => {
      const [row] = await system.deps.sql`SELECT count(*)::int AS n FROM audit_log WHERE path = '/v1/admin/people'`;
      expect(row!.n).toBeGreaterThan(0);
    });
  });
});

// Last: these use up the limits of this machine's address.
describe('rate limits', () => {
  it('limits 401s by client address, whatever X-Forwarded-For says', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 140; i += 1) {
      const res = await raw('/v1/me', { headers: { authorization: 'Bearer dd_wrong', 'x-forwarded-for': `203.0.113.${i}` } });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 401).length).toBeLessThan(130);
    expect(statuses.at(-1)).toBe(429);
  });
  it('400 bad tokens in a burst refuse bad tokens 429 with Retry-After, never valid ones or public routes', async () => {
    const bad = await Promise.all(
      Array.from({ length: 400 }, (_, i) => raw('/v1/me', { headers: { authorization: `Bearer dd_bad_${i}` } })),
    );
    expect(bad.filter((r) => r.status === 429).length).toBeGreaterThan(250);
    for (const r of bad.filter((x) => x.status === 429)) expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    // At once, before the bucket refills (two failures a second): a failure gets through at most once in half a second.
    const [admin, officer, calendar, feed, health, ...again] = await Promise.all([
      system.api('/v1/me'),
      system.api('/v1/me', { token: tokens.officer }),
      raw('/v1/calendar/2025'),
      raw('/v1/units/an-giang/calendar.ics'),
      raw('/healthz'),
      ...Array.from({ length: 5 }, (_, i) => raw('/v1/me', { headers: { authorization: `Bearer dd_yet_another_${i}` } })),
      raw('/v1/me'),
    ]);
    expect([admin!.status, officer!.status, calendar!.status, health!.status]).toEqual([200, 200, 200, 200]);
    expect(feed!.status).not.toBe(429);
    const refused = again.filter((r) => r.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(5);
    for (const r of refused) {
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      expect(JSON.parse(r.body).status).toBe(429);
    }
  });
  it('limits sign-in attempts on /web', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i += 1) {
      const res = await raw('/web/signin', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'token=x&_csrf=y',
      });
      statuses.push(res.status);
    }
    expect(statuses.at(-1)).toBe(429);
  });
});
