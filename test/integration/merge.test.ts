/**
 * Reassigning open work onto a unit that already holds the task (a reorganisation's merge), on the
 * time-skipping server with real Postgres: the successor records the merge; a completed successor reopens.
 */
import { describe, expect, it } from 'vitest';
import { CALENDAR_DAYS_POLICY } from '../../domain/policy';
import { completeUpdate, reassignUpdate, stateQuery } from '../../workflows/contract';
import { insertTask } from '../support/database';
import { eventually } from '../support/eventually';
import { assignmentRow, COORDINATOR, eventsOf, startAssignment, thursdayAfter, UNIT_OFFICER } from '../support/lifecycle';
import { useTimeSkippingWorld } from '../support/temporal';

const world = useTimeSkippingWorld('merge');

async function twoUnits(taskId: string) {
  const dueOn = thursdayAfter(await world.env.currentTimeMs(), 28);
  await insertTask(world.db.sql, taskId, dueOn);
  const start = (unitCode: string) =>
    startAssignment(world.worker.client, world.worker.taskQueue, { taskId, dueOn, policy: CALENDAR_DAYS_POLICY, unitCode });
  const [successor, dissolved] = [await start('can-tho'), await start('soc-trang')];
  for (const h of [successor, dissolved]) {
    await eventually(async () => expect((await eventsOf(world.db.sql, h.workflowId)).map((e) => e.kind)).toContain('assigned'));
  }
  return { successor, dissolved };
}

describe('merging open work into the successor', () => {
  it('a running successor records the merge in its timeline', async () => {
    const { successor, dissolved } = await twoUnits('merge-open');
    await dissolved.executeUpdate(reassignUpdate, {
      args: [{ messageId: 'm1', actor: COORDINATOR, toUnit: 'can-tho', reason: 'reorganisation 2025' }],
    });
    await eventually(async () => {
      const merged = (await eventsOf(world.db.sql, successor.workflowId)).filter((e) => e.kind === 'merged');
      expect(merged).toHaveLength(1);
      expect(merged[0]!.data).toMatchObject({ predecessor: dissolved.workflowId, fromUnit: 'soc-trang', reopened: false });
    });
    expect((await assignmentRow(world.db.sql, dissolved.workflowId))?.status).toBe('reassigned');
  });

  it('a completed successor reopens, so the merged open work stays open and counted, and says so in its timeline', async () => {
    const { successor, dissolved } = await twoUnits('merge-closed');
    await successor.executeUpdate(completeUpdate, {
      args: [{ messageId: 'c', actor: { ...UNIT_OFFICER, unitCode: 'can-tho' }, note: 'done' }],
    });
    await eventually(async () => expect((await assignmentRow(world.db.sql, successor.workflowId))?.status).toBe('completed_on_time'));
    await dissolved.executeUpdate(reassignUpdate, {
      args: [{ messageId: 'm2', actor: COORDINATOR, toUnit: 'can-tho', reason: 'reorganisation 2025' }],
    });
    await eventually(async () => {
      const row = await assignmentRow(world.db.sql, successor.workflowId);
      expect(row?.status).toBe('not_due');
      const events = await eventsOf(world.db.sql, successor.workflowId);
      expect(events.map((e) => e.kind)).toEqual(['assigned', 'completed', 'merged']);
      expect(events.at(-1)!.data).toMatchObject({ predecessor: dissolved.workflowId, fromUnit: 'soc-trang', reopened: true });
    });
    const reopened = world.worker.client.workflow.getHandle(successor.workflowId);
    expect((await reopened.query(stateQuery)).completion).toBeNull();
    const [counted] = await world.db.sql<{ open: number }[]>`
      SELECT count(*)::int AS open FROM assignments WHERE task_id = 'merge-closed' AND status IN ('not_due', 'due_soon', 'overdue')`;
    expect(counted?.open).toBe(1);
  });
});
