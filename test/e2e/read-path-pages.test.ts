/**
 * The read path's pages on the real servers (Temporal dev server, Postgres): every large list is walked page by page
 * through its opaque cursor while rows are written between pages, and each row that existed when the walk began comes
 * back exactly once, none twice, in the list's order. Cursors the API did not issue are 400s (never a 500 from a cast
 * in Postgres), and the ETag of a JSON answer still answers If-None-Match with a 304.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBenchDataset } from '../../bench/dataset';
import { startTemporalDevServer, type RunningDevServer } from '../../dev/temporal';
import { startApiOnly, syntheticUnits, type ApiOnly } from '../support/api-only';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { ADMIN_TOKEN } from '../support/system';

let temporal: RunningDevServer;
let db: TestDatabase;
let api: ApiOnly;

beforeAll(async () => {
  [temporal, db] = await Promise.all([startTemporalDevServer({}), createTestDatabase()]);
  api = await startApiOnly({ databaseUrl: db.url, temporalAddress: temporal.address, taskQueue: 'pages', units: syntheticUnits(60) });
  // 3 directives × 2 tasks × 40 units, one 'assigned' notification each, all written in one transaction (equal
  // created_at: the cursor must break the ties by id).
  await loadBenchDataset(api.deps.sql, { assignments: 240, unitsPerTask: 40, tasksPerDirective: 2, prefix: 'kp' });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await temporal?.stop();
  await db?.drop();
});

const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(api.url + path, { headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...headers } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
};

/** Walks every page of `path` (which has a query already), calling `between` after each page; the items in order. */
async function walk<T>(path: string, between: (page: number) => Promise<void>): Promise<T[]> {
  const seen: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page += 1) {
    const res = await get(`${path}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    seen.push(...(res.body.items as T[]));
    cursor = res.body.nextCursor;
    if (!cursor) return seen;
    await between(page);
  }
  throw new Error('the walk did not end');
}

const duplicates = (ids: string[]) => ids.filter((id, i) => ids.indexOf(id) !== i);

describe('GET /v1/assignments (one task, the dashboard grid and ?task=)', () => {
  it('walks every page: each assignment once, in (dueOn, workflowId) order, though assignments are added between pages', async () => {
    const task = 'kp-t000001';
    const before = await api.deps.sql<{ workflow_id: string }[]>`SELECT workflow_id FROM assignments WHERE task_id = ${task}`;
    expect(before.length).toBe(40);
    // Between pages: a unit is added due on the earliest date (behind the cursor) and one due on the last (ahead).
    const add = async (page: number) => {
      for (const [suffix, due] of [
        ['early', '2026-01-01'],
        ['late', '2099-12-31'],
      ] as const) {
        const unit = `unit-9${String(page).padStart(3, '0')}-${suffix}`;
        await api.deps.sql`
          INSERT INTO assignments (workflow_id, task_id, directive_id, unit_code, original_unit, status, due_on, original_due_on, version)
          VALUES (${`assignment/${task}/${unit}`}, ${task}, 'kp-d00000', ${unit}, ${unit}, 'not_due', ${due}, ${due}, 1)`;
      }
    };
    const items = await walk<{ workflowId: string; dueOn: string }>(`/v1/assignments?task=${task}&limit=7`, add);
    const ids = items.map((i) => i.workflowId);
    expect(duplicates(ids)).toEqual([]);
    for (const { workflow_id } of before) expect(ids.filter((id) => id === workflow_id).length, workflow_id).toBe(1);
    const order = items.map((i) => [i.dueOn, i.workflowId].join(' '));
    expect(order).toEqual([...order].sort());
    // Added ahead of the cursor: seen; added behind it: not (a page already read is not re-read).
    expect(ids.some((id) => id.endsWith('-late'))).toBe(true);
  });

  it('refuses a cursor it did not issue with a 400, a crafted date included', async () => {
    for (const cursor of ['nonsense', Buffer.from(JSON.stringify(['2024-02-30', 'x'])).toString('base64url')]) {
      const res = await get(`/v1/assignments?limit=5&cursor=${cursor}`);
      expect(res.status, cursor).toBe(400);
    }
  });
});

describe('GET /v1/units/{code}/notifications and /v1/me/notifications', () => {
  it("walks a unit's inbox newest first, ties broken by id: each notice once though notices arrive between pages", async () => {
    const unit = 'unit-00003';
    // Six notices with one created_at (from the dataset), and more from the past with equal times.
    await api.deps.sql`
      INSERT INTO notifications (workflow_id, seq, recipient_unit, recipient_role, kind, title, body, created_at)
      SELECT 'assignment/kp-t000000/' || ${unit}, 100 + g, ${unit}, 'unit_officer', 'reminder', 'Reminder', 'Due soon',
             now() - interval '1 day' * (g % 3)
      FROM generate_series(1, 20) g`;
    const before = await api.deps.sql<{ id: string }[]>`SELECT id::text FROM notifications WHERE recipient_unit = ${unit}`;
    expect(before.length).toBe(26);
    let n = 0;
    const [newer, older] = [new Set<string>(), new Set<string>()];
    const arrive = async () => {
      // A new notice (newest: before the cursor) and one stamped older than everything (after it).
      n += 1;
      const rows = await api.deps.sql<{ id: string; old: boolean }[]>`
        INSERT INTO notifications (workflow_id, seq, recipient_unit, recipient_role, kind, title, body, created_at)
        VALUES ('assignment/kp-t000000/' || ${unit}, ${1000 + n}, ${unit}, 'unit_officer', 'reminder', 'New', 'New', now()),
               ('assignment/kp-t000000/' || ${unit}, ${2000 + n}, ${unit}, 'unit_officer', 'reminder', 'Old', 'Old', now() - interval '1 year')
        RETURNING id::text, created_at < now() AS old`;
      for (const r of rows) (r.old ? older : newer).add(r.id);
    };
    const items = await walk<{ id: string; createdAt: string }>(`/v1/units/${unit}/notifications?limit=4`, arrive);
    const ids = items.map((i) => i.id);
    expect(duplicates(ids)).toEqual([]);
    for (const { id } of before) expect(ids.filter((x) => x === id).length, id).toBe(1);
    // Newest first; within one instant, the higher id first.
    for (let i = 1; i < items.length; i += 1) {
      const [a, b] = [items[i - 1]!, items[i]!];
      expect(a.createdAt >= b.createdAt, `${a.createdAt} before ${b.createdAt}`).toBe(true);
      if (a.createdAt === b.createdAt) expect(BigInt(a.id) > BigInt(b.id)).toBe(true);
    }
    // A notice newer than the cursor arrived behind it: not shown on later pages; one older than the cursor is ahead.
    expect(ids.filter((id) => newer.has(id))).toEqual([]);
    expect(ids.filter((id) => older.has(id)).length).toBeGreaterThan(0);
  });

  it("walks the coordinator's own inbox the same way", async () => {
    await api.deps.sql`
      INSERT INTO notifications (workflow_id, seq, recipient_unit, recipient_role, kind, title, body, created_at)
      SELECT 'digest/vpcp', g, 'vpcp', 'coordinator', 'digest', 'Digest ' || g, 'Body', now() - interval '1 minute' * (g % 4)
      FROM generate_series(1, 15) g`;
    const items = await walk<{ id: string; recipientRole: string }>(`/v1/me/notifications?limit=4`, async () => {});
    expect(items.length).toBe(15);
    expect(duplicates(items.map((i) => i.id))).toEqual([]);
    expect(new Set(items.map((i) => i.recipientRole))).toEqual(new Set(['coordinator']));
    const first = await get('/v1/me/notifications?limit=500');
    expect(first.body.nextCursor).toBeNull();
  });

  it('refuses a cursor it did not issue with a 400', async () => {
    const crafted = Buffer.from(JSON.stringify(['not-a-time', '1'])).toString('base64url');
    expect((await get(`/v1/units/unit-00003/notifications?cursor=${crafted}`)).status).toBe(400);
    expect((await get(`/v1/me/notifications?cursor=nonsense`)).status).toBe(400);
  });
});

describe('GET /v1/directives', () => {
  it('walks every page newest first, each directive once though directives are registered between pages', async () => {
    const existing = (await api.deps.sql<{ id: string }[]>`SELECT id FROM directives`).map((r) => r.id);
    let k = 0;
    const register = async () => {
      k += 1;
      const res = await api.api('/v1/directives', {
        id: `kp-new-${k}`,
        number: `${k}/KP-NEW`,
        issuer: 'VPCP',
        issuedOn: k % 2 ? '2020-01-01' : '2030-01-01',
        title: `New ${k}`,
      });
      expect(res.status).toBe(201);
    };
    const items = await walk<{ id: string; issuedOn: string; assignmentCount: number }>('/v1/directives?limit=1', register);
    const ids = items.map((i) => i.id);
    expect(duplicates(ids)).toEqual([]);
    for (const id of existing) expect(ids.filter((x) => x === id).length, id).toBe(1);
    // The counts are each directive's own, as the single-directive route gives them.
    for (const item of items.filter((i) => i.id.startsWith('kp-d'))) {
      expect(item.assignmentCount).toBe((await get(`/v1/directives/${item.id}`)).body.assignmentCount);
      expect(item.assignmentCount).toBeGreaterThanOrEqual(80);
    }
    const order = items.map((i) => i.issuedOn);
    expect(order).toEqual([...order].sort().reverse());
  });

  it('refuses a crafted cursor with a 400', async () => {
    const crafted = Buffer.from(JSON.stringify(['2024-13-01', 'kp-d00000'])).toString('base64url');
    expect((await get(`/v1/directives?cursor=${crafted}`)).status).toBe(400);
  });
});

describe('ETags of JSON answers', () => {
  it('a repeat with If-None-Match is 304 with the same ETag; a changed answer has another', async () => {
    const path = '/v1/assignments?task=kp-t000002&limit=5';
    const first = await get(path);
    const tag = first.headers.get('etag');
    expect(tag).toMatch(/^W\/"[0-9a-f]{40}"$/);
    const again = await fetch(api.url + path, { headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'if-none-match': tag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(tag);
    await api.deps.sql`UPDATE assignments SET progress_percent = 10 WHERE task_id = 'kp-t000002'`;
    const changed = await get(path, { 'if-none-match': tag! });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(tag);
  });
});
