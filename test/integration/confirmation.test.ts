/**
 * Completion as the Government Office counts it, on the time-skipping server with real Postgres: reports
 * confirmed or returned by the coordinator, reminders to a coordinator who does not decide, refusals.
 */
import { describe, expect, it } from 'vitest';
import { daySpreadOf } from '../../domain/day-spread';
import { addDays, atTimeVn, type IsoDate } from '../../domain/dates';
import { CALENDAR_DAYS_POLICY } from '../../domain/policy';
import {
  completeUpdate,
  confirmCompletionUpdate,
  declineUpdate,
  reassignUpdate,
  returnCompletionUpdate,
  stateQuery,
} from '../../workflows/contract';
import { insertTask } from '../support/database';
import { eventually } from '../support/eventually';
import { assignmentRow, closedState, COORDINATOR, eventsOf, startAssignment, thursdayAfter, UNIT_OFFICER } from '../support/lifecycle';
import { useTimeSkippingWorld } from '../support/temporal';

const world = useTimeSkippingWorld('confirmation');

const at8 = (day: IsoDate) => atTimeVn(day, '08:00').getTime();
async function sleepUntil(instant: number) {
  const now = await world.env.currentTimeMs();
  if (instant > now) await world.env.sleep(instant - now);
}
async function setUp(taskId: string) {
  const dueOn = thursdayAfter(await world.env.currentTimeMs(), 28);
  await insertTask(world.db.sql, taskId, dueOn);
  const handle = await startAssignment(world.worker.client, world.worker.taskQueue, {
    taskId,
    dueOn,
    policy: CALENDAR_DAYS_POLICY,
    confirmationRequired: true,
  });
  await eventually(async () => expect((await eventsOf(world.db.sql, handle.workflowId)).length).toBeGreaterThan(0));
  return { dueOn, handle };
}
const kinds = async (workflowId: string) => (await eventsOf(world.db.sql, workflowId)).map((e) => e.kind);

describe('report and confirm', () => {
  it('a report made before due and confirmed after due counts as on time; no escalation fires meanwhile; the coordinator is reminded', async () => {
    const { dueOn, handle } = await setUp('confirm-late');
    // Reported on Tuesday two days before due, with the unit's decision dated that day.
    await sleepUntil(at8(addDays(dueOn, -2)) + 3600_000);
    const reported = await handle.executeUpdate(completeUpdate, {
      args: [{ messageId: 'r1', actor: UNIT_OFFICER, note: 'done', documentNumber: '1234/QĐ-UBND', documentDate: addDays(dueOn, -2) }],
    });
    expect(reported.status).toBe('awaiting_confirmation');
    await sleepUntil(at8(addDays(dueOn, 8)) + 3600_000);
    const before = await eventsOf(world.db.sql, handle.workflowId);
    expect(before.filter((e) => e.kind === 'escalation')).toHaveLength(0);
    // Reminders to confirm: 3 and 6 working days after the Tuesday report (that Friday, then the next Wednesday).
    const reminders = before.filter((e) => e.kind === 'confirmation_reminder').map((e) => e.data.scheduledAt);
    // At 08:00 plus this workflow's spread into the hour after.
    const spread = daySpreadOf(handle.workflowId);
    expect(reminders).toEqual([at8(addDays(dueOn, 1)) + spread, at8(addDays(dueOn, 6)) + spread]);
    const notices = await world.db
      .sql`SELECT recipient_unit, recipient_role FROM notifications WHERE workflow_id = ${handle.workflowId} AND kind = 'confirmation_reminder'`;
    expect(notices.every((n) => n.recipient_unit === 'vpcp' && n.recipient_role === 'coordinator')).toBe(true);

    const confirmed = await handle.executeUpdate(confirmCompletionUpdate, { args: [{ messageId: 'c1', actor: COORDINATOR }] });
    expect(confirmed.status).toBe('completed_on_time');
    await closedState(handle);
    expect((await assignmentRow(world.db.sql, handle.workflowId))?.status).toBe('completed_on_time');
  });

  it('a report returned after the due date makes the assignment overdue and resumes escalations', async () => {
    const { dueOn, handle } = await setUp('returned');
    // An hour after that day's reminder: the time-skipping server can stall an update that lands on the very
    // instant a timer fires (seen with temporal-test-server 1.40).
    await sleepUntil(at8(addDays(dueOn, -1)) + 3600_000);
    await handle.executeUpdate(completeUpdate, { args: [{ messageId: 'r1', actor: UNIT_OFFICER, note: 'done' }] });
    await sleepUntil(at8(addDays(dueOn, 5)) + 3600_000);
    expect(await kinds(handle.workflowId)).not.toContain('escalation');
    const returned = await handle.executeUpdate(returnCompletionUpdate, {
      args: [{ messageId: 'x1', actor: COORDINATOR, reason: 'annex missing' }],
    });
    expect(returned.status).toBe('overdue');
    expect(returned.completion).toBeNull();
    await sleepUntil(at8(addDays(dueOn, 7)) + 3600_000);
    const events = await eventually(async () => {
      const rows = await eventsOf(world.db.sql, handle.workflowId);
      expect(rows.some((e) => e.kind === 'escalation')).toBe(true);
      return rows;
    });
    const escalations = events.filter((e) => e.kind === 'escalation');
    expect(escalations.map((e) => [e.data.rung, e.data.scheduledAt])).toEqual([
      ['coordinator', at8(addDays(dueOn, 7)) + daySpreadOf(handle.workflowId)],
    ]);
    expect((await assignmentRow(world.db.sql, handle.workflowId))?.status).toBe('overdue');
  });
});

describe('refusal', () => {
  it('reminders continue while a refusal is pending; reassignment then keeps both units in the history', async () => {
    const { dueOn, handle } = await setUp('declined');
    const declined = await handle.executeUpdate(declineUpdate, {
      args: [{ messageId: 'd1', actor: UNIT_OFFICER, reason: 'outside our remit: a ministry matter' }],
    });
    expect(declined.refusal?.reason).toMatch(/remit/);
    await sleepUntil(at8(addDays(dueOn, -7)) + 3600_000);
    expect(await kinds(handle.workflowId)).toContain('reminder');
    await handle.executeUpdate(reassignUpdate, {
      args: [{ messageId: 'm1', actor: COORDINATOR, toUnit: 'bo-tttt', reason: 'declined by an-giang' }],
    });
    const successor = world.worker.client.workflow.getHandle('assignment/declined/bo-tttt');
    const state = await eventually(() => successor.query(stateQuery));
    expect(state).toMatchObject({ unitCode: 'bo-tttt', originalUnit: 'an-giang', predecessorWorkflowId: handle.workflowId });
    expect(await kinds(handle.workflowId)).toEqual(['assigned', 'declined', 'reminder', 'reassigned']);
    await eventually(async () => expect(await kinds('assignment/declined/bo-tttt')).toContain('assigned'));
  });
});
