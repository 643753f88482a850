/**
 * Fault on the cluster: the Postgres that holds both dondoc's tables and Temporal's stores restarts while an
 * assignment escalates every 2 s. The Temporal services and dondoc reconnect; every escalation is recorded once and
 * the ladder continues on its schedule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/system';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.shutdown();
});

/** Each escalation's planned instant, and how many top-rung repeats it stands for (more than one after downtime). */
async function escalationsCovering(workflowId: string): Promise<{ at: number; covers: number }[]> {
  const rows = await system.deps.sql<{ data: { scheduledAt: number; missedRepeats?: number } }[]>`
    SELECT data FROM assignment_events WHERE workflow_id = ${workflowId} AND kind = 'escalation' ORDER BY seq`;
  return rows.map((r) => ({ at: Number(r.data.scheduledAt), covers: r.data.missedRepeats ?? 1 }));
}
const escalations = async (workflowId: string) => (await escalationsCovering(workflowId)).map((e) => e.at);

describe('Postgres restarted under the cluster', () => {
  it('every escalation is recorded once and the ladder goes on', async () => {
    await system.api('/v1/directives', { body: { id: 'd', number: '1/PGC', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'pg' } });
    const dueAt = new Date(Date.now() + 2_000).toISOString();
    const policy = {
      reminders: [],
      escalations: [{ after: { duration: 'PT1S' }, rung: 'coordinator' }],
      repeatTopRungEvery: { duration: 'PT2S' },
    };
    const created = await system.api('/v1/directives/d/tasks', {
      body: { id: 'pg', title: 't', dueAt, assignees: { units: ['an-giang'] }, policy },
    });
    expect(created.status).toBe(202);
    const workflowId = 'assignment/pg/an-giang';
    await eventually(async () => expect((await escalations(workflowId)).length).toBeGreaterThanOrEqual(2), 30_000, 200);

    const restarted = await fetch(`${inject('clusterControlUrl')}/postgres/restart?downMs=4000`, { method: 'POST' });
    expect(restarted.status).toBe(204);
    const before = (await escalations(workflowId).catch(() => [])).length;
    const scheduled = await eventually(
      async () => {
        const s = await escalations(workflowId);
        expect(s.length).toBeGreaterThanOrEqual(Math.max(before, 2) + 4);
        return s;
      },
      120_000,
      500,
    );
    expect(new Set(scheduled).size).toBe(scheduled.length);
    // Every planned repeat accounted for once: one after another, or after downtime one escalation standing for several.
    const ladder = await escalationsCovering(workflowId);
    for (let i = 1; i < ladder.length; i += 1) expect(ladder[i]!.at - ladder[i - 1]!.at).toBe(2000 * ladder[i - 1]!.covers);
    const events = await system.deps.sql<
      { seq: number }[]
    >`SELECT seq FROM assignment_events WHERE workflow_id = ${workflowId} ORDER BY seq`;
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const health = await system.api('/healthz', { token: null });
    expect(health.status).toBe(200);
  });
});
