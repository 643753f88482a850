/**
 * Backpressure of a batch of starts (activities/start-assignments.ts): the batch returns only once the workflows
 * it started have recorded their first event (all but the last 16), so a fan-out cannot run ahead of the
 * assignments it starts; with nobody to run them it gives up after the stall bound instead of hanging.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { createStartAssignments } from '../../activities/start-assignments';
import { WEEKENDS_ONLY } from '../../domain/calendar';
import { CALENDAR_DAYS_POLICY } from '../../domain/policy';
import type { AssignmentInput } from '../../workflows/contract';
import { insertTask } from '../support/database';
import { thursdayAfter } from '../support/lifecycle';
import { useTimeSkippingWorld } from '../support/temporal';

const world = useTimeSkippingWorld('backpressure');
const BATCH = 40;
const SLACK = 16;

async function batchOf(taskId: string): Promise<AssignmentInput[]> {
  const dueOn = thursdayAfter(await world.env.currentTimeMs(), 28);
  await insertTask(world.db.sql, taskId, dueOn);
  return Array.from({ length: BATCH }, (_, i) => ({
    taskId,
    directiveId: 'test-directive',
    unitCode: `unit-${i}`,
    dueOn,
    policy: CALENDAR_DAYS_POLICY,
    calendar: WEEKENDS_ONLY,
    coordinatorUnit: 'vpcp',
    confirmationRequired: false,
  }));
}

const recorded = async (taskId: string) =>
  (await world.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM assignments WHERE task_id = ${taskId} AND version >= 1`)[0]!.n;

describe('a batch of starts waits for the workflows it started', () => {
  it('returns once all but the last 16 have recorded their assignment', async () => {
    const start = createStartAssignments(world.env.client, world.worker.taskQueue, { sql: world.db.sql, pollMs: 50 });
    const result = (await new MockActivityEnvironment().run(start, await batchOf('bp-served'))) as Awaited<ReturnType<typeof start>>;
    expect(result.started).toHaveLength(BATCH);
    expect(await recorded('bp-served')).toBeGreaterThanOrEqual(BATCH - SLACK);
  });

  it('gives up after the stall bound when nothing runs the workflows, and heartbeats meanwhile', async () => {
    const stallMs = 1500;
    // A task queue no worker polls: none of the workflows can record anything.
    const start = createStartAssignments(world.env.client, 'backpressure-unserved', { sql: world.db.sql, pollMs: 50, stallMs });
    const activity = new MockActivityEnvironment();
    const beats: unknown[] = [];
    activity.on('heartbeat', (d: unknown) => beats.push(d));
    const t0 = Date.now();
    const result = (await activity.run(start, await batchOf('bp-unserved'))) as Awaited<ReturnType<typeof start>>;
    expect(result.started).toHaveLength(BATCH);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(stallMs);
    expect(await recorded('bp-unserved')).toBe(0);
    expect(beats).toContainEqual({ waitingFor: BATCH });
  });
});
