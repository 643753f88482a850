/**
 * Faults while escalations fire, in real time on the real servers: Postgres restarts (every escalation is
 * recorded once when it returns) and the Temporal dev server restarts from its file (the ladder continues on
 * schedule).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../worker/ports';
import { startEmbeddedPostgres } from '../../dev/postgres';
import { startSystem, type RunningSystem } from '../../dev/system';
import { startTemporalDevServer } from '../../dev/temporal';
import { eventually } from '../support/eventually';
import { ADMIN_TOKEN, TEST_POLICY_FLOOR } from '../support/system';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

const everySecondPolicy = (seconds: number) => ({
  reminders: [],
  escalations: [{ after: { duration: 'PT1S' }, rung: 'coordinator' }],
  repeatTopRungEvery: { duration: `PT${seconds}S` },
});

async function post(system: RunningSystem, path: string, body: unknown) {
  const res = await fetch(system.apiUrl + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

interface EscalationRow {
  seq: number;
  scheduled: number;
  /** Repeats of the top rung this one escalation stands for (more than one after downtime: issue 15's catch-up). */
  covers: number;
}
async function escalations(system: RunningSystem, workflowId: string): Promise<EscalationRow[]> {
  const rows = await system.deps.sql<{ seq: number; data: { scheduledAt: number; missedRepeats?: number } }[]>`
    SELECT seq, data FROM assignment_events WHERE workflow_id = ${workflowId} AND kind = 'escalation' ORDER BY seq`;
  return rows.map((r) => ({ seq: r.seq, scheduled: Number(r.data.scheduledAt), covers: r.data.missedRepeats ?? 1 }));
}

/**
 * Every planned repeat accounted for exactly once: each escalation is one repeat after the last, or, once the system
 * returns from downtime, one escalation that says how many repeats it stands for (never a burst of them).
 */
function expectUnbrokenLadder(rows: EscalationRow[], everyMs: number) {
  const scheduled = rows.map((r) => r.scheduled);
  expect(new Set(scheduled).size).toBe(scheduled.length);
  for (let i = 1; i < rows.length; i += 1) expect(rows[i]!.scheduled - rows[i - 1]!.scheduled).toBe(everyMs * rows[i - 1]!.covers);
}

async function setUp(options: { pgPort?: number; temporalDb?: string; temporalPort?: number }) {
  const pgDir = await mkdtemp(join(tmpdir(), 'dondoc-fault-pg-'));
  cleanups.push(() => rm(pgDir, { recursive: true, force: true }));
  const pgPort = options.pgPort ?? (await freePort());
  let pg = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });
  const temporalPort = options.temporalPort ?? (await freePort());
  let temporal = await startTemporalDevServer({ port: temporalPort, dbFile: options.temporalDb });
  const system = await startSystem({
    databaseUrl: pg.url,
    temporalAddress: temporal.address,
    port: 0,
    adminToken: ADMIN_TOKEN,
    seed: false,
    logger: pino({ level: 'silent' }),
    taskQueue: `fault-${pgPort}`,
    policyFloor: TEST_POLICY_FLOOR,
  });
  cleanups.push(async () => {
    await system.stop();
    await temporal.stop();
    await pg.stop();
  });
  return {
    system,
    restartPostgres: async (downMs: number) => {
      await pg.stop();
      await new Promise((r) => setTimeout(r, downMs));
      pg = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });
    },
    restartTemporal: async (downMs: number) => {
      await temporal.stop();
      await new Promise((r) => setTimeout(r, downMs));
      temporal = await startTemporalDevServer({ port: temporalPort, dbFile: options.temporalDb });
    },
  };
}

describe('restarts while escalations fire', () => {
  it('Postgres down for a few seconds: every escalation is recorded once when it returns', async () => {
    const { system, restartPostgres } = await setUp({});
    await post(system, '/v1/directives', { id: 'd', number: '1/PG', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'pg' });
    const dueAt = new Date(Date.now() + 3000).toISOString();
    expect(
      (
        await post(system, '/v1/directives/d/tasks', {
          id: 'pg',
          title: 't',
          dueAt,
          assignees: { units: ['an-giang'] },
          policy: everySecondPolicy(1),
        })
      ).status,
    ).toBe(202);
    const workflowId = 'assignment/pg/an-giang';
    await eventually(async () => expect((await escalations(system, workflowId)).length).toBeGreaterThanOrEqual(2), 30_000, 200);
    await restartPostgres(4000);
    // Escalations due while the database was down are written when it returns; then the ladder goes on.
    const rows = await eventually(
      async () => {
        const r = await escalations(system, workflowId);
        expect(r.length).toBeGreaterThanOrEqual(12);
        return r;
      },
      60_000,
      500,
    );
    expectUnbrokenLadder(rows, 1000);
    const events = await system.deps.sql<
      { seq: number }[]
    >`SELECT seq FROM assignment_events WHERE workflow_id = ${workflowId} ORDER BY seq`;
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const notices = await system.deps.sql<{ n: number; distinct: number }[]>`
      SELECT count(*)::int AS n, count(DISTINCT seq)::int AS distinct FROM notifications WHERE workflow_id = ${workflowId} AND kind = 'escalation'`;
    expect(notices[0]!.n).toBe(notices[0]!.distinct);
  }, 180_000);

  it('Temporal dev server restarted from its file mid-ladder: escalations continue on schedule', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dondoc-fault-temporal-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const { system, restartTemporal } = await setUp({ temporalDb: join(dir, 'temporal.db'), temporalPort: await freePort() });
    await post(system, '/v1/directives', { id: 'd', number: '1/TMP', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'temporal' });
    const dueAt = new Date(Date.now() + 3000).toISOString();
    expect(
      (
        await post(system, '/v1/directives/d/tasks', {
          id: 'tmp',
          title: 't',
          dueAt,
          assignees: { units: ['an-giang'] },
          policy: everySecondPolicy(2),
        })
      ).status,
    ).toBe(202);
    const workflowId = 'assignment/tmp/an-giang';
    await eventually(async () => expect((await escalations(system, workflowId)).length).toBeGreaterThanOrEqual(2), 30_000, 200);
    await restartTemporal(2000);
    const before = (await escalations(system, workflowId)).length;
    const rows = await eventually(
      async () => {
        const r = await escalations(system, workflowId);
        expect(r.length).toBeGreaterThanOrEqual(before + 4);
        return r;
      },
      90_000,
      500,
    );
    expectUnbrokenLadder(rows, 2000);
  }, 240_000);
});
