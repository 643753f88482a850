/**
 * The API as a contract, on the real servers: every route × role × own/other object against a rule table
 * generated from the OpenAPI document (a route without a rule fails), idempotent writes, tokens, the audit
 * log, ETags and the rate limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerApp } from '../../server/app';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/system';

type Role = 'admin' | 'coordinator' | 'unit' | 'leader';
type Outcome = 'allow' | 'forbid' | 'hidden';
const ROLES: Role[] = ['admin', 'coordinator', 'unit', 'leader'];

let system: TestSystem;
const tokens: Record<Role, string> = { admin: '', coordinator: '', unit: '', leader: '' };
const notificationOf: Record<'own' | 'other', string> = { own: '', other: '' };
let spareTokenId = '';
let feedToken = '';
let webhookId = '';
let deliveryId = '';

beforeAll(async () => {
  system = await startTestSystem();
  tokens.admin = (await import('../support/system')).ADMIN_TOKEN;
  const people: [Role, Record<string, unknown>][] = [
    ['coordinator', { id: 'coord', name: 'Government Office coordinator', role: 'coordinator' }],
    ['unit', { id: 'officer-ag', name: 'An Giang officer', role: 'unit', unitCode: 'an-giang', email: 'officer@angiang.gov.vn' }],
    ['leader', { id: 'leader-ag', name: 'Leader for An Giang', role: 'leader', scope: ['an-giang'] }],
  ];
  for (const [role, person] of people) {
    expect((await system.api('/v1/admin/people', { body: person })).status).toBe(201);
    const issued = await system.api(`/v1/admin/people/${person.id}/tokens`, { body: { name: 'test' } });
    expect(issued.status).toBe(201);
    tokens[role] = issued.body.token;
  }
  spareTokenId = (await system.api('/v1/admin/people/coord/tokens', { body: { name: 'spare' } })).body.id;
  feedToken = (await system.api('/v1/me/calendar-feeds', { body: {}, token: tokens.unit })).body.url.split('/')[3];
  await system.api('/v1/directives', { body: { id: 'acc', number: '7/TB-ACC', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'Access' } });
  const task = await system.api('/v1/directives/acc/tasks', {
    body: { id: 'acc-task', title: 'T', dueOn: '2099-12-31', assignees: { units: ['an-giang', 'can-tho'] } },
  });
  expect(task.status).toBe(202);
  await eventually(async () => {
    const rows = await system.deps.sql<{ recipient_unit: string; id: string }[]>`
      SELECT recipient_unit, id::text FROM notifications WHERE workflow_id LIKE 'assignment/acc-task/%'`;
    notificationOf.own = rows.find((r) => r.recipient_unit === 'an-giang')?.id ?? '';
    notificationOf.other = rows.find((r) => r.recipient_unit === 'can-tho')?.id ?? '';
    expect(notificationOf.own && notificationOf.other).toBeTruthy();
    // The officer has an email address, so the "assigned" notice queued an email (no SMTP here: it waits).
    const [delivery] = await system.deps.sql<{ id: string }[]>`SELECT id::text FROM deliveries WHERE recipient = 'officer-ag'`;
    deliveryId = delivery?.id ?? '';
    expect(deliveryId).not.toBe('');
  });
  webhookId = (await system.api('/v1/webhooks', { body: { url: 'http://127.0.0.1:9/hook', eventTypes: ['escalation'] } })).body.id;
});

afterAll(async () => {
  await system?.shutdown();
});

const ALL: Record<Role, Outcome> = { admin: 'allow', coordinator: 'allow', unit: 'allow', leader: 'allow' };
const STAFF: Record<Role, Outcome> = { admin: 'allow', coordinator: 'allow', unit: 'forbid', leader: 'forbid' };
const ADMIN: Record<Role, Outcome> = { admin: 'allow', coordinator: 'forbid', unit: 'forbid', leader: 'forbid' };
const UNIT_ACTION: Record<Role, Outcome> = { admin: 'allow', coordinator: 'allow', unit: 'allow', leader: 'forbid' };
const DECISION: Record<Role, Outcome> = { admin: 'allow', coordinator: 'allow', unit: 'forbid', leader: 'allow' };
const OTHER_HIDDEN = { unit: 'hidden', leader: 'hidden' } as const;
const NOBODYS: Record<Role, Outcome> = { admin: 'hidden', coordinator: 'hidden', unit: 'hidden', leader: 'hidden' };

interface Rule {
  /** Public routes need no token at all. */
  public?: boolean;
  own?: Record<Role, Outcome>;
  /** For routes on one unit's objects: what each role gets for a unit not theirs. */
  other?: Partial<Record<Role, Outcome>>;
  body?: unknown;
  query?: string;
}

const assignmentActions: Record<string, [Record<Role, Outcome>, unknown]> = {
  acknowledge: [UNIT_ACTION, {}],
  progress: [UNIT_ACTION, { percent: 10, note: 'started' }],
  complete: [UNIT_ACTION, { note: 'x' }],
  'extension-requests': [UNIT_ACTION, { newDueOn: '2100-01-31', reason: 'more time' }],
  decline: [UNIT_ACTION, { reason: 'not ours' }],
  'extension-decision': [DECISION, { approve: false, note: 'no' }],
  confirm: [DECISION, {}],
  return: [DECISION, { reason: 'redo' }],
  insist: [STAFF, { note: 'yours' }],
  cancel: [STAFF, { reason: 'test' }],
  reassign: [STAFF, { toUnit: 'ha-noi', reason: 'test' }],
  pause: [STAFF, { reason: 'waiting for an opinion' }],
  resume: [STAFF, {}],
  // Whoever a rung reaches (the unit's head, its leader, the coordinator) takes the escalation up.
  'escalation-acknowledgement': [ALL, {}],
};

const RULES: Record<string, Rule> = {
  'get /healthz': { public: true },
  'post /v1/deadlines/resolve': { public: true, body: { text: 'in May 2024', issuedOn: '2024-05-06' } },
  'get /v1/calendar/{year}': { public: true },
  'post /v1/directives': { own: STAFF, body: { number: 'X', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'x' } },
  'get /v1/directives': { own: ALL },
  'get /v1/directives/{id}': { own: ALL },
  'post /v1/directives/{id}/tasks': { own: STAFF, body: { title: 't', dueOn: '2099-01-01', assignees: { units: ['an-giang'] } } },
  'get /v1/directives/{id}/progress': { own: ALL },
  'get /v1/tasks/{taskId}/progress': { own: ALL },
  'get /v1/assignments': { own: ALL },
  'get /v1/tasks/{taskId}/assignments/{unitCode}': { own: ALL, other: OTHER_HIDDEN },
  'get /v1/units/{code}/notifications': { own: ALL, other: OTHER_HIDDEN },
  'get /v1/me/notifications': { own: ALL },
  'post /v1/tasks/{taskId}/recurrence': { own: STAFF, body: { action: 'pause' } },
  'post /v1/me/calendar-feeds': { own: ALL, body: {} },
  'get /v1/me/calendar-feeds': { own: ALL },
  // Unknown ids: nobody's feed or session, so 404 to everyone (revoking one's own is in test/e2e/security.test.ts).
  'delete /v1/me/calendar-feeds/{feedId}': { own: NOBODYS },
  'get /v1/me/web-sessions': { own: ALL },
  'delete /v1/me/web-sessions/{sessionId}': { own: NOBODYS },
  'get /v1/calendar-feeds/{feedToken}/calendar.ics': { public: true },
  'get /v1/units/{code}/calendar.ics': { public: true, query: '?token=FEED' },
  // Role inboxes belong to the role: a leader does not read (or mark) the unit officers' notices.
  'post /v1/notifications/{id}/read': { own: { ...ALL, leader: 'hidden' }, other: OTHER_HIDDEN, body: {} },
  'get /v1/reorganisations': { own: ALL },
  'post /v1/reorganisations/{id}/apply': { own: ADMIN, query: '?dryRun=true', body: {} },
  'put /v1/admin/calendar/{year}': {
    own: ADMIN,
    body: { year: 2040, sources: [{ id: 's', title: 't' }], daysOff: [], workingSaturdays: [] },
  },
  'post /v1/admin/people': { own: ADMIN, body: { name: 'n', role: 'coordinator' } },
  'get /v1/admin/people': { own: ADMIN },
  'post /v1/admin/people/{personId}/tokens': { own: ADMIN, body: { name: 'n' } },
  'post /v1/admin/tokens/{tokenId}/revoke': { own: ADMIN, body: {} },
  'get /v1/audit': { own: ADMIN },
  'get /v1/me': { own: ALL },
  'put /v1/me/preferences': { own: ALL, body: { language: 'en' } },
  'post /v1/webhooks': { own: STAFF, body: { url: 'http://127.0.0.1:9/hook' } },
  'get /v1/webhooks': { own: STAFF },
  'post /v1/webhooks/{id}/disable': { own: STAFF, body: {} },
  'get /v1/deliveries': { own: STAFF },
  'get /v1/deliveries/{id}': { own: STAFF },
  'post /v1/deliveries/{id}/retry': { own: STAFF, body: {} },
};
for (const [action, [own, body]] of Object.entries(assignmentActions)) {
  RULES[`post /v1/tasks/{taskId}/assignments/{unitCode}/${action}`] = { own, other: OTHER_HIDDEN, body };
}
// Units and levels (issue 19). A child due after its parent is refused (422) once the caller's right is checked, so the
// matrix creates no sub-assignment.
const subUnit = {
  code: 'acc-sub',
  nameVi: 'Phòng',
  nameEn: 'Division',
  kind: 'division',
  parent: 'an-giang',
  validFrom: '2025-07-01',
  validTo: null,
  headRole: 'h',
  supervisingLeader: 's',
};
RULES['get /v1/units'] = { public: true };
RULES['post /v1/units'] = { own: ADMIN, body: { units: [subUnit] } };
RULES['post /v1/units/import'] = {
  own: ADMIN,
  body: { csv: 'code,nameVi,nameEn,kind,parent,validFrom,headRole,supervisingLeader\nacc-sub,P,D,division,an-giang,2025-07-01,h,s\n' },
};
RULES['post /v1/tasks/{taskId}/assignments/{unitCode}/sub-assignments'] = {
  own: UNIT_ACTION,
  other: OTHER_HIDDEN,
  body: { children: [{ unitCode: 'ag-xa-an-phu', dueOn: '2100-12-31' }] },
};
RULES['get /v1/tasks/{taskId}/assignments/{unitCode}/sub-assignments'] = { own: ALL, other: OTHER_HIDDEN };
RULES['post /v1/tasks/{taskId}/assignments/{unitCode}/sub-assignments/move-due-dates'] = { own: ALL, other: OTHER_HIDDEN, body: {} };

// Execution reports (issue 21): every role reads them with its own scope; targets are set by the assigner's side and
// measured by the unit. Imports and drafts (issue 20) are the coordinators'. Batch statuses of unknown runs are 404.
for (const path of ['execution', 'execution/assignments', 'execution.xlsx', 'execution.csv', 'execution.html', 'ranking']) {
  RULES[`get /v1/reports/${path}`] = { own: ALL };
}
RULES['put /v1/tasks/{taskId}/target'] = { own: STAFF, body: { target: null } };
RULES['post /v1/tasks/{taskId}/assignments/{unitCode}/measurements'] = {
  own: UNIT_ACTION,
  // The leader's role may not report values at all, whichever unit: 403 reveals nothing about the unit.
  other: { unit: 'hidden', leader: 'forbid' },
  body: { value: 1, measuredOn: '2024-06-01', source: 'report' },
};
RULES['get /v1/tasks/{taskId}/assignments/{unitCode}/target'] = { own: ALL, other: OTHER_HIDDEN };
RULES['get /v1/imports/tasks/template.xlsx'] = { own: ALL };
RULES['get /v1/imports/tasks/template.csv'] = { own: ALL };
RULES['get /v1/directives/{id}/tasks/export.xlsx'] = { own: STAFF };
RULES['get /v1/directives/{id}/tasks/export.csv'] = { own: STAFF };
RULES['post /v1/directives/{id}/imports'] = { own: STAFF, body: { rows: [] } };
RULES['post /v1/directives/drafts'] = { own: STAFF, body: { text: 'Bộ Công an hoàn thành trước 30/6/2024.', issuedOn: '2024-05-06' } };
// Directives received as EDXML (issue 34): receiving is the coordinators' (JSON is 415 to them, 403 to others before
// the body is read); attachments are read by whoever sees the directive; no attachment has the hash of zeros.
RULES['post /v1/inbound/edxml'] = { own: STAFF, body: {} };
RULES['get /v1/directives/{id}/attachments'] = { own: ALL };
RULES['get /v1/directives/{id}/attachments/{sha256}'] = { own: NOBODYS };
// The way back: an outgoing document is uploaded by whoever may complete the assignment (JSON is then 415; a leader is
// refused before the body is read); no package has the id "{documentId}".
RULES['post /v1/tasks/{taskId}/assignments/{unitCode}/documents'] = {
  own: UNIT_ACTION,
  other: { unit: 'hidden', leader: 'forbid' },
  body: {},
};
RULES['get /v1/inbound/edxml/{documentId}/status'] = { own: NOBODYS };
RULES['get /v1/admin/calendar/{year}/replans/{version}'] = { own: { ...ADMIN, admin: 'hidden' } };
RULES['get /v1/reorganisations/{id}/applications/{applicationId}'] = { own: { ...ADMIN, admin: 'hidden' } };
// Acting officers (issue 35): one's own grants or, for an admin, anyone's ({personId} is the coordinator's); an officer
// of another unit cannot act for a coordinator (422, a checked request); an unknown grant is 404 to those who may ask.
const SELF_OR_ADMIN: Record<Role, Outcome> = { admin: 'allow', coordinator: 'allow', unit: 'forbid', leader: 'forbid' };
RULES['post /v1/people/{personId}/acting-grants'] = {
  own: SELF_OR_ADMIN,
  body: { actingPersonId: 'officer-ag', fromOn: '2099-01-01', toOn: '2099-01-02' },
};
RULES['get /v1/people/{personId}/acting-grants'] = { own: SELF_OR_ADMIN };
RULES['delete /v1/people/{personId}/acting-grants/{grantId}'] = { own: { ...SELF_OR_ADMIN, admin: 'hidden', coordinator: 'hidden' } };
RULES['get /v1/acting-grants'] = { own: ALL };

function fill(path: string, side: 'own' | 'other'): string {
  const unit = side === 'own' ? 'an-giang' : 'can-tho';
  return path
    .replace('{taskId}', 'acc-task')
    .replace('{unitCode}', unit)
    .replace('{code}', unit)
    .replace('{id}/progress', 'acc/progress')
    .replace('/directives/{id}', '/directives/acc')
    .replace('/notifications/{id}', `/notifications/${notificationOf[side]}`)
    .replace('/reorganisations/{id}', '/reorganisations/2025-07-provinces')
    .replace('/webhooks/{id}', `/webhooks/${webhookId}`)
    .replace('/deliveries/{id}', `/deliveries/${deliveryId}`)
    .replace('/v1/calendar/{year}', '/v1/calendar/2025')
    .replace('{year}', '2040')
    .replace('{personId}', 'coord')
    .replace('{tokenId}', spareTokenId)
    .replace('{feedToken}', feedToken)
    .replace('{feedId}', 'feed_unknown')
    .replace('{sessionId}', '0'.repeat(20))
    .replace('{version}', '1')
    .replace('{applicationId}', 'never-applied')
    .replace('{grantId}', 'ag_unknown')
    .replace('{sha256}', '0'.repeat(64));
}

const category = (status: number): Outcome | 'unauthenticated' | 'server-error' =>
  status >= 500 ? 'server-error' : status === 401 ? 'unauthenticated' : status === 403 ? 'forbid' : status === 404 ? 'hidden' : 'allow';

describe('access matrix (every route in the OpenAPI document)', () => {
  it('has a rule for every route and every role gets what its rule says', async () => {
    const doc = (await system.api('/openapi.json', { token: null })).body as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`));
    expect(operations.length).toBeGreaterThan(25);
    const missing = operations.filter((op) => !RULES[op]);
    expect(missing, 'routes without an access rule').toEqual([]);

    const mismatches: string[] = [];
    for (const op of operations) {
      const rule = RULES[op]!;
      const [method, path] = op.split(' ') as [string, string];
      const send = async (side: 'own' | 'other', token: string | null) => {
        const res = await system.api(fill(path, side) + (rule.query ?? '').replace('FEED', feedToken), {
          method: method.toUpperCase(),
          body: rule.body,
          token,
        });
        return category(res.status);
      };
      const anonymous = await send('own', null);
      const expectedAnonymous = rule.public ? 'allow' : 'unauthenticated';
      if (anonymous !== expectedAnonymous) mismatches.push(`${op} anonymous: ${anonymous}, expected ${expectedAnonymous}`);
      if (rule.public) continue;
      for (const role of ROLES) {
        const got = await send('own', tokens[role]);
        if (got !== rule.own![role]) mismatches.push(`${op} ${role} own: ${got}, expected ${rule.own![role]}`);
        if (rule.other) {
          const expected = rule.other[role] ?? rule.own![role];
          const gotOther = await send('other', tokens[role]);
          if (gotOther !== expected) mismatches.push(`${op} ${role} other: ${gotOther}, expected ${expected}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('gives each caller its own inbox', async () => {
    const unitInbox = await system.api('/v1/me/notifications', { token: tokens.unit });
    expect(unitInbox.body.items.length).toBeGreaterThan(0);
    expect(unitInbox.body.items.every((n: { recipientUnit: string }) => n.recipientUnit === 'an-giang')).toBe(true);
    const office = await system.api('/v1/me/notifications', { token: tokens.coordinator });
    expect(
      office.body.items.every(
        (n: { recipientUnit: string; recipientRole: string }) => n.recipientUnit === 'vpcp' && n.recipientRole === 'coordinator',
      ),
    ).toBe(true);
  });

  it('shows a unit officer only its own unit in lists and roll-ups', async () => {
    const list = await system.api('/v1/assignments?task=acc-task', { token: tokens.unit });
    expect(new Set(list.body.items.map((a: { unitCode: string }) => a.unitCode))).toEqual(new Set(['an-giang']));
    const progress = await system.api('/v1/tasks/acc-task/progress', { token: tokens.leader });
    expect(progress.body.laggards.every((l: { unitCode: string }) => l.unitCode === 'an-giang')).toBe(true);
  });
});

describe('idempotent writes', () => {
  it('replays the first answer for the same key and body, creates nothing new, and refuses a different body', async () => {
    const body = { number: '88/TB-IDEM', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'Idempotent' };
    const headers = { 'idempotency-key': 'create-88' };
    const first = await system.api('/v1/directives', { body, headers });
    const second = await system.api('/v1/directives', { body, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const rows = await system.deps.sql`SELECT id FROM directives WHERE number = '88/TB-IDEM'`;
    expect(rows).toHaveLength(1);
    const conflict = await system.api('/v1/directives', { body: { ...body, title: 'Changed' }, headers });
    expect(conflict.status).toBe(409);
    expect(conflict.body.type).toContain('idempotency-conflict');
  });

  it('makes duplicate task starts impossible even without the header', async () => {
    const body = { id: 'dup-task', title: 'Once', dueOn: '2099-01-01', assignees: { units: ['ha-noi'] } };
    expect((await system.api('/v1/directives/acc/tasks', { body })).status).toBe(202);
    expect((await system.api('/v1/directives/acc/tasks', { body })).status).toBe(409);
  });
});

describe('tokens, audit, caching and limits', () => {
  it('refuses revoked and expired tokens', async () => {
    await system.api('/v1/admin/people', { body: { id: 'temp', name: 'Temp', role: 'coordinator' } });
    const a = await system.api('/v1/admin/people/temp/tokens', { body: { name: 'a' } });
    const b = await system.api('/v1/admin/people/temp/tokens', { body: { name: 'b' } });
    expect((await system.api('/v1/directives', { token: a.body.token })).status).toBe(200);
    expect((await system.api(`/v1/admin/tokens/${a.body.id}/revoke`, { body: {} })).status).toBe(200);
    expect((await system.api('/v1/directives', { token: a.body.token })).status).toBe(401);
    await system.deps.sql`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = ${b.body.id}`;
    expect((await system.api('/v1/directives', { token: b.body.token })).status).toBe(401);
    const stored = await system.deps.sql<{ token_hash: string }[]>`SELECT token_hash FROM api_tokens WHERE id = ${a.body.id}`;
    expect(stored[0]!.token_hash).not.toContain(a.body.token);
  });

  it('records every write with who, which token and the answer, without secrets', async () => {
    await system.api('/v1/tasks/acc-task/assignments/an-giang/progress', { body: { percent: 20, note: 'audited' }, token: tokens.unit });
    const audit = await system.api('/v1/audit?principal=officer-ag');
    expect(audit.status).toBe(200);
    const entry = audit.body.items.find(
      (e: { path: string; body: { note?: string } }) => e.path.endsWith('/progress') && e.body?.note === 'audited',
    );
    expect(entry).toMatchObject({ principalId: 'officer-ag', role: 'unit', method: 'POST' });
    expect(entry.tokenId).toMatch(/^tok_/);
    const issued = audit.body.items.length;
    expect(issued).toBeGreaterThan(0);
    const tokenWrites = await system.api('/v1/audit?principal=admin&limit=500');
    expect(JSON.stringify(tokenWrites.body)).not.toContain(tokens.coordinator);
  });

  it('answers a repeated read with 304 when nothing changed', async () => {
    const first = await system.api('/v1/directives/acc');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await system.api('/v1/directives/acc', { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
  });

  it('limits the request rate per token with 429 and Retry-After', async () => {
    const app = createServerApp({ ...system.deps, rateLimitPerMinute: 3 });
    const call = () => app.request('/v1/directives', { headers: { authorization: `Bearer ${tokens.coordinator}` } });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await call()).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await call();
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, expect.stringMatching(/^[1-9]\d*$/)]);
    expect(((await limited.json()) as { status: number }).status).toBe(429);
  });
});

describe('calendar feeds', () => {
  it("serve a unit's open assignments as all-day events with the reminders as alarms, parsed by a real iCalendar parser", async () => {
    const ical = await import('node-ical');
    expect(
      (
        await system.api('/v1/directives/acc/tasks', {
          body: { id: 'feed-task', title: 'Feed', dueOn: '2099-06-30', assignees: { units: ['an-giang'] } },
        })
      ).status,
    ).toBe(202);
    const created = await system.api('/v1/me/calendar-feeds', { body: {}, token: tokens.unit });
    expect(created.status).toBe(201);
    expect(created.body.units).toEqual(['an-giang']);
    const res = await fetch(system.apiUrl + created.body.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    const parsed = ical.sync.parseICS(await res.text());
    const events = Object.values(parsed).filter((e) => e.type === 'VEVENT') as {
      uid: string;
      start: Date & { dateOnly?: boolean };
      alarms?: unknown[];
    }[];
    const open = await system.deps.sql<{ workflow_id: string; due_on: string }[]>`
      SELECT workflow_id, due_on FROM assignments WHERE unit_code = 'an-giang'
        AND status IN ('not_due', 'due_soon', 'overdue', 'awaiting_confirmation') ORDER BY workflow_id`;
    expect(events.map((e) => e.uid).sort()).toEqual(open.map((o) => `${o.workflow_id}@dondoc`));
    expect(events.map((e) => e.uid)).toContain('assignment/feed-task/an-giang@dondoc');
    const feedEvent = events.find((e) => e.uid === 'assignment/feed-task/an-giang@dondoc')!;
    expect(feedEvent.start.toISOString().slice(0, 10)).toBe('2099-06-30');
    for (const e of events) {
      expect(e.start.dateOnly).toBe(true);
      expect(e.alarms?.length).toBe(3); // the default policy: 5 and 2 working days before, and the due date
    }
    const leaderFeed = await system.api('/v1/me/calendar-feeds', { body: {}, token: tokens.leader });
    expect(leaderFeed.body.units).toEqual(['an-giang']);
    // Another unit's feed is out of scope: 404, as every other out-of-scope request (issue 17, item 8).
    expect((await system.api('/v1/me/calendar-feeds', { body: { unitCode: 'can-tho' }, token: tokens.leader })).status).toBe(404);
    expect((await system.api('/v1/me/calendar-feeds', { body: { unitCode: 'can-tho' }, token: tokens.unit })).status).toBe(404);
    expect((await fetch(`${system.apiUrl}/v1/calendar-feeds/ddf_unknown/calendar.ics`)).status).toBe(401);

    // The same feed at the unit's address, the token in the query; another unit's address is not covered.
    const token = created.body.url.split('/')[3];
    const byUnit = await fetch(`${system.apiUrl}/v1/units/an-giang/calendar.ics?token=${token}`);
    expect(byUnit.status).toBe(200);
    const unitEvents = Object.values(ical.sync.parseICS(await byUnit.text())).filter((e) => e.type === 'VEVENT') as { uid: string }[];
    expect(unitEvents.map((e) => e.uid).sort()).toEqual(open.map((o) => `${o.workflow_id}@dondoc`));
    expect((await fetch(`${system.apiUrl}/v1/units/can-tho/calendar.ics?token=${token}`)).status).toBe(404);
    expect((await fetch(`${system.apiUrl}/v1/units/an-giang/calendar.ics?token=ddf_unknown`)).status).toBe(401);
  });
});
