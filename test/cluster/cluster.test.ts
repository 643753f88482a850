/**
 * The system on the Temporal cluster (`npm run test:cluster`): /healthz reports the cluster the frontend describes,
 * with Postgres as its persistence and visibility store; the API and the worker run on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_SHARDS } from '../../dev/temporal-cluster';
import { TEMPORAL_SERVER_VERSION } from '../../dev/temporal-server';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/system';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.shutdown();
});

describe('the cluster', () => {
  it('/healthz reports the Temporal cluster with Postgres persistence', async () => {
    const res = await system.api('/healthz', { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      temporalCluster: { serverVersion: TEMPORAL_SERVER_VERSION, historyShardCount: HISTORY_SHARDS, name: 'dondoc' },
    });
    expect(res.body.temporalCluster.persistenceStore).toMatch(/^postgres/);
    expect(res.body.temporalCluster.visibilityStore).toMatch(/^postgres/);
  });

  it('runs an assignment to completion on the cluster', async () => {
    await system.api('/v1/directives', {
      body: { id: 'c', number: '1/CLUSTER', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'cluster' },
    });
    const created = await system.api('/v1/directives/c/tasks', {
      body: { id: 'on-cluster', title: 'Report', dueOn: '2099-12-31', assignees: { units: ['an-giang'] } },
    });
    expect(created.status).toBe(202);
    await eventually(
      async () => expect((await system.api('/v1/tasks/on-cluster/assignments/an-giang')).body.timeline?.length).toBeGreaterThan(0),
      30_000,
      250,
    );
    const done = await system.api('/v1/tasks/on-cluster/assignments/an-giang/complete', { body: { note: 'done' } });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('completed_on_time');
  });
});
