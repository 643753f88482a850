/**
 * Issue 29.1 over HTTP on the real servers (API and worker in this process, as `npm start` runs them): XLSX zip
 * bombs posted to the import, one and then three at once, are refused with a 413 naming the limit while /healthz
 * keeps answering within 200 ms; afterwards a normal import still commits and the worker still runs its tasks.
 */
import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES } from '../../services/imports';
import { eventually } from '../support/eventually';
import { ADMIN_TOKEN, startTestSystem, type TestSystem } from '../support/system';
import { xlsxBomb } from '../support/zip-bomb';
import { taskTableWorkbook, XLSX } from '../support/task-table';

let system: TestSystem;
const DIRECTIVE = 'tb-bombs';

beforeAll(async () => {
  system = await startTestSystem();
  const created = await system.api('/v1/directives', {
    body: { id: DIRECTIVE, number: '78/TB-VPCP', issuer: 'Văn phòng Chính phủ', issuedOn: '2026-11-02', title: 'Kết luận về an toàn' },
  });
  expect(created.status).toBe(201);
  // The bounds are about a warm server: the first health check opens its connections, and the first import starts
  // a parsing thread (a second or two of CPU on another core, which this loaded 2-core test machine may not have).
  expect((await system.api('/healthz', { token: null })).status).toBe(200);
  const file = await taskTableWorkbook([['bomb-before', 'Rà soát trước', '', 'Bộ Công an', '', 'trước ngày 15/12/2026', '', '']]);
  for (const warm of await Promise.all([upload(file), upload(file)])) expect(warm.status, JSON.stringify(warm.body)).toBe(200);
}, 120_000);

afterAll(async () => {
  await system?.shutdown();
});

/** Posts a workbook as the raw XLSX body (one of the import's documented forms). */
async function upload(bytes: Uint8Array, query = '') {
  const res = await fetch(`${system.apiUrl}/v1/directives/${DIRECTIVE}/imports${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': XLSX },
    body: bytes,
  });
  return { status: res.status, body: (await res.json()) as any };
}

const POST_FILE = `
const [url, token, type, path] = process.argv.slice(1);
fetch(url, { method: 'POST', headers: { authorization: 'Bearer ' + token, 'content-type': type }, body: require('node:fs').readFileSync(path) })
  .then(async (res) => process.stdout.write(JSON.stringify({ status: res.status, body: await res.json() })));
`;

/**
 * A hostile caller: another process posts the file, so the measured event loop is the server's alone (the
 * client's work of sending megabytes would otherwise land on it too, as it never does in production).
 */
async function hostileUpload(bytes: Uint8Array): Promise<() => Promise<{ status: number; body: any }>> {
  const path = join(await mkdtemp(join(tmpdir(), 'dondoc-bomb-')), 'bomb.xlsx');
  await writeFile(path, bytes);
  const url = `${system.apiUrl}/v1/directives/${DIRECTIVE}/imports?dryRun=false`;
  return () =>
    new Promise((resolve, reject) => {
      execFile(process.execPath, ['-e', POST_FILE, url, ADMIN_TOKEN, XLSX, path], (err, stdout) =>
        err ? reject(err) : resolve(JSON.parse(stdout) as { status: number; body: any }),
      );
    });
}

/** Runs `during` while asking /healthz over and over; answers every health answer's time (ms) and status. */
async function healthWhile<T>(during: Promise<T>): Promise<{ result: T; answers: { ms: number; status: number }[] }> {
  const answers: { ms: number; status: number }[] = [];
  let running = true;
  const poll = (async () => {
    while (running) {
      const started = performance.now();
      const res = await fetch(`${system.apiUrl}/healthz`);
      await res.arrayBuffer();
      answers.push({ ms: performance.now() - started, status: res.status });
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    return { result: await during, answers };
  } finally {
    running = false;
    await poll;
  }
}

/**
 * Every health answer within 200 ms of the slowest one with no upload in flight, taken just before: the bomb adds no
 * wait of its own, whatever else a loaded machine (other test files, two cores) makes every answer wait.
 */
async function expectAllWithin200ms(answers: { ms: number; status: number }[], quiet: { ms: number }[]) {
  const times = answers.map((a) => Math.round(a.ms)).join(' ');
  const quietTimes = quiet.map((a) => Math.round(a.ms)).join(' ');
  expect(answers.length).toBeGreaterThan(0);
  for (const a of answers) expect(a.status, times).toBe(200);
  expect(Math.max(...answers.map((a) => a.ms)), `health answers (ms): ${times}; with nothing in flight: ${quietTimes}`).toBeLessThan(
    200 + Math.max(...quiet.map((a) => a.ms)),
  );
}

/** Health answers over a second with nothing in flight: the machine's own noise. */
const quietHealth = async () => (await healthWhile(new Promise((r) => setTimeout(r, 1_000)))).answers;

function expectRefusedNamingTheLimit(res: { status: number; body: any }) {
  expect(res.status, JSON.stringify(res.body)).toBe(413);
  expect(res.body.type).toMatch(/\/(inflated-size|compression-ratio)$/);
  expect(res.body.detail).toMatch(/IMPORT_MAX_(INFLATED_BYTES|COMPRESSION_RATIO)=\d+/);
  expect(res.body.errors[0]).toMatchObject({ field: 'file' });
}

describe('zip bombs posted to the import', () => {
  it('refuses a 4 MB workbook of 3.9 GiB of spaces with a 413 naming the limit, and /healthz keeps answering', async () => {
    const bomb = xlsxBomb(3_900);
    expect(bomb.byteLength).toBeLessThan(5 * 1024 * 1024);
    const post = await hostileUpload(bomb);
    const quiet = await quietHealth();
    const { result, answers } = await healthWhile(post());
    expectRefusedNamingTheLimit(result);
    await expectAllWithin200ms(answers, quiet);
  });

  it('refuses three at once, one honest and two that lie about their size, and /healthz keeps answering', async () => {
    const bombs = [xlsxBomb(1_500), xlsxBomb(1_500, 1_000), xlsxBomb(1_500, 40 * 1024 * 1024)];
    const posts = await Promise.all(bombs.map(hostileUpload));
    const quiet = await quietHealth();
    const { result, answers } = await healthWhile(Promise.all(posts.map((post) => post())));
    expectRefusedNamingTheLimit(result[0]!);
    for (const lie of result.slice(1)) {
      expect(lie.status, JSON.stringify(lie.body)).toBeGreaterThanOrEqual(400);
      expect(lie.status).toBeLessThan(500);
      expect(lie.body.errors[0]).toMatchObject({ field: 'file' });
    }
    expect(result[1]!.body.detail).toMatch(/more than the 1000 bytes it declares/);
    await expectAllWithin200ms(answers, quiet);
  });

  it('still imports a normal workbook afterwards, and the worker still runs the new task', async () => {
    const file = await taskTableWorkbook([['bomb-after', 'Rà soát sau sự cố', '', 'Bộ Công an', '', 'trước ngày 15/12/2026', '', '']]);
    const committed = await upload(file, '?dryRun=false');
    expect(committed.status, JSON.stringify(committed.body)).toBe(200);
    expect(committed.body.summary).toMatchObject({ create: 1, invalid: 0 });
    await eventually(async () => {
      const [row] = await system.deps.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM notifications WHERE workflow_id LIKE 'assignment/bomb-after/%'`;
      expect(row!.n).toBeGreaterThan(0);
    });
  });
});

/**
 * Sends the head of a body that declares `declaredBytes` and holds the rest back until the server answers. A server
 * that buffered the body before deciding would never answer; one that refuses unread answers at once.
 */
function answerBeforeBody(path: string, token: string | null, declaredBytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${system.apiUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': XLSX,
        'content-length': String(declaredBytes),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
    });
    // A deadline only for a broken server, so the test fails rather than hangs.
    const deadline = setTimeout(() => {
      req.destroy();
      reject(new Error('no answer while the body was held back: the server waited to read it'));
    }, 30_000);
    req.on('response', (res) => {
      clearTimeout(deadline);
      res.resume();
      req.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (err) => {
      if (!req.destroyed) reject(err);
    });
    req.write(new Uint8Array(64 * 1024));
  });
}

describe('an upload from whom may not send it', () => {
  it('is refused before its body is read: 401 without a token, 403 for a unit officer, to imports and drafts', async () => {
    const person = { id: 'bomb-officer', name: 'Officer', role: 'unit', unitCode: 'an-giang' };
    expect((await system.api('/v1/admin/people', { body: person })).status).toBe(201);
    const officer = (await system.api('/v1/admin/people/bomb-officer/tokens', { body: { name: 't' } })).body.token as string;
    const big = MAX_IMPORT_BYTES; // the most an upload may declare
    for (const path of [`/v1/directives/${DIRECTIVE}/imports`, '/v1/directives/drafts']) {
      expect(await answerBeforeBody(path, null, big)).toBe(401);
      expect(await answerBeforeBody(path, officer, big)).toBe(403);
    }
    // The refusal is audited like any other, by its declared size.
    const [row] = await system.deps.sql<{ status: number; body: unknown }[]>`
      SELECT status, body FROM audit_log WHERE principal_id = 'bomb-officer' AND path = '/v1/directives/drafts'`;
    expect(row).toEqual({ status: 403, body: { truncated: true, bytes: big } });
  }, 120_000);
});
